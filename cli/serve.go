package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/server"
)

func newServeCmd(stdout, stderr io.Writer) *cobra.Command {
	var file, addr, api string
	var noSleep bool
	var seed int64
	cmd := &cobra.Command{
		Use:   "serve -f WORKSPACE [--addr 127.0.0.1:3000]",
		Short: "Serve the workspace's APIs over real HTTP, like an execute-api endpoint",
		Long: `serve answers real HTTP requests through the simulated gateway, on paths as a
client calls API Gateway: /{stage}/{path}. Point curl, a browser or your app's tests at
it. Each request is logged on stderr with its status and simulated latency.

Responses wait for their simulated latency (a 31 s function answers 504 after 29 s, as
on AWS); --no-sleep answers at once. A Host header of {apiId}.execute-api.… picks the
API, otherwise --api (default: the workspace's first). It listens on 127.0.0.1 unless
--addr says otherwise. Stop it with Ctrl+C.`,
		Example: `  apigwlab serve -f examples/pets.yaml
  curl -i http://127.0.0.1:3000/prod/pets
  curl -i -H 'x-api-key: alice-key-0123456789' http://127.0.0.1:3000/prod/admin/stats`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" {
				return usagef("serve needs a workspace: -f FILE (try -f examples/pets.yaml)")
			}
			ws, err := model.Load(file)
			if err != nil {
				return usageError{err}
			}
			s := uint64(seed)
			if s == 0 {
				s = uint64(time.Now().UnixNano())
			}
			gw, err := engine.New(ws, engine.Options{Clock: clock.Real{}, Seed: s, HTTPClient: &http.Client{}})
			if err != nil {
				return usageError{err}
			}
			if api != "" && !hasAPI(gw, api) {
				return usagef("no REST API named %q in %s; APIs: %s", api, file, apiNames(gw))
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usageError{fmt.Errorf("listen on %s: %w (is another server using the port? try --addr 127.0.0.1:3001)", addr, err)}
			}
			srv := &http.Server{Handler: server.Handler(gw, server.Options{API: api, Sleep: !noSleep, Log: stderr}),
				ReadHeaderTimeout: 10 * time.Second}
			base := "http://" + ln.Addr().String()
			fmt.Fprintf(stdout, "Serving %s on %s\n", file, base)
			for _, a := range gw.APIs() {
				for _, st := range a.Stages {
					fmt.Fprintf(stdout, "  %s (%s): %s/%s/\n", a.Name, a.ID, base, st)
				}
			}
			fmt.Fprintln(stdout, "Press Ctrl+C to stop.")
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			select {
			case <-ctx.Done():
				shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				srv.Shutdown(shut)
				fmt.Fprintln(stdout, "Stopped.")
				return nil
			case err := <-errc:
				if errors.Is(err, http.ErrServerClosed) {
					return nil
				}
				return err
			}
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&file, "file", "f", "", "workspace file (YAML)")
	fl.StringVar(&addr, "addr", "127.0.0.1:3000", "address to listen on")
	fl.StringVar(&api, "api", "", "REST API for requests whose Host names none (default: the first)")
	fl.BoolVar(&noSleep, "no-sleep", false, "answer at once instead of waiting for the simulated latency")
	fl.Int64Var(&seed, "seed", 0, "seed for request ids and simulated latency (default: random)")
	return cmd
}
