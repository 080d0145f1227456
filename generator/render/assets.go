package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// Assets are the bundled, minified, fingerprinted theme files, by their
// entry name ("app.js", "style.css") and output path.
type Assets map[string]string

// bundled remembers bundles by the theme's sources: serve rebuilds the
// site on every save, and the theme rarely changes.
var bundled sync.Map // sha256 of the sources → []api.OutputFile

// bundle builds the theme's entry points with esbuild, in memory, reading
// sources from the theme's file system: users need no Node.
func bundle(theme fs.FS, site *Site) (Assets, error) {
	key, err := sourcesKey(theme)
	if err != nil {
		return nil, err
	}
	outputs, ok := bundled.Load(key)
	if !ok {
		files, err := runEsbuild(theme)
		if err != nil {
			return nil, err
		}
		outputs, _ = bundled.LoadOrStore(key, files)
	}
	assets := Assets{}
	for _, f := range outputs.([]api.OutputFile) {
		name := path.Base(f.Path)
		out := "assets/" + name
		site.Add(out, f.Contents)
		// Its fingerprint looks like a token to the gate, and is ours.
		site.gate.Know(out)
		base, _, _ := strings.Cut(name, "-")
		assets[base+path.Ext(name)] = out
	}
	return assets, nil
}

// sourcesKey fingerprints the theme's assets folder.
func sourcesKey(theme fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(theme, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

func runEsbuild(theme fs.FS) ([]api.OutputFile, error) {
	entries := []string{"assets/app.ts", "assets/style.css"}
	result := api.Build(api.BuildOptions{
		EntryPoints:       entries,
		Bundle:            true,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Target:            api.ES2020,
		Format:            api.FormatIIFE,
		Outdir:            "out",
		EntryNames:        "[name]-[hash]",
		Write:             false,
		LogLevel:          api.LogLevelSilent,
		Plugins:           []api.Plugin{themeFS(theme)},
		Charset:           api.CharsetUTF8,
	})
	if len(result.Errors) > 0 {
		var msgs []string
		for _, m := range result.Errors {
			loc := ""
			if m.Location != nil {
				loc = fmt.Sprintf("%s:%d:%d: ", m.Location.File, m.Location.Line, m.Location.Column+1)
			}
			msgs = append(msgs, loc+m.Text)
		}
		return nil, fmt.Errorf("bundling the theme: %s", strings.Join(msgs, "; "))
	}
	return result.OutputFiles, nil
}

// themeFS lets esbuild read the theme from an fs.FS (the embedded theme, or
// a folder named in assure.yaml) instead of the working directory.
func themeFS(theme fs.FS) api.Plugin {
	return api.Plugin{
		Name: "theme-fs",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				p := args.Path
				if args.Importer != "" && (strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../")) {
					p = path.Join(path.Dir(args.Importer), p)
				}
				p = strings.TrimPrefix(path.Clean(p), "/")
				if path.Ext(p) == "" {
					p += ".ts"
				}
				return api.OnResolveResult{Path: p, Namespace: "theme"}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "theme"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				data, err := fs.ReadFile(theme, args.Path)
				if err != nil {
					return api.OnLoadResult{}, err
				}
				contents := string(data)
				loader := api.LoaderTS
				if path.Ext(args.Path) == ".css" {
					loader = api.LoaderCSS
				}
				return api.OnLoadResult{Contents: &contents, Loader: loader}, nil
			})
		},
	}
}
