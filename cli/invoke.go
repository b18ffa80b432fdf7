package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/userfile"
	"apigwlab/engine/wire"
)

type invokeFlags struct {
	file     string
	api      string
	stage    string
	headers  []string
	data     string
	json     bool
	trace    bool
	seed     int64
	at       string // RFC 3339 instant of the request (default: now)
	sourceIP string
	sigv4    string // ACCESS_KEY_ID:SECRET
	vpce     string
}

func newInvokeCmd(stdout, stderr io.Writer) *cobra.Command {
	f := &invokeFlags{}
	cmd := &cobra.Command{
		Use:   "invoke -f WORKSPACE METHOD PATH",
		Short: "Send one request through the gateway, like the console's Test button",
		Long: `invoke sends one request through the simulated API Gateway and prints what the
client gets: status, headers and body. Nothing leaves your machine except HTTP and
HTTP_PROXY integrations, which call their real endpoint.

PATH is what a client calls after the host, stage first, with its query string:
  /prod/pets/7?x=1&x=2
With --stage, PATH starts after the stage: --stage prod /pets/7.
An HTTP API's $default stage has no stage segment: /pets/7 (named stages keep theirs).

Simulated latency does not sleep: time is virtual, so a function with 31 s of
latency answers at once with AWS's 504.

Exit status: 0 whenever the gateway answered (any HTTP status); 2 for a bad
workspace or bad arguments, with the reason on stderr.`,
		Example: `  apigwlab invoke -f examples/pets.yaml GET /prod/pets
  apigwlab invoke -f examples/pets.yaml GET /prod/pets/7 --trace
  apigwlab invoke -f examples/pets.yaml POST /prod/pets -H 'Content-Type: application/json' -d '{"name":"Rex"}'
  apigwlab invoke -f examples/pets.yaml --stage prod GET /pets --json
  apigwlab invoke -f examples/http-api.yaml --api shop GET /pets/7
  apigwlab invoke -f examples/iam.yaml GET /prod/pets --sigv4 AKIAALICE0EXAMPLE01:alice-secret --trace
  apigwlab invoke -f examples/iam.yaml --api internal GET /prod/health --vpce vpce-0a1b2c3d4e5f60718`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("invoke needs METHOD and PATH, e.g. apigwlab invoke -f examples/pets.yaml GET /prod/pets")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInvoke(f, args[0], args[1], cmd.InOrStdin(), stdout)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.file, "file", "f", "", "workspace file (YAML)")
	fl.StringVar(&f.api, "api", "", "API name or id, REST or HTTP (default: the workspace's first REST API, or its first HTTP API when it has none)")
	fl.StringVar(&f.stage, "stage", "", "stage name; PATH then starts after the stage")
	fl.StringArrayVarP(&f.headers, "header", "H", nil, "request header 'Name: value' (repeatable)")
	fl.StringVarP(&f.data, "data", "d", "", "request body, or @FILE to read it from a file (@- for stdin)")
	fl.BoolVar(&f.json, "json", false, "print one JSON object {status, headers, body, latencyMs, trace, log}")
	fl.BoolVar(&f.trace, "trace", false, "show each pipeline stage's decision and the execution log")
	fl.Int64Var(&f.seed, "seed", 0, "seed for request ids and simulated latency (default: random)")
	fl.StringVar(&f.at, "at", "", "the request's instant, RFC 3339 (default: now); with --seed two runs print exactly the same")
	fl.StringVar(&f.sourceIP, "source-ip", engine.DefaultSourceIP, "client address ($context.identity.sourceIp, aws:SourceIp)")
	fl.StringVar(&f.sigv4, "sigv4", "", "sign the request with SigV4 as ACCESS_KEY_ID:SECRET (service execute-api, the API's Region, Host {apiId}.execute-api.{region}.amazonaws.com)")
	fl.StringVar(&f.vpce, "vpce", "", "the interface VPC endpoint the request comes through (aws:SourceVpce; PRIVATE APIs need one)")
	return cmd
}

var methodToken = regexp.MustCompile(`^[A-Za-z]+$`)

func runInvoke(f *invokeFlags, method, target string, stdin io.Reader, stdout io.Writer) error {
	if f.file == "" {
		return usagef("invoke needs a workspace: -f FILE (try -f examples/pets.yaml)")
	}
	if !methodToken.MatchString(method) {
		return usagef("%q is not an HTTP method (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS)", method)
	}
	if _, err := netip.ParseAddr(f.sourceIP); err != nil {
		return usagef("--source-ip %q is not an IP address (e.g. 198.51.100.7 or 2001:db8::1)", f.sourceIP)
	}
	req := &engine.Request{API: f.api, Method: strings.ToUpper(method), SourceIP: f.sourceIP, SourceVpce: f.vpce, Trace: f.trace || f.json}
	path, query, _ := strings.Cut(target, "?")
	if !strings.HasPrefix(path, "/") {
		return usagef("PATH %q must start with / (e.g. /prod/pets)", target)
	}
	if f.stage != "" && f.stage != "$default" {
		path = "/" + f.stage + path
	}
	req.Path, req.RawQuery = path, query
	for _, h := range f.headers {
		name, value, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return usagef("header %q: write -H 'Name: value'", h)
		}
		req.Header = append(req.Header, wire.Header{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	if f.data != "" {
		body, err := readBody(f.data, stdin)
		if err != nil {
			return usageError{err}
		}
		req.Body = body
	}
	ws, err := model.Load(f.file)
	if err != nil {
		return usageError{err}
	}
	if err := notWebSocket(ws, f.file, f.api); err != nil {
		return err
	}
	seed := uint64(f.seed)
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	// --seed fixes what is drawn (ids, latency, canary); the time fields (requestTime, the
	// trace id's epoch, log timestamps) come from the clock, which --at fixes.
	now := time.Now().UTC()
	if f.at != "" {
		if now, err = time.Parse(time.RFC3339, f.at); err != nil {
			return usagef("--at %q: want an RFC 3339 instant such as 2026-01-01T00:00:00Z", f.at)
		}
		now = now.UTC()
	}
	gw, err := engine.New(ws, engine.Options{Clock: clock.NewVirtual(now), Seed: seed,
		HTTPClient: &http.Client{}})
	if err != nil {
		return usageError{err}
	}
	defer gw.Close()
	if f.api != "" && !hasAPI(gw, f.api) {
		return usagef("no API named %q in %s; APIs: %s", f.api, f.file, apiNames(gw))
	}
	if f.sigv4 != "" {
		// Signed last, after every header and the body are set, at the engine's clock.
		keyID, secret, ok := strings.Cut(f.sigv4, ":")
		if !ok || keyID == "" || secret == "" {
			return usagef("--sigv4 %q: write ACCESS_KEY_ID:SECRET, e.g. --sigv4 AKIAALICE0EXAMPLE01:alice-secret", f.sigv4)
		}
		if err := gw.SignRequest(req, keyID, secret); err != nil {
			return usageError{err}
		}
	}
	resp := gw.Invoke(req)
	if f.json {
		return writeJSON(stdout, invokeJSON(resp))
	}
	printResponse(stdout, resp, f.trace)
	return nil
}

func readBody(data string, stdin io.Reader) (string, error) {
	name, ok := strings.CutPrefix(data, "@")
	if !ok {
		return data, nil
	}
	var b []byte
	var err error
	if name == "-" {
		b, err = userfile.ReadFrom(stdin, userfile.MaxSize)
	} else {
		b, err = userfile.Read(name, userfile.MaxSize)
	}
	if err != nil {
		return "", fmt.Errorf("read body %s: %w", data, err)
	}
	return string(b), nil
}

func hasAPI(gw *engine.Gateway, name string) bool {
	for _, a := range gw.APIs() {
		if a.Name == name || a.ID == name {
			return true
		}
	}
	return false
}

func apiNames(gw *engine.Gateway) string {
	var names []string
	for _, a := range gw.APIs() {
		names = append(names, a.Name)
	}
	return strings.Join(names, ", ")
}

// invokeResult is the --json shape of the CLI contract.
type invokeResult struct {
	Status               int               `json:"status"`
	Headers              map[string]string `json:"headers"`
	Body                 string            `json:"body"`
	LatencyMs            float64           `json:"latencyMs"`
	IntegrationLatencyMs float64           `json:"integrationLatencyMs"`
	RequestID            string            `json:"requestId"`
	API                  string            `json:"api,omitempty"`
	Stage                string            `json:"stage,omitempty"`
	Resource             string            `json:"resource,omitempty"`
	Method               string            `json:"method,omitempty"`
	RouteKey             string            `json:"routeKey,omitempty"`
	GatewayResponse      string            `json:"gatewayResponse,omitempty"`
	Canary               bool              `json:"canary,omitempty"`
	AccessLog            string            `json:"accessLog,omitempty"`
	Trace                []hopJSON         `json:"trace"`
	Log                  []string          `json:"log"`
}

type hopJSON struct {
	Stage      string            `json:"stage"`
	Decision   string            `json:"decision"`
	StartMs    float64           `json:"startMs"`
	DurationMs float64           `json:"durationMs"`
	Facts      map[string]string `json:"facts,omitempty"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func invokeJSON(r *engine.Response) invokeResult {
	out := invokeResult{Status: r.Status, Headers: map[string]string{}, Body: r.Body,
		LatencyMs: ms(r.Latency), IntegrationLatencyMs: ms(r.IntegrationLatency), RequestID: r.RequestID,
		API: r.API, Stage: r.Stage, Resource: r.Resource, Method: r.Method, RouteKey: r.RouteKey,
		GatewayResponse: r.GatewayResponse, Canary: r.Canary, AccessLog: r.AccessLog, Trace: []hopJSON{}, Log: []string{}}
	for _, h := range r.Header {
		if prev, ok := out.Headers[h.Name]; ok {
			out.Headers[h.Name] = prev + ", " + h.Value
		} else {
			out.Headers[h.Name] = h.Value
		}
	}
	if r.Trace != nil {
		for _, h := range r.Trace.Hops {
			hj := hopJSON{Stage: h.Stage, Decision: h.Decision, StartMs: ms(h.Start), DurationMs: ms(h.Duration)}
			if len(h.Facts) > 0 {
				hj.Facts = map[string]string{}
				for _, f := range h.Facts {
					hj.Facts[f.Key] = f.Value
				}
			}
			out.Trace = append(out.Trace, hj)
		}
		for _, l := range r.Trace.Log {
			out.Log = append(out.Log, l.String())
		}
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// notWebSocket refuses to invoke a WebSocket API: it takes messages, not requests.
func notWebSocket(ws *model.Workspace, file, api string) error {
	for _, a := range ws.WebSocketAPIs {
		if a != nil && api != "" && (a.Name == api || a.APIID == api) {
			return usagef("%s is a WebSocket API: connect to it with apigwlab ws -f %s --api %s", api, file, api)
		}
	}
	if len(ws.WebSocketAPIs) > 0 && len(ws.RestAPIs) == 0 && len(ws.HTTPAPIs) == 0 {
		return usagef("%s has only WebSocket APIs, which take messages, not requests: apigwlab ws -f %s", file, file)
	}
	return nil
}
