package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/assurehq/assure/generator"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/serve"
	"github.com/assurehq/assure/internal/example"
	"github.com/spf13/cobra"
)

func newServeCmd() *cobra.Command {
	var addr, today string
	var withExample bool
	cmd := &cobra.Command{
		Use:   "serve [DIR]",
		Short: "Preview the portal in a browser",
		Long: `serve builds the portal of the compliance repository in DIR (default: the current
folder) in memory and serves it on --addr (default 127.0.0.1:1313): the same files
build would write. Live reload on save comes with issue #6; until then, restart it.`,
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
			} else if dir, err = dirArg(args); err != nil {
				return err
			}
			site, res, err := generator.Build(dir, generator.BuildOptions{
				Options: generator.Options{Today: day, WorkingCopy: true, CacheDir: generator.DefaultCacheDir()},
			})
			if err != nil {
				return err
			}
			diags := res.Diagnostics.Rebase(dir)
			diag.WriteText(cmd.ErrOrStderr(), diags)
			if site == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: fix them to preview the portal\n", diags.Summary())
				return errProblems
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usagef("assure serve --addr 127.0.0.1:PORT, with a free port", "cannot listen on %s: %v", addr, err)
			}
			srv := &http.Server{Handler: serve.NewHandler(site), ReadHeaderTimeout: 10 * time.Second}
			fmt.Fprintf(cmd.OutOrStdout(), "Serving %s at http://%s/ (Ctrl-C to stop)\n", dir, ln.Addr())
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() {
				<-ctx.Done()
				shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
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
	return cmd
}
