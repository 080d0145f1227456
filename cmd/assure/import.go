package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/assurehq/assure/generator/comply"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/internal/safefs"
	"github.com/spf13/cobra"
)

func newImportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Convert another tool's compliance project into assure's layout",
	}
	cmd.AddCommand(newImportComplyCmd())
	return cmd
}

func newImportComplyCmd() *cobra.Command {
	var (
		owner, author string
		asJSON        bool
	)
	cmd := &cobra.Command{
		Use:   "comply SRC DIR --owner NAME",
		Short: "Convert a strongdm/comply project (comply.yml, policies, procedures, narratives) into assure's layout",
		Long: `import comply converts the comply project SRC (the folder holding comply.yml) into the
compliance repository DIR: front matter between --- lines, policies POL-<acronym>,
procedures SOP-<id> with the frequency their cron fills, narratives as policies under
policies/narratives/, one control per criterion in satisfies (controls/comply.yaml)
listed by the documents citing it, majorRevisions kept in the body as a revision
table, {{.Name}} filled in from comply.yml, and --owner as every owner. A criterion
that is not one (CC9.9) is reported with the closest one, and kept in its control so
that check reports it until it is corrected.

When SRC and DIR are in the same git repository, the documents are moved in a commit
of renames only, then rewritten in a second commit, so that git and assure keep each
document's history; the repository must have nothing staged and the documents must be
committed as they are. Otherwise DIR is written as a new repository (git init and one
commit when DIR is in no repository). Commits are by --author, or git's user.name and
user.email. Existing files are never overwritten; comply.yml and standards/ are left
where they are.

Exit status: 0 when converted without errors (warnings are printed), 1 when it found
an error (reported at SRC's file:line:col), 2 when assure was called wrongly or refused
to write.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(owner) == "" {
				return usagef("assure import comply "+args[0]+" "+args[1]+" --owner 'Ada Lovelace'", "--owner is required: comply documents name no owner, and assure requires one")
			}
			rep, err := comply.Import(args[0], args[1], comply.Options{Owner: strings.TrimSpace(owner)}, comply.WriteOptions{Author: author})
			if err := importError(err, args); err != nil {
				return err
			}
			rep.Diagnostics = rep.Diagnostics.Rebase(args[0])
			if asJSON {
				if err := writeJSON(cmd.OutOrStdout(), rep); err != nil {
					return err
				}
			} else {
				if err := rep.WriteText(cmd.OutOrStdout()); err != nil {
					return err
				}
				diag.WriteText(cmd.ErrOrStderr(), rep.Diagnostics)
				fmt.Fprintln(cmd.ErrOrStderr(), rep.Summary())
			}
			if errs, _ := rep.Diagnostics.Counts(); errs > 0 {
				return errProblems
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&owner, "owner", "", "the owner of every converted document and control (required: comply has none)")
	f.StringVar(&author, "author", "", "who the import's commits are by, as 'Name <email>' (git's user.name and user.email when not given)")
	f.BoolVar(&asJSON, "json", false, "print what was converted, invented and dropped as JSON")
	return cmd
}

// importError maps what stopped an import to a message and its fix.
func importError(err error, args []string) error {
	if err == nil {
		return nil
	}
	try := "assure import comply SRC DIR --owner NAME, with SRC the folder holding comply.yml"
	switch {
	case errors.Is(err, comply.ErrNotComply), errors.Is(err, fs.ErrNotExist):
		return usagef(try, "%s: %v", args[0], err)
	case errors.As(err, new(comply.IdentityError)):
		return usagef("--author 'Ada Lovelace <ada@acme.io>', or git config --global user.name and user.email", "%v", err)
	}
	if r, ok := errors.AsType[*comply.RefusedError](err); ok {
		return usagef(r.Fix, "%v", err)
	}
	if link, ok := errors.AsType[*safefs.LinkError](err); ok {
		return usagef(fmt.Sprintf("remove the link %s, and import again", link.Path), "%v", err)
	}
	return err
}
