package main

import (
	"errors"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/internal/shellword"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// packageTry is the package command a hint proposes: the user's own flags
// and folder, each value passed through fix (which may drop it by
// returning ""), then more. Quoted for the shell: copied, it means what
// the user wrote.
func packageTry(cmd *cobra.Command, args []string, fix func(flag, value string) string, more ...string) string {
	words := []string{"assure package"}
	cmd.Flags().Visit(func(f *pflag.Flag) {
		values := []string{f.Value.String()}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			values = sv.GetSlice()
		}
		for _, v := range values {
			if fix != nil {
				v = fix(f.Name, v)
			}
			switch {
			case v == "":
			case f.Value.Type() == "bool":
				words = append(words, "--"+f.Name)
			case f.Shorthand != "":
				words = append(words, "-"+f.Shorthand, shellword.Quote(v))
			default:
				words = append(words, "--"+f.Name, shellword.Quote(v))
			}
		}
	})
	words = append(words, more...)
	for _, a := range args {
		words = append(words, shellword.Quote(a))
	}
	return strings.Join(words, " ")
}

// unknownSelectionTry is the user's command with the unknown control or
// request replaced by the nearest published one, or, with none near,
// without it and with --all (controls) or without it (requests).
func unknownSelectionTry(cmd *cobra.Command, args []string, err error) (string, bool) {
	u, ok := errors.AsType[*generator.UnknownSelection](err)
	if !ok {
		return "", false
	}
	var more []string
	if u.Nearest == "" && u.Kind == "control" && !flagHasOther(cmd, "control", u.ID) {
		more = append(more, "--all")
	}
	return packageTry(cmd, args, func(flag, v string) string {
		if flag == u.Kind && v == u.ID {
			return u.Nearest
		}
		if flag == "all" && v == "false" {
			return ""
		}
		return v
	}, more...), true
}

// flagHasOther reports whether a slice flag holds a value besides id.
func flagHasOther(cmd *cobra.Command, name, id string) bool {
	f := cmd.Flags().Lookup(name)
	sv, ok := f.Value.(pflag.SliceValue)
	return ok && slices.ContainsFunc(sv.GetSlice(), func(v string) bool { return v != id })
}
