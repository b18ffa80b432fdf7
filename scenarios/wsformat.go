package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"apigwlab/engine/model"
	"apigwlab/engine/names"
	"apigwlab/engine/websocket"
)

// WebSocket APIs in a scenario: virtual clients (connections), what they send (messages),
// what the backend pushes through @connections (pushes), and mass disconnects (disconnects).
// The runner drives engine/websocket with them in virtual time; the idle timeout and the
// 2-hour limit fall where AWS puts them.

// ConnGroup is a set of virtual WebSocket clients that connect between From and To, stay for
// Lifetime (or until the gateway closes them) and send Messages while connected.
type ConnGroup struct {
	Name       string
	API, Stage string // the WebSocket API (default: the workspace's only one) and stage (default: its first)
	From, To   time.Duration
	// Count clients connect between From and To (evenly spaced, or Poisson); or Rate of them
	// a second.
	Count   int
	Rate    Rate
	Arrival string // uniform (default) | poisson
	// Lifetime is how long a client stays before it closes the connection with CloseCode;
	// LifetimeMax > Lifetime draws it uniformly in between. 0: it stays until the gateway
	// closes it (idle timeout, 2-hour limit, DELETE @connections) or the run ends.
	Lifetime, LifetimeMax time.Duration
	CloseCode             int // default 1000
	CloseReason           string
	// Reconnect: a client whose connection closes without its asking (a drop, the idle
	// timeout, the 2-hour limit, DELETE @connections), or whose reconnect is refused with
	// 429 or 5XX, connects again after a delay drawn between Reconnect and ReconnectMax.
	Reconnect, ReconnectMax time.Duration
	Reconnects              bool
	Headers, Query          map[string]string
	SourceIP                string
	Messages                []*MessageSpec
	Pos                     model.Pos
}

// MessageSpec is what each client of a group sends: Rate messages a second per connection,
// from After its connect for For (0: as long as it is connected).
type MessageSpec struct {
	Rate    float64 // per second, per connection
	Text    string  // the rate as written
	Arrival string  // uniform (default): every 1/Rate | poisson
	Body    string
	Route   string // shorthand: the body {"action": ROUTE} for $request.body.action
	After   time.Duration
	For     time.Duration
	// Size pads the body with spaces to that many bytes; Frame splits it into frames of at
	// most that many bytes (0: one frame, as browsers send); Binary sends a binary frame.
	Size, Frame int
	Binary      bool
	Pos         model.Pos
}

// Push is a backend outside API Gateway (a notifier, a job) calling POST @connections at Rate
// pushes a second between From and To; each push goes to Target connections. Pushes a
// route's function makes while it runs are the function's (pushes: in the workspace).
type Push struct {
	Name       string
	API, Stage string
	From, To   time.Duration
	Rate       Rate
	Arrival    string
	// Target: open — the connections that are open (a backend whose $disconnect removes
	// ids); known — every id the backend stored at $connect, closed ones too (they get 410
	// GoneException).
	Target string
	// Pick: all — one POST per target connection (fan-out); random — one POST to one of them.
	Pick string
	// OnGone: keep (default) — the id stays in the table; forget — a 410 removes it, as
	// AWS's samples do.
	OnGone string
	Data   string
	Pos    model.Pos
}

// Storm closes many connections at one instant, as a network blip or a deploy would.
type Storm struct {
	At       time.Duration
	Group    string  // the group whose clients drop; "" for all
	Count    int     // how many (drawn with the seed)
	Fraction float64 // or what share
	Code     int     // the close code the gateway sees (default 1006: no close frame)
	Reason   string
	Pos      model.Pos
}

// wsFields are the top-level fields of the WebSocket part.
var wsFields = []string{"connections", "pushes", "disconnects"}

func (d *decoder) connGroup(n *yaml.Node, field string) *ConnGroup {
	f := d.fields(n, field, "name", "api", "stage", "from", "to", "count", "rate", "arrival", "lifetime",
		"closeCode", "closeReason", "reconnect", "headers", "query", "sourceIp", "messages")
	g := &ConnGroup{Name: d.str(f["name"], join(field, "name")), API: d.str(f["api"], join(field, "api")),
		Stage: d.str(f["stage"], join(field, "stage")), From: d.duration(f["from"], join(field, "from")),
		To: d.duration(f["to"], join(field, "to")), Arrival: d.arrival(f["arrival"], join(field, "arrival")),
		CloseReason: d.str(f["closeReason"], join(field, "closeReason")), Headers: d.strMap(f["headers"], join(field, "headers")),
		Query: d.strMap(f["query"], join(field, "query")), SourceIP: d.str(f["sourceIp"], join(field, "sourceIp")),
		CloseCode: websocket.CloseNormal, Pos: d.pos(n)}
	if g.Name == "" {
		g.Name = field
	}
	if f["to"] == nil {
		g.To = g.From
	}
	if g.To < g.From {
		d.fail(f["to"], join(field, "to"), "from must not be after to (from: 0s, to: 30s spreads the connects over 30 s; leave to out to connect them all at from)")
	}
	if cn := f["count"]; cn != nil {
		v, err := strconv.Atoi(cn.Value)
		if err != nil || v < 1 || v > 1_000_000 {
			d.fail(cn, join(field, "count"), "want a whole number of connections 1–1000000, got %q", cn.Value)
		}
		g.Count = v
	}
	if rn := f["rate"]; rn != nil {
		g.Rate = d.rate(rn, join(field, "rate"))
		if g.To == g.From {
			d.fail(n, join(field, "to"), "a rate of connections needs from and to (e.g. from: 0s, to: 60s, rate: 10/s)")
		}
	}
	if (f["count"] == nil) == (f["rate"] == nil) {
		d.fail(n, field, "a connection group needs either count (count: 100 clients between from and to) or rate (rate: 10/s between from and to)")
	}
	if ln := f["lifetime"]; ln != nil {
		g.Lifetime, g.LifetimeMax = d.durationRange(ln, join(field, "lifetime"))
		if g.Lifetime <= 0 {
			d.fail(ln, join(field, "lifetime"), "want how long a client stays, e.g. 5m or a range 30s..5m (leave lifetime out to stay until the gateway closes the connection)")
		}
	}
	if rn := f["reconnect"]; rn != nil {
		g.Reconnect, g.ReconnectMax = d.durationRange(rn, join(field, "reconnect"))
		g.Reconnects = true
	}
	if cn := f["closeCode"]; cn != nil {
		v, err := strconv.Atoi(cn.Value)
		if err != nil || v < 1000 || v > 4999 {
			d.fail(cn, join(field, "closeCode"), "want a WebSocket close code 1000–4999 (1000 normal, 1001 going away, 1006 dropped), got %q", cn.Value)
		}
		g.CloseCode = v
	}
	for i, mn := range d.list(f["messages"], join(field, "messages")) {
		g.Messages = append(g.Messages, d.messageSpec(mn, fmt.Sprintf("%s.messages[%d]", field, i)))
	}
	return g
}

// durationRange reads "5m" or a range "30s..5m" (max is 0 without one).
func (d *decoder) durationRange(n *yaml.Node, field string) (lo, hi time.Duration) {
	a, b, ranged := strings.Cut(n.Value, "..")
	at := func(v string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: strings.TrimSpace(v), Line: n.Line, Column: n.Column}
	}
	lo = d.duration(at(a), field)
	if ranged {
		hi = d.duration(at(b), field)
		if hi < lo {
			d.fail(n, field, "a range goes from the shorter to the longer: 30s..5m")
		}
	}
	return lo, hi
}

// maxMessageSize bounds size: (a message is built once per group, but 1 MB is already eight
// times what API Gateway accepts).
const maxMessageSize = 1 << 20

// byteSize reads 40000, 40KB or 1MB (KB = 1024 bytes, as AWS's 128 KB and 32 KB limits).
func (d *decoder) byteSize(n *yaml.Node, field string) int {
	if n == nil {
		return 0
	}
	v, mult := strings.TrimSpace(n.Value), 1
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"KB", 1024}, {"MB", 1024 * 1024}, {"B", 1}} {
		if s, ok := strings.CutSuffix(v, u.suffix); ok {
			v, mult = strings.TrimSpace(s), u.mult
			break
		}
	}
	x, err := strconv.Atoi(v)
	if err != nil || x < 1 || x*mult > maxMessageSize {
		d.fail(n, field, "want a size such as 40000, 40KB or 1MB (at most 1MB), got %q", n.Value)
		return 0
	}
	return x * mult
}

// rate reads a rate such as 10/s or a ramp 1/s..10/s.
func (d *decoder) rate(n *yaml.Node, field string) Rate {
	r, err := ParseRate(n.Value)
	if err != nil {
		d.fail(n, field, "%v", err)
	}
	return r
}

func (d *decoder) arrival(n *yaml.Node, field string) string {
	switch v := d.str(n, field); v {
	case "":
		return "uniform"
	case "uniform", "poisson":
		return v
	default:
		d.fail(n, field, "%q is not an arrival process: use uniform or poisson", v)
		return "uniform"
	}
}

func (d *decoder) messageSpec(n *yaml.Node, field string) *MessageSpec {
	f := d.fields(n, field, "rate", "arrival", "body", "route", "after", "for", "size", "frame", "binary")
	m := &MessageSpec{Arrival: d.arrival(f["arrival"], join(field, "arrival")), Body: d.str(f["body"], join(field, "body")),
		Route: d.str(f["route"], join(field, "route")), After: d.duration(f["after"], join(field, "after")),
		For: d.duration(f["for"], join(field, "for")), Pos: d.pos(n)}
	if rn := f["rate"]; rn == nil {
		d.fail(n, join(field, "rate"), "a message needs the rate each client sends it at, e.g. rate: 1/s or rate: 1/5min")
	} else {
		r, err := ParseRate(rn.Value)
		switch {
		case err != nil:
			d.fail(rn, join(field, "rate"), "%v", err)
		case r.From != r.To:
			d.fail(rn, join(field, "rate"), "a message rate is per connection and cannot ramp: write one rate such as 1/s")
		case r.From <= 0:
			d.fail(rn, join(field, "rate"), "the rate must be above 0")
		}
		m.Rate, m.Text = r.From, r.Text
	}
	m.Size = d.byteSize(f["size"], join(field, "size"))
	m.Frame = d.byteSize(f["frame"], join(field, "frame"))
	if bn := f["binary"]; bn != nil {
		m.Binary = bn.Value == "true"
		if bn.Value != "true" && bn.Value != "false" {
			d.fail(bn, join(field, "binary"), "want true or false, got %q", bn.Value)
		}
	}
	if (f["body"] == nil) == (f["route"] == nil) {
		d.fail(n, field, `a message needs body (the text sent, e.g. body: '{"action":"sendMessage","text":"hi"}') or route (route: sendMessage sends {"action":"sendMessage"})`)
	}
	return m
}

func (d *decoder) push(n *yaml.Node, field string) *Push {
	f := d.fields(n, field, "name", "api", "stage", "from", "to", "rate", "arrival", "target", "pick", "onGone", "data")
	p := &Push{Name: d.str(f["name"], join(field, "name")), API: d.str(f["api"], join(field, "api")),
		Stage: d.str(f["stage"], join(field, "stage")), From: d.duration(f["from"], join(field, "from")),
		To: d.duration(f["to"], join(field, "to")), Arrival: d.arrival(f["arrival"], join(field, "arrival")),
		Target: d.str(f["target"], join(field, "target")),
		Pick:   d.str(f["pick"], join(field, "pick")), OnGone: d.str(f["onGone"], join(field, "onGone")),
		Data: d.str(f["data"], join(field, "data")), Pos: d.pos(n)}
	if p.Name == "" {
		p.Name = field
	}
	if rn := f["rate"]; rn != nil {
		p.Rate = d.rate(rn, join(field, "rate"))
	} else {
		d.fail(n, join(field, "rate"), "a push needs rate: the backend pushes rate: 1/s between from and to (a route's function pushes with pushes: in the workspace instead)")
	}
	if f["to"] == nil || p.To <= p.From {
		d.fail(n, join(field, "to"), "a push needs from and to with from < to (e.g. from: 0s, to: 60s, rate: 1/s)")
	}
	p.Target = d.oneOf(f["target"], join(field, "target"), p.Target, "open", "open", "known")
	p.Pick = d.oneOf(f["pick"], join(field, "pick"), p.Pick, "all", "all", "random")
	p.OnGone = d.oneOf(f["onGone"], join(field, "onGone"), p.OnGone, "keep", "keep", "forget")
	if f["data"] == nil {
		d.fail(n, join(field, "data"), `a push needs data: the text POSTed to @connections, e.g. data: '{"type":"tick"}'`)
	}
	return p
}

// oneOf checks v against the accepted values (did you mean …?); "" is def.
func (d *decoder) oneOf(n *yaml.Node, field, v, def string, accepted ...string) string {
	if v == "" {
		return def
	}
	for _, a := range accepted {
		if v == a {
			return v
		}
	}
	hint := ""
	if s := names.Suggest(v, accepted); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	d.fail(n, field, "%q%s: use %s", v, hint, strings.Join(accepted, " or "))
	return def
}

func (d *decoder) storm(n *yaml.Node, field string) *Storm {
	f := d.fields(n, field, "at", "group", "count", "fraction", "code", "reason")
	s := &Storm{At: d.duration(f["at"], join(field, "at")), Group: d.str(f["group"], join(field, "group")),
		Reason: d.str(f["reason"], join(field, "reason")), Code: websocket.CloseAbnormal, Pos: d.pos(n)}
	if f["at"] == nil {
		d.fail(n, join(field, "at"), "a disconnect storm needs at: the instant the clients drop (e.g. at: 30s)")
	}
	if cn := f["count"]; cn != nil {
		v, err := strconv.Atoi(cn.Value)
		if err != nil || v < 1 {
			d.fail(cn, join(field, "count"), "want a whole number of connections ≥ 1, got %q", cn.Value)
		}
		s.Count = v
	}
	if v, ok := d.number(f["fraction"], join(field, "fraction")); ok {
		if v <= 0 || v > 1 {
			d.fail(f["fraction"], join(field, "fraction"), "want a share of the open connections, above 0 and at most 1 (0.5 for half)")
		}
		s.Fraction = v
	}
	if (f["count"] == nil) == (f["fraction"] == nil) {
		d.fail(n, field, "a disconnect storm needs count (count: 50 connections) or fraction (fraction: 0.5 of those open)")
	}
	if cn := f["code"]; cn != nil {
		v, err := strconv.Atoi(cn.Value)
		if err != nil || v < 1000 || v > 4999 {
			d.fail(cn, join(field, "code"), "want a WebSocket close code 1000–4999 (1006: the network dropped, no close frame), got %q", cn.Value)
		}
		s.Code = v
	}
	return s
}

// checkWebSocket ties the WebSocket part to the workspace: APIs, stages, route keys and group
// names must exist (with did you mean …?).
func (d *decoder) checkWebSocket(sc *Scenario, f map[string]*yaml.Node) {
	if len(sc.Connections)+len(sc.Pushes)+len(sc.Disconnects) == 0 {
		return
	}
	if sc.Workspace == nil {
		return // the workspace did not load; that error is reported already
	}
	var apiNames []string
	for _, a := range sc.Workspace.WebSocketAPIs {
		if a != nil {
			apiNames = append(apiNames, a.Name)
		}
	}
	resolve := func(n *yaml.Node, field, api, stage string) (*model.V2API, string) {
		if len(apiNames) == 0 {
			d.fail(n, field, "the workspace has no WebSocket API (websocketApis:): connections and pushes need one")
			return nil, ""
		}
		var a *model.V2API
		switch {
		case api == "" && len(apiNames) == 1:
			a = sc.Workspace.WebSocketAPIs[0]
		case api == "":
			d.fail(n, join(field, "api"), "the workspace has %d WebSocket APIs: name one with api: (%s)", len(apiNames), strings.Join(apiNames, ", "))
			return nil, ""
		default:
			for _, x := range sc.Workspace.WebSocketAPIs {
				if x != nil && (x.Name == api || x.APIID == api) {
					a = x
				}
			}
			if a == nil {
				d.fail(n, join(field, "api"), "no WebSocket API %q%s; the workspace has %s", api, didYouMean(api, apiNames), strings.Join(apiNames, ", "))
				return nil, ""
			}
		}
		var stages []string
		for _, st := range a.Stages {
			if st != nil {
				stages = append(stages, st.StageName)
			}
		}
		if stage == "" && len(stages) > 0 {
			return a, stages[0]
		}
		for _, s := range stages {
			if s == stage {
				return a, stage
			}
		}
		d.fail(n, join(field, "stage"), "WebSocket API %s has no stage %q%s; stages: %s", a.Name, stage, didYouMean(stage, stages), strings.Join(stages, ", "))
		return nil, ""
	}
	groups := map[string]bool{}
	for i, g := range sc.Connections {
		field := fmt.Sprintf("connections[%d]", i)
		n := d.nodeAt(f["connections"], i)
		a, stage := resolve(n, field, g.API, g.Stage)
		if a != nil {
			g.API, g.Stage = a.Name, stage
		}
		if groups[g.Name] {
			d.fail(n, join(field, "name"), "two connection groups are named %q: disconnect storms name groups, so names must differ", g.Name)
		}
		groups[g.Name] = true
		for j, m := range g.Messages {
			if m.Route == "" || a == nil {
				continue
			}
			body, err := routeBody(a.RouteSelectionExpression, m.Route)
			if err != nil {
				d.fail(nil, fmt.Sprintf("%s.messages[%d].route", field, j), "%v", err)
				continue
			}
			m.Body = body
		}
	}
	for i, p := range sc.Pushes {
		field := fmt.Sprintf("pushes[%d]", i)
		n := d.nodeAt(f["pushes"], i)
		a, stage := resolve(n, field, p.API, p.Stage)
		if a == nil {
			continue
		}
		p.API, p.Stage = a.Name, stage
	}
	var groupNames []string
	for _, g := range sc.Connections {
		groupNames = append(groupNames, g.Name)
	}
	for i, s := range sc.Disconnects {
		if s.Group != "" && !groups[s.Group] {
			d.fail(d.nodeAt(f["disconnects"], i), fmt.Sprintf("disconnects[%d].group", i), "no connection group %q%s; groups: %s",
				s.Group, didYouMean(s.Group, groupNames), strings.Join(groupNames, ", "))
		}
	}
}

func (d *decoder) nodeAt(list *yaml.Node, i int) *yaml.Node {
	if list == nil || i >= len(list.Content) {
		return nil
	}
	return list.Content[i]
}

func didYouMean(s string, cands []string) string {
	if m := names.Suggest(s, cands); m != "" {
		return fmt.Sprintf(" (did you mean %q?)", m)
	}
	return ""
}

// routeBody is the message a route: shorthand sends: {"action":"sendMessage"} for the
// expression $request.body.action, nested objects for $request.body.a.b.
func routeBody(expr, route string) (string, error) {
	e := strings.TrimSpace(expr)
	if strings.HasPrefix(e, "${") && strings.HasSuffix(e, "}") {
		e = "$" + e[2:len(e)-1]
	}
	path, ok := strings.CutPrefix(e, "$request.body.")
	if !ok || path == "" || strings.ContainsAny(path, "${} []") {
		return "", fmt.Errorf("route: works with a routeSelectionExpression of the form $request.body.FIELD; this API's is %q: write the message as body:", expr)
	}
	parts := strings.Split(path, ".")
	b := strconv.Quote(route)
	for i := len(parts) - 1; i >= 0; i-- {
		b = "{" + strconv.Quote(parts[i]) + ":" + b + "}"
	}
	return b, nil
}
