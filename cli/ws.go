package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/spf13/cobra"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	wsapi "apigwlab/engine/websocket"
	"apigwlab/engine/wire"
)

func newWSCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var file, api, stage, query, url string
	var headers, execute []string
	var trace bool
	var seed int64
	cmd := &cobra.Command{
		Use:   "ws (-f WORKSPACE | --url ws://HOST/STAGE) [--query K=V] [--trace] [-x MESSAGE]…",
		Short: "A WebSocket client (like wscat) for a workspace's WebSocket API, in-process or over the network",
		Long: `ws connects to a WebSocket API and lets you type messages: each line you type is sent
as one text message, every frame the API sends back is printed with "<".

With -f the API runs in-process in virtual time, exactly as serve and replays run it:
--trace prints, after each message, how the gateway handled it (route selection, the
integration with the event it got, the route response), and these commands work:
  /push TEXT     POST @connections/{yourId}: the gateway pushes TEXT to you
  /get           GET @connections/{yourId}: connectedAt, identity, lastActiveAt
  /delete        DELETE @connections/{yourId}: the gateway closes you (you see the close)
  /wait 11m      advance the virtual clock (10 minutes idle or 2 hours closes the connection)
  /close [CODE]  close from your side ($disconnect runs with CODE, default 1000)
With --url it talks to a real endpoint (apigwlab serve, or AWS): lines are sent, frames
printed; /close works, the rest need -f.

The $connect route runs at the handshake: a refused connection prints AWS's status and
body and exits 1. -x sends MESSAGE without reading stdin (repeatable), then closes.`,
		Example: `  apigwlab ws -f examples/chat.yaml --query token=letmein
  apigwlab ws -f examples/chat.yaml --query token=letmein --trace -x '{"action":"sendMessage","text":"hi"}'
  apigwlab ws -f examples/chat.yaml --query token=deny           # 403 at the handshake
  apigwlab ws --url 'ws://127.0.0.1:3000/production?token=letmein'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var in io.Reader = stdin
			if len(execute) > 0 {
				in = strings.NewReader(strings.Join(execute, "\n") + "\n")
			}
			hdr := wire.Headers{}
			for _, h := range headers {
				k, v, ok := strings.Cut(h, ":")
				if !ok {
					return usagef("-H %q: write 'Name: value'", h)
				}
				hdr = append(hdr, wire.Header{Name: strings.TrimSpace(k), Value: strings.TrimSpace(v)})
			}
			switch {
			case url != "" && file != "":
				return usagef("give either -f WORKSPACE (in-process) or --url (a running endpoint), not both")
			case url != "":
				if trace {
					return usagef("--trace needs -f: over the network only frames are visible (serve logs each message on its stderr)")
				}
				return wsRemote(url, hdr, in, stdout)
			case file == "":
				return usagef("ws needs -f WORKSPACE or --url ws://HOST/STAGE (try -f examples/chat.yaml --query token=letmein)")
			}
			return wsLocal(file, api, stage, query, seed, hdr, trace, in, stdout)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&file, "file", "f", "", "workspace file (YAML): run the API in-process")
	fl.StringVar(&url, "url", "", "connect to a running endpoint instead (ws://127.0.0.1:3000/STAGE?…)")
	fl.StringVar(&api, "api", "", "WebSocket API name or id (default: the only one)")
	fl.StringVar(&stage, "stage", "", "stage (default: the API's only or first stage)")
	fl.StringVar(&query, "query", "", "query string of the handshake, e.g. token=letmein")
	fl.StringArrayVarP(&headers, "header", "H", nil, "handshake header 'Name: value' (repeatable)")
	fl.StringArrayVarP(&execute, "execute", "x", nil, "send this message instead of reading stdin (repeatable)")
	fl.BoolVar(&trace, "trace", false, "print how the gateway handled each message (-f only)")
	fl.Int64Var(&seed, "seed", 1, "seed for ids and simulated latency")
	return cmd
}

// printPeer prints what the gateway sends to the in-process client.
type printPeer struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (p *printPeer) Send(b []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "< %s\n", b)
	return nil
}

func (p *printPeer) Close(code int, reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	fmt.Fprintf(p.w, "Disconnected by the gateway (code: %d, reason: %q)\n", code, reason)
}

func (p *printPeer) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

func wsLocal(file, apiRef, stage, query string, seed int64, hdr wire.Headers, trace bool, in io.Reader, out io.Writer) error {
	ws, err := model.Load(file)
	if err != nil {
		return usageError{err}
	}
	clk := clock.NewVirtual(time.Now())
	gw, err := engine.New(ws, engine.Options{Clock: clk, Seed: uint64(seed), HTTPClient: &http.Client{}})
	if err != nil {
		return usageError{fmt.Errorf("deploy %s: %w", file, err)}
	}
	defer gw.Close()
	api, ok := gw.WebSocketAPI(apiRef)
	if !ok {
		var names []string
		for _, a := range gw.WebSocketAPIs() {
			names = append(names, a.Name)
		}
		if len(names) == 0 {
			return usagef("%s has no WebSocket API (websocketApis:)", file)
		}
		return usagef("name a WebSocket API with --api: %s has %s", file, strings.Join(names, ", "))
	}
	if stage == "" {
		stage = api.Stages()[0]
	}
	peer := &printPeer{w: out}
	if trace {
		gw.ObserveWebSocket(func(ex *wsapi.Exchange) {
			if ex.EventType == wsapi.EventDisconnect {
				printExchange(out, ex)
			}
		})
	}
	res := api.Connect(&wsapi.ConnectRequest{Stage: stage, Header: hdr, RawQuery: query, SourceIP: "127.0.0.1", Peer: peer, Trace: trace})
	if trace {
		printExchange(out, res.Exchange)
	}
	if res.Conn == nil {
		fmt.Fprintf(out, "Refused at the handshake: HTTP %d %s\n", res.Status, res.Body)
		return exitCode(exitFailed)
	}
	c := res.Conn
	fmt.Fprintf(out, "Connected to %s stage %s (connectionId %s), in-process in virtual time. Type messages; /help for commands.\n", api.Name, stage, c.ID())
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), wsapi.MaxMessageBytes+1024)
	for !peer.isClosed() && sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "/") {
			if done := wsCommand(out, line, api, c, clk); done {
				break
			}
			continue
		}
		fmt.Fprintf(out, "> %s\n", line)
		ex := c.Receive(wsapi.Inbound{Data: []byte(line), Trace: trace})
		if trace {
			printExchange(out, ex)
		}
	}
	if c.Open() {
		c.Closed(wsapi.CloseNormal, "")
		fmt.Fprintln(out, "Disconnected (code: 1000)")
	}
	return nil
}

// wsCommand runs a /command of the in-process client; it reports whether to stop.
func wsCommand(out io.Writer, line string, api *wsapi.API, c *wsapi.Conn, clk *clock.Virtual) bool {
	name, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	switch name {
	case "/push":
		if _, err := api.PostToConnection(c.Stage(), c.ID(), []byte(arg)); err != nil {
			fmt.Fprintf(out, "POST @connections: %d %s %s\n", err.Status, err.Type, err.Body)
		} else {
			fmt.Fprintln(out, "POST @connections: 200")
		}
	case "/get":
		info, err := api.GetConnection(c.Stage(), c.ID())
		if err != nil {
			fmt.Fprintf(out, "GET @connections: %d %s %s\n", err.Status, err.Type, err.Body)
		} else {
			fmt.Fprintf(out, "GET @connections: 200 %s\n", info.JSON())
		}
	case "/delete":
		if _, err := api.DeleteConnection(c.Stage(), c.ID()); err != nil {
			fmt.Fprintf(out, "DELETE @connections: %d %s\n", err.Status, err.Type)
		} else {
			fmt.Fprintln(out, "DELETE @connections: 204")
		}
	case "/wait":
		d, err := time.ParseDuration(arg)
		if err != nil || d < 0 {
			fmt.Fprintf(out, "/wait %q: give a duration such as 30s, 11m or 2h\n", arg)
			return false
		}
		clk.Advance(d)
		api.Sweep()
		fmt.Fprintf(out, "(%s later)\n", d)
	case "/close":
		code := wsapi.CloseNormal
		if arg != "" {
			n, err := strconv.Atoi(arg)
			if err != nil {
				fmt.Fprintf(out, "/close %q: give a close code such as 1000\n", arg)
				return false
			}
			code = n
		}
		c.Closed(code, "")
		fmt.Fprintf(out, "Disconnected (code: %d)\n", code)
		return true
	default:
		fmt.Fprintln(out, "commands: /push TEXT, /get, /delete, /wait DURATION, /close [CODE]")
	}
	return false
}

// printExchange prints an exchange's trace: one line per hop, facts indented.
func printExchange(out io.Writer, ex *wsapi.Exchange) {
	if ex == nil || ex.Trace == nil {
		return
	}
	kind := ex.EventType
	fmt.Fprintf(out, "  ┌ %s %s requestId %s", kind, ex.RouteKey, ex.RequestID)
	if ex.MessageID != "" {
		fmt.Fprintf(out, " messageId %s", ex.MessageID)
	}
	fmt.Fprintln(out)
	for _, h := range ex.Trace.Hops {
		fmt.Fprintf(out, "  │ %-15s %s\n", h.Stage, h.Decision)
		for _, f := range h.Facts {
			v := f.Value
			if len(v) > 300 {
				v = v[:300] + "…"
			}
			fmt.Fprintf(out, "  │   %s: %s\n", f.Key, v)
		}
	}
	if ex.AccessLog != "" {
		fmt.Fprintf(out, "  │ access log: %s\n", ex.AccessLog)
	}
	fmt.Fprintln(out, "  └")
}

// wsRemote is the network client: gorilla/websocket against serve or AWS.
func wsRemote(url string, hdr wire.Headers, in io.Reader, out io.Writer) error {
	h := http.Header{}
	for _, x := range hdr {
		h.Add(x.Name, x.Value)
	}
	conn, resp, err := websocket.DefaultDialer.Dial(url, h)
	if err != nil {
		if resp != nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			resp.Body.Close()
			fmt.Fprintf(out, "Refused at the handshake: HTTP %d %s\n", resp.StatusCode, body)
			return exitCode(exitFailed)
		}
		return fmt.Errorf("connect %s: %w", url, err)
	}
	defer conn.Close()
	fmt.Fprintf(out, "Connected to %s. Type messages; /close to stop.\n", url)
	var mu sync.Mutex
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			_, b, err := conn.ReadMessage()
			mu.Lock()
			if err != nil {
				var ce *websocket.CloseError
				if errors.As(err, &ce) {
					fmt.Fprintf(out, "Disconnected (code: %d, reason: %q)\n", ce.Code, ce.Text)
				} else {
					fmt.Fprintf(out, "Disconnected (%v)\n", err)
				}
				mu.Unlock()
				return
			}
			fmt.Fprintf(out, "< %s\n", b)
			mu.Unlock()
		}
	}()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), wsapi.MaxMessageBytes+1024)
	for sc.Scan() {
		line := sc.Text()
		if line == "/close" || strings.HasPrefix(line, "/close ") {
			break
		}
		mu.Lock()
		fmt.Fprintf(out, "> %s\n", line)
		mu.Unlock()
		if err := conn.WriteMessage(websocket.TextMessage, []byte(line)); err != nil {
			break
		}
	}
	// Close normally. The server answers messages in order before it reads the close
	// frame, so replies to what was sent arrive before the closing handshake completes.
	_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(5*time.Second))
	select {
	case <-done:
	case <-time.After(30 * time.Second):
	}
	return nil
}
