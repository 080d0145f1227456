package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/history"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/generator/render"
	"github.com/assurehq/assure/generator/serve"
	"github.com/assurehq/assure/internal/example"
	"github.com/spf13/cobra"
)

func newServeCmd() *cobra.Command {
	var addr, today string
	var withExample, open bool
	cmd := &cobra.Command{
		Use:   "serve [DIR]",
		Short: "Preview the portal, rebuilding it on every save",
		Long: `serve builds the portal of the compliance repository in DIR (default: the current
folder) in memory and serves it on --addr (default 127.0.0.1:1313): the same files
build writes, plus a live-reload script. Every save rebuilds it and reloads the
browser, keeping its scroll position; a document with errors, or a build whose
pages would publish a credential (which build would refuse too), leaves the last
good build online and shows the problems over the page until they are fixed. Pages with
uncommitted changes are marked "working copy".`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := parseToday(today)
			if err != nil {
				return err
			}
			var dir string
			if withExample {
				if len(args) > 0 {
					return usagef("assure serve --example", "--example serves the example, not %s", args[0])
				}
				if dir, err = os.MkdirTemp("", "assure-example-"); err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				if err := example.Write(dir); err != nil {
					return err
				}
			} else if dir, err = repoArg(cmd.Name(), args); err != nil {
				return err
			}
			memo, cache := &history.Memo{}, load.NewCache()
			build := func() (*render.Site, diag.List, error) {
				site, res, err := generator.Build(dir, generator.BuildOptions{
					Options: generator.Options{Today: day, WorkingCopy: true, CacheDir: generator.DefaultCacheDir(), HistoryMemo: memo, LoadCache: cache},
					// Every file is made, and the publication gate reads
					// them all, before the build is served: one build
					// would refuse is not served either.
					Reload: serve.ReloadScript,
				})
				if res == nil {
					return site, nil, err
				}
				return site, res.Diagnostics.Rebase(dir), err
			}
			live, diags, err := serve.NewLive(dir, build)
			if err != nil {
				return err
			}
			stderr := cmd.ErrOrStderr()
			diag.WriteText(stderr, diags)
			fmt.Fprintln(stderr, diags.Summary())
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usagef("assure serve --addr 127.0.0.1:PORT, with a free port", "cannot listen on %s: %v", addr, err)
			}
			url := fmt.Sprintf("http://%s/", ln.Addr())
			srv := &http.Server{Handler: serve.Guard(live, addr, ln.Addr().String()), ReadHeaderTimeout: 10 * time.Second}
			fmt.Fprintf(cmd.OutOrStdout(), "Serving %s at %s (Ctrl-C to stop)\n", dir, url)
			if open {
				openBrowser(url)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() {
				err := live.Watch(ctx, func(d diag.List, err error, took time.Duration) {
					errs, _ := d.Counts()
					switch {
					case err != nil:
						fmt.Fprintf(stderr, "rebuild failed: %v\n", err)
					case errs > 0:
						diag.WriteText(stderr, d)
						fmt.Fprintf(stderr, "%s: still serving the last good build\n", d.Summary())
					default:
						fmt.Fprintf(stderr, "rebuilt in %s (%s)\n", took.Round(time.Millisecond), d.Summary())
					}
				})
				if err != nil {
					fmt.Fprintf(stderr, "watching %s: %v\n", dir, err)
				}
			}()
			go func() {
				<-ctx.Done()
				shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				srv.Shutdown(shutdown)
			}()
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:1313", "address to listen on")
	cmd.Flags().StringVar(&today, "today", "", "the date to compute the portal's facts for (YYYY-MM-DD)")
	cmd.Flags().BoolVar(&withExample, "example", false, "serve the Tessellate example (written to a temporary folder, with its git history)")
	cmd.Flags().BoolVar(&open, "open", false, "open the portal in the default browser")
	return cmd
}

func openBrowser(url string) {
	name := "xdg-open"
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name = "explorer"
	}
	exec.Command(name, url).Start()
}
