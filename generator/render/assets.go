package render

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Assets are the bundled, minified, fingerprinted theme files, by their
// entry name ("app.js", "style.css") and output path.
type Assets map[string]string

// bundle builds the theme's entry points with esbuild, in memory, reading
// sources from the theme's file system: users need no Node.
func bundle(theme fs.FS, site *Site) (Assets, error) {
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
	assets := Assets{}
	for _, f := range result.OutputFiles {
		name := path.Base(f.Path)
		out := "assets/" + name
		site.Add(out, f.Contents)
		base, _, _ := strings.Cut(name, "-")
		assets[base+path.Ext(name)] = out
	}
	return assets, nil
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
