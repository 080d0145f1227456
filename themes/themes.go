// Package themes embeds the portal's default theme: html/template layouts in
// default/layouts and the TypeScript and CSS in default/assets, which
// `assure build` bundles with esbuild. A compliance repo may override layouts
// by name with `theme: DIR` in assure.yaml.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var embedded embed.FS

// Default is the default theme, rooted at its folder.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err)
	}
	return sub
}
