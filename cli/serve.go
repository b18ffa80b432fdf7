package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/server"
)

func newServeCmd(stdout, stderr io.Writer) *cobra.Command {
	var file, addr, api, stateDir string
	var noSleep, watch bool
	var seed, bodyBudgetMB int64
	cmd := &cobra.Command{
		Use:   "serve -f WORKSPACE [--addr 127.0.0.1:3000] [--watch] [--state DIR]",
		Short: "Serve the workspace's APIs over real HTTP, like an execute-api endpoint",
		Long: `serve answers real HTTP requests through the simulated gateway, on paths as a
client calls API Gateway: /{stage}/{path}. Point curl, a browser or your app's tests at
it. Each request is logged on stderr with its status and simulated latency.

Responses wait for their simulated latency (a 31 s function answers 504 after 29 s, as
on AWS); --no-sleep answers at once. A Host header of {apiId}.execute-api.… picks the
API, otherwise --api (default: the workspace's first). It listens on 127.0.0.1 unless
--addr says otherwise (--addr 127.0.0.1:0 picks a free port).

--watch redeploys the workspace when its file (or an OpenAPI file it imports) changes, to
every stage, as if you ran create-deployment for each (on AWS, and in the TUI after E, a
change waits for create-deployment): requests already running finish on the old version;
a file that does not validate is reported with file:line and the old version keeps serving.

Limits as on AWS: a body over 10 MB gets 413 "HTTP content length exceeded 10485760
bytes." without being read. Slow clients time out (headers 10 s, whole request 60 s).
Bodies are read as they arrive, never allocated from a declared Content-Length; all
bodies in flight share --body-budget MB (default 128), and one that cannot get memory
within 5 s is answered 503 (apigwlab's limit, not AWS's).
Ctrl+C (or SIGTERM) stops accepting, lets requests in flight finish for up to 30 s, and
exits 0; a second Ctrl+C stops at once.

--state DIR keeps what control-plane clients (aws apigateway --endpoint-url …) create and
change across restarts: after each change serve writes the whole workspace to
DIR/workspace.yaml (atomically: a temporary file renamed over it), and at start it loads
that file when it exists. The state wins over -f's file, which is then not read (the
banner says so); delete DIR/workspace.yaml to start again from -f. Without -f and without
a state file, serve starts with no APIs. The state file is a workspace file: edit it,
validate it, or keep it with apigwlab export -f DIR/workspace.yaml --format workspace.
Stages keep the deployments they serve (REST APIs); usage counters, caches and metrics
start empty, as after any restart. docs/control-plane.md says what is kept.`,
		Example: `  apigwlab serve -f examples/pets.yaml
  curl -i http://127.0.0.1:3000/prod/pets
  curl -i -H 'x-api-key: alice-key-0123456789' http://127.0.0.1:3000/prod/admin/stats
  apigwlab serve -f examples/cors.yaml --watch --addr 127.0.0.1:3001
  apigwlab serve -f examples/pets.yaml --state .apigwlab-state`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if file == "" && stateDir == "" {
				return usagef("serve needs a workspace: -f FILE (try -f examples/pets.yaml), or --state DIR")
			}
			if watch && file == "" {
				return usagef("--watch needs -f FILE: it redeploys when that file changes")
			}
			if bodyBudgetMB < 10 {
				return usagef("--body-budget %d: want at least 10 (MB), so that one 10 MB body fits", bodyBudgetMB)
			}
			load := func() (*engine.Gateway, []string, error) {
				gw, _, files, err := loadServed(file, api, seed)
				return gw, files, err
			}
			var saver *stateSaver
			var stateWS *model.Workspace
			shown, stateLine := file, ""
			if stateDir != "" {
				saver = &stateSaver{path: stateFile(stateDir)}
				var err error
				if stateWS, err = loadState(stateDir, file); err != nil {
					return usageError{err}
				}
				switch {
				case stateWS != nil:
					shown = saver.path
					stateLine = "State: " + saver.path + " loaded; kept after each control-plane change (delete it to start again with no APIs)."
					if file != "" {
						stateLine = "State: " + saver.path + " loaded: it wins over " + file + " (delete it to start again from the file); kept after each control-plane change."
					}
				case file == "":
					if stateWS, err = emptyWorkspace(stateDir); err != nil {
						return usageError{err}
					}
					shown = saver.path
					stateLine = "State: no APIs yet; what control-plane clients create is kept in " + saver.path + "."
				default:
					stateLine = "State: what control-plane clients change is kept in " + saver.path + " (loaded instead of " + file + " at the next start)."
				}
			}
			var gw *engine.Gateway
			var ws *model.Workspace
			var files []string
			var err error
			if stateWS != nil {
				gw, err = deployServed(stateWS, shown, api, seed)
				ws = stateWS
				if file != "" {
					files = []string{file} // --watch still watches -f: a save replaces the state
				}
			} else {
				gw, ws, files, err = loadServed(file, api, seed)
			}
			if err != nil {
				return usageError{err}
			}
			if saver != nil {
				// written now, so a bad DIR shows at once and the file exists from the start
				if err := saver.save(gw); err != nil {
					gw.Close()
					return usageError{fmt.Errorf("--state %s: %w", stateDir, err)}
				}
			}
			// Function processes stop with the server; a replaced gateway's stop once the
			// requests it was answering have had their integration timeout to finish.
			var liveMu sync.Mutex
			live := gw
			defer func() {
				liveMu.Lock()
				live.Close()
				liveMu.Unlock()
			}()
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usageError{listenError(addr, err)}
			}
			if w := exposedWarning(ln.Addr()); w != "" {
				fmt.Fprintln(stderr, w)
			}
			// Request lines (stderr) and reload messages may come from several goroutines.
			logw := &lockedWriter{w: stderr}
			opts := server.Options{API: api, Sleep: !noSleep, Log: logw, BodyBudget: bodyBudgetMB << 20}
			if saver != nil {
				opts.Changed = func(gw *engine.Gateway) {
					if err := saver.save(gw); err != nil {
						fmt.Fprintf(logw, "%s %v\n", time.Now().Format("15:04:05"), err)
					}
				}
			}
			h := server.New(gw, opts)
			srv := server.HTTPServer(h)
			base := "http://" + ln.Addr().String()
			printBanner(stdout, shown, base, gw, ws, api, watch, stateLine)

			ctx, cancel := context.WithCancel(cmd.Context())
			defer cancel()
			if watch {
				r := &server.Reloader{Server: h, Load: load,
					Reloaded: func(gw *engine.Gateway) {
						liveMu.Lock()
						old := live
						live = gw
						liveMu.Unlock()
						time.AfterFunc(30*time.Second, old.Close)
						if saver != nil {
							opts.Changed(gw) // the file's new version is what serves, and what is kept
						}
						fmt.Fprintf(stdout, "%s reloaded %s: %s\n", time.Now().Format("15:04:05"), file, apiSummary(gw))
					},
					Failed: func(err error) {
						fmt.Fprintf(logw, "%s %s did not reload; still serving the previous version:\n%s\n",
							time.Now().Format("15:04:05"), file, indent(err.Error()))
					}}
				r.Start(ctx, files)
			}

			sigs := make(chan os.Signal, 2)
			signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
			defer signal.Stop(sigs)
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			select {
			case err := <-errc:
				return fmt.Errorf("serve on %s: %w", base, err)
			case <-ctx.Done():
			case <-sigs:
			}
			cancel()
			return shutdown(srv, h, sigs, stdout)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&file, "file", "f", "", "workspace file (YAML)")
	fl.StringVar(&addr, "addr", "127.0.0.1:3000", "address to listen on (127.0.0.1:0: any free port)")
	fl.StringVar(&api, "api", "", "REST API for requests whose Host names none (default: the first)")
	fl.BoolVar(&noSleep, "no-sleep", false, "answer at once instead of waiting for the simulated latency")
	fl.BoolVar(&watch, "watch", false, "redeploy when the workspace file changes (polled every 500 ms)")
	fl.Int64Var(&seed, "seed", 0, "seed for request ids and simulated latency (default: random)")
	fl.StringVar(&stateDir, "state", "", "keep what control-plane clients change in DIR/workspace.yaml, and load it at start (it wins over -f)")
	fl.Int64Var(&bodyBudgetMB, "body-budget", server.DefaultBodyBudget>>20, "MB all request bodies in flight may hold together (a body waiting longer than 5 s for memory gets 503)")
	return cmd
}

// loadServed reads and deploys the workspace, and lists the files it read so --watch can
// poll them: the workspace and the OpenAPI files it imports.
func loadServed(file, api string, seed int64) (*engine.Gateway, *model.Workspace, []string, error) {
	ws, err := model.Load(file)
	if err != nil {
		return nil, nil, nil, err
	}
	gw, err := deployServed(ws, file, api, seed)
	if err != nil {
		return nil, nil, nil, err
	}
	files := []string{file}
	dir := filepath.Dir(file)
	add := func(p string) {
		if p == "" {
			return
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		files = append(files, p)
	}
	for _, a := range ws.RestAPIs {
		add(a.OpenAPI)
		for _, d := range a.Deployments {
			add(d.OpenAPI)
		}
	}
	return gw, ws, files, nil
}

// deployServed deploys a loaded workspace (file names it in messages) for serve.
func deployServed(ws *model.Workspace, file, api string, seed int64) (*engine.Gateway, error) {
	s := uint64(seed)
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	gw, err := engine.New(ws, engine.Options{Clock: clock.Real{}, Seed: s, HTTPClient: &http.Client{}})
	if err != nil {
		return nil, fmt.Errorf("deploy %s: %w", file, err)
	}
	if api != "" && !hasAPI(gw, api) {
		gw.Close()
		return nil, fmt.Errorf("no API named %q in %s; APIs: %s", api, file, apiNames(gw))
	}
	return gw, nil
}

// listenError explains a failed listen; a port in use is the usual case.
// exposedWarning warns when serve listens beyond this machine: the simulated gateway has no
// real authentication, and --addr 0.0.0.0 (or ::, or :PORT) lets anyone on the network call it.
func exposedWarning(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsLoopback() {
		return ""
	}
	what := "on " + tcp.String()
	if tcp.IP.IsUnspecified() {
		what = "on every network interface (" + tcp.String() + ")"
	}
	return "apigwlab: warning: serve listens " + what + ": anyone who can reach this machine can call it; --addr 127.0.0.1:PORT keeps it local"
}

func listenError(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("cannot listen on %s: the address is already in use (another apigwlab serve?); "+
			"stop that server or pick another address: --addr 127.0.0.1:3001, or --addr 127.0.0.1:0 for any free port", addr)
	}
	return fmt.Errorf("cannot listen on %s: %w (--addr takes host:port, e.g. 127.0.0.1:3000; 127.0.0.1:0 picks a free port)", addr, err)
}

// printBanner tells what is served and how to reach it. Its first line ends with the base
// URL: scripts and tests read it from there.
func printBanner(w io.Writer, file, base string, gw *engine.Gateway, ws *model.Workspace, api string, watch bool, state string) {
	fmt.Fprintf(w, "Serving %s on %s\n", file, base)
	apis := gw.APIs()
	for i, a := range apis {
		if a.Type == engine.APITypeWebSocket {
			// WebSocket APIs: ws:// for clients, @connections for backends (aws-facts-v2 fact 71).
			wsBase := "ws" + strings.TrimPrefix(base, "http")
			for _, st := range a.Stages {
				fmt.Fprintf(w, "  %s (%s) WebSocket stage %s: %s/%s  (@connections: %s/%s/@connections/{connectionId})\n",
					a.Name, a.ID, st, wsBase, st, base, st)
			}
			continue
		}
		isDefault := (api == "" && i == 0) || api == a.Name || api == a.ID
		kind := ""
		if a.Type == engine.APITypeHTTP {
			kind = "HTTP API "
		}
		for _, st := range a.Stages {
			// an HTTP API's $default stage is its base URL, without a stage segment
			url := base + "/" + st + "/"
			if a.Type == engine.APITypeHTTP && st == model.DefaultStageName {
				url = base + "/"
			}
			if isDefault {
				fmt.Fprintf(w, "  %s (%s) %sstage %s: %s\n", a.Name, a.ID, kind, st, url)
			} else {
				fmt.Fprintf(w, "  %s (%s) %sstage %s: %s with -H 'Host: %s.execute-api.%s.amazonaws.com'\n",
					a.Name, a.ID, kind, st, url, a.ID, ws.Region)
			}
		}
	}
	for _, d := range ws.DomainNames {
		// a custom domain is reached by its Host, whatever the listening address
		if d == nil {
			continue
		}
		keys := slices.Sorted(maps.Keys(d.MappingPaths()))
		for i, k := range keys {
			if k == "" {
				keys[i] = model.NoBasePath
			} else {
				keys[i] = "/" + k
			}
		}
		fmt.Fprintf(w, "  custom domain %s (%s): %s/… with -H 'Host: %s'\n", d.DomainName, strings.Join(keys, ", "), base, d.DomainName)
	}
	if p := tryPath(ws, api); p != "" {
		if host, dp := tryDomain(ws, api, p); host != "" {
			fmt.Fprintf(w, "Try: curl -i -H 'Host: %s' %s%s   (disableExecuteApiEndpoint: %s%s answers 403)\n", host, base, dp, base, p)
		} else {
			fmt.Fprintf(w, "Try: curl -i %s%s\n", base, p)
		}
	}
	if watch {
		// On AWS a change reaches a stage only through create-deployment; --watch does that for
		// every stage on each save (the TUI's E reload does not: it waits for D).
		fmt.Fprintf(w, "Watching %s: saving it redeploys every stage (as create-deployment would).\n", file)
	}
	if state != "" {
		fmt.Fprintln(w, state)
	}
	fmt.Fprintln(w, "Press Ctrl+C to stop.")
}

// tryPath is a request worth curling first: the default API's first stage and its first
// resource without path parameters that has a GET (or any) method.
func tryPath(ws *model.Workspace, api string) string {
	for i, a := range ws.RestAPIs {
		if a == nil || !((api == "" && i == 0) || api == a.Name || api == a.ID) || len(a.Stages) == 0 || a.Stages[0] == nil {
			continue
		}
		for _, r := range a.Resources {
			if r == nil || strings.Contains(r.Path, "{") {
				continue
			}
			for _, m := range r.Methods {
				if m != nil && (m.HTTPMethod == "GET" || m.HTTPMethod == "ANY") {
					return "/" + a.Stages[0].StageName + r.Path
				}
			}
		}
		return "/" + a.Stages[0].StageName + "/"
	}
	if api == "" && len(ws.RestAPIs) > 0 {
		return ""
	}
	for i, a := range ws.HTTPAPIs {
		if a == nil || !((api == "" && i == 0) || api == a.Name || api == a.APIID) || len(a.Stages) == 0 || a.Stages[0] == nil {
			continue
		}
		prefix := ""
		if st := a.Stages[0].StageName; st != model.DefaultStageName {
			prefix = "/" + st
		}
		for _, key := range slices.Sorted(maps.Keys(a.Routes)) {
			method, path, _ := model.ParseRouteKey(key)
			if (method == "GET" || method == "ANY") && !strings.Contains(path, "+}") {
				return prefix + pathParam.ReplaceAllString(path, "7")
			}
		}
		return prefix + "/"
	}
	return ""
}

// tryDomain turns the banner's example path p (/STAGE/…) into one through a custom domain
// when the default REST API has disableExecuteApiEndpoint: the default endpoint answers 403.
func tryDomain(ws *model.Workspace, api, p string) (host, path string) {
	for i, a := range ws.RestAPIs {
		if a == nil || !((api == "" && i == 0) || api == a.Name || api == a.ID) || !a.DisableExecuteAPIEndpoint {
			continue
		}
		stage, rest, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
		for _, d := range ws.DomainNames {
			for _, m := range d.BasePathMappings {
				if m == nil || (m.RestAPIID != a.Name && m.RestAPIID != a.ID) {
					continue
				}
				prefix := ""
				if k := model.NormalPath(m.BasePath); k != "" {
					prefix = "/" + k
				}
				if model.IsRootPath(m.Stage) {
					return d.DomainName, prefix + p
				}
				if m.Stage == stage {
					return d.DomainName, prefix + "/" + rest
				}
			}
		}
	}
	return "", ""
}

// pathParam is a {name} part of a route path; the banner's example fills it in.
var pathParam = regexp.MustCompile(`\{[^{}+]+\}`)

// apiSummary is "pets (prod, dev), admin (v1)".
func apiSummary(gw *engine.Gateway) string {
	var parts []string
	for _, a := range gw.APIs() {
		parts = append(parts, a.Name+" ("+strings.Join(a.Stages, ", ")+")")
	}
	return strings.Join(parts, ", ")
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

// shutdown stops accepting connections and waits for requests in flight; a second signal
// or the deadline closes what is left.
func shutdown(srv *http.Server, h *server.Server, sigs <-chan os.Signal, stdout io.Writer) error {
	if n := h.InFlight(); n > 0 {
		fmt.Fprintf(stdout, "Stopping: waiting up to %s for %d request(s) in flight (Ctrl+C again to stop now).\n",
			server.ShutdownTimeout, n)
	}
	// Hijacked WebSocket connections are not Shutdown's: close them with 1001 Going away.
	if n := h.CloseWebSockets(); n > 0 {
		fmt.Fprintf(stdout, "Closed %d WebSocket connection(s) with 1001 Going away.\n", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), server.ShutdownTimeout)
	defer cancel()
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-ctx.Done():
		}
	}()
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
		fmt.Fprintln(stdout, "Stopped; requests still in flight were cut off.")
		return nil
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
}

// lockedWriter serialises writes from concurrent goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
