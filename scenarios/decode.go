package scenarios

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"apigwlab/engine/model"
	"apigwlab/engine/userfile"
	"apigwlab/engine/yamltree"
)

// DefaultStart is the virtual instant a scenario starts at unless it says otherwise.
var DefaultStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// LoadOptions tune LoadWith.
type LoadOptions struct {
	// AllowOutside lets `workspace:` name a file outside the scenario's directory tree
	// (replay --allow-outside). Without it a scenario from elsewhere cannot make apigwlab
	// read ../../etc/shadow and echo its lines in error messages.
	AllowOutside bool
}

// Load reads a scenario file; a relative workspace path resolves against its directory and
// must stay inside that directory's tree.
func Load(path string) (*Scenario, error) { return LoadWith(path, LoadOptions{}) }

// LoadWith is Load with options.
func LoadWith(path string, o LoadOptions) (*Scenario, error) {
	data, err := userfile.Read(path, userfile.MaxSize)
	if err != nil {
		return nil, model.Errors{{Pos: model.Pos{File: path}, Msg: "cannot read the scenario: " + err.Error()}}
	}
	return Parse(path, data, func(p string) (*model.Workspace, error) {
		full := p
		if !filepath.IsAbs(full) {
			full = filepath.Join(filepath.Dir(path), p)
		}
		if !o.AllowOutside {
			if err := inside(filepath.Dir(path), full); err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
		}
		if err := model.LooksLikeWorkspace(full); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		return model.Load(full)
	})
}

// inside reports an error when path (symlinks followed) is not in dir's tree.
func inside(dir, path string) error {
	real := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			p = a
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r
		}
		return filepath.Clean(p)
	}
	d, p := real(dir), real(path)
	rel, err := filepath.Rel(d, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("the workspace is outside the scenario's directory (%s): move it under that directory, or replay with --allow-outside", dir)
	}
	return nil
}

// decoder walks a scenario's YAML and collects every problem with its position.
type decoder struct {
	file string
	errs model.Errors
}

func (d *decoder) fail(n *yaml.Node, field, format string, args ...any) {
	pos := model.Pos{File: d.file}
	if n != nil {
		pos.Line, pos.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, &model.Error{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) pos(n *yaml.Node) model.Pos {
	return model.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

// fields checks a mapping's keys against the accepted ones and returns key → value node.
func (d *decoder) fields(n *yaml.Node, field string, accepted ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		d.fail(n, field, "want a mapping with %s", strings.Join(accepted, ", "))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ok := false
		for _, a := range accepted {
			ok = ok || a == k.Value
		}
		switch {
		case !ok:
			d.fail(k, field, "unknown field %q%s; accepted: %s", k.Value, didYouMean(k.Value, accepted), strings.Join(accepted, ", "))
		case out[k.Value] != nil:
			d.fail(k, field, "%q is written twice", k.Value)
		default:
			out[k.Value] = v
		}
	}
	return out
}

func join(field, sub string) string {
	if field == "" {
		return sub
	}
	return field + "." + sub
}

func (d *decoder) str(n *yaml.Node, field string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(n, field, "want text")
		return ""
	}
	return n.Value
}

func (d *decoder) number(n *yaml.Node, field string) (float64, bool) {
	if n == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || err != nil {
		d.fail(n, field, "want a number, got %q", n.Value)
		return 0, false
	}
	return v, true
}

func (d *decoder) duration(n *yaml.Node, field string) time.Duration {
	if n == nil {
		return 0
	}
	if v, err := strconv.Atoi(n.Value); err == nil && n.Kind == yaml.ScalarNode {
		return time.Duration(v) * time.Second // a bare number is seconds in scenarios
	}
	v, err := time.ParseDuration(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v < 0 {
		d.fail(n, field, "want a duration such as 30s, 1m30s or 500ms, got %q", n.Value)
		return 0
	}
	return v
}

func (d *decoder) strMap(n *yaml.Node, field string) map[string]string {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n, field, "want a mapping of names to values")
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			d.fail(v, join(field, k.Value), "want text")
			continue
		}
		out[k.Value] = v.Value
	}
	return out
}

func (d *decoder) list(n *yaml.Node, field string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(n, field, "want a list")
		return nil
	}
	return n.Content
}

// Parse decodes a scenario from memory; loadWorkspace resolves a workspace path.
func Parse(name string, data []byte, loadWorkspace func(string) (*model.Workspace, error)) (*Scenario, error) {
	d := &decoder{file: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamltree.SyntaxError(err)
		return nil, model.Errors{{Pos: model.Pos{File: name, Line: line}, Msg: "not valid YAML: " + msg}}
	}
	if len(doc.Content) == 0 {
		return nil, model.Errors{{Pos: model.Pos{File: name}, Msg: "empty scenario: write name, workspace, traffic and expect"}}
	}
	root := doc.Content[0]
	// Anchors and aliases are ordinary YAML: expanded (within the same bounds as a
	// workspace's) so the decoder below sees a plain tree.
	if at, msg := yamltree.Over(root, yamltree.Default); at != nil {
		return nil, model.Errors{{Pos: d.pos(at), Msg: msg}}
	}
	if at := yamltree.Inline(root); at != nil {
		return nil, model.Errors{{Pos: d.pos(at), Msg: "alias *" + at.Value + " refers to a value that contains it: remove the cycle"}}
	}
	sc := &Scenario{Source: name, Start: DefaultStart}
	f := d.fields(root, "", "name", "description", "seed", "start", "duration", "workspace", "traffic", "events", "expect",
		"connections", "pushes", "disconnects")
	sc.Name = d.str(f["name"], "name")
	sc.Description = d.str(f["description"], "description")
	if n := f["seed"]; n != nil {
		v, err := strconv.ParseUint(n.Value, 10, 64)
		if err != nil {
			d.fail(n, "seed", "want a whole number ≥ 0, got %q", n.Value)
		}
		sc.Seed = v
	}
	if n := f["start"]; n != nil {
		t, err := time.Parse(time.RFC3339, n.Value)
		if err != nil {
			d.fail(n, "start", "want an RFC 3339 time such as 2026-01-01T23:59:00Z, got %q", n.Value)
		}
		sc.Start = t.UTC()
	}
	sc.Duration = d.duration(f["duration"], "duration")
	d.workspace(sc, root, f["workspace"], data, loadWorkspace)
	for i, pn := range d.list(f["traffic"], "traffic") {
		if p := d.phase(pn, fmt.Sprintf("traffic[%d]", i)); p != nil {
			sc.Traffic = append(sc.Traffic, p)
		}
	}
	for i, n := range d.list(f["connections"], "connections") {
		sc.Connections = append(sc.Connections, d.connGroup(n, fmt.Sprintf("connections[%d]", i)))
	}
	for i, n := range d.list(f["pushes"], "pushes") {
		sc.Pushes = append(sc.Pushes, d.push(n, fmt.Sprintf("pushes[%d]", i)))
	}
	for i, n := range d.list(f["disconnects"], "disconnects") {
		sc.Disconnects = append(sc.Disconnects, d.storm(n, fmt.Sprintf("disconnects[%d]", i)))
	}
	d.checkWebSocket(sc, f)
	for i, en := range d.list(f["events"], "events") {
		field := fmt.Sprintf("events[%d]", i)
		ef := d.fields(en, field, "at", "do")
		e := &Event{At: d.duration(ef["at"], join(field, "at")), Do: d.str(ef["do"], join(field, "do")), Pos: d.pos(en)}
		if ef["at"] == nil || strings.TrimSpace(e.Do) == "" {
			d.fail(en, field, "an event needs at (e.g. 30s) and do (a control-plane command such as \"update-stage --stage-name prod --patch-operations op=replace,path=/variables/alias,value=v2\")")
		}
		sc.Events = append(sc.Events, e)
	}
	for i, xn := range d.list(f["expect"], "expect") {
		if x := d.expectation(xn, fmt.Sprintf("expect[%d]", i)); x != nil {
			sc.Expect = append(sc.Expect, x)
		}
	}
	if f["name"] == nil {
		d.fail(root, "name", "a scenario needs a name")
	}
	if len(sc.Traffic) == 0 && f["traffic"] == nil && f["connections"] == nil {
		d.fail(root, "traffic", "a scenario needs traffic: a list of phases such as {from: 0s, to: 60s, rate: 10/s, request: {method: GET, path: /prod/pets}} (or, for a WebSocket API, connections: virtual clients)")
	}
	if sc.Duration == 0 {
		for _, p := range sc.Traffic {
			sc.Duration = max(sc.Duration, p.To)
		}
		for _, p := range sc.Pushes {
			sc.Duration = max(sc.Duration, p.To)
		}
	}
	if len(sc.Connections) > 0 && f["duration"] == nil {
		d.fail(root, "duration", "a scenario with connections needs duration: how long to watch them (e.g. duration: 15m to see the 10-minute idle timeout)")
	}
	for i, s := range sc.Disconnects {
		if s.At >= sc.Duration && sc.Duration > 0 {
			d.fail(nil, fmt.Sprintf("disconnects[%d].at", i), "%s is at or after the end of the run (%s)", s.At, sc.Duration)
		}
	}
	for i, e := range sc.Events {
		if e.At > sc.Duration && sc.Duration > 0 {
			d.fail(nil, fmt.Sprintf("events[%d].at", i), "%s is after the end of the run (%s)", e.At, sc.Duration)
		}
	}
	sort.SliceStable(sc.Events, func(i, j int) bool { return sc.Events[i].At < sc.Events[j].At })
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool {
			a, b := d.errs[i].Pos, d.errs[j].Pos
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Col < b.Col
		})
		return nil, d.errs
	}
	return sc, nil
}

// workspace reads `workspace:` — a path, or the workspace written inline. Inline
// workspaces are parsed from the file's own lines so that errors point into this file.
func (d *decoder) workspace(sc *Scenario, root, n *yaml.Node, data []byte, load func(string) (*model.Workspace, error)) {
	if n == nil {
		d.fail(root, "workspace", "a scenario needs a workspace: a path such as ../examples/pets.yaml, or the workspace written inline")
		return
	}
	if n.Kind == yaml.ScalarNode {
		sc.WorkspacePath = n.Value
		ws, err := load(n.Value)
		if err != nil {
			if errs, ok := err.(model.Errors); ok {
				d.errs = append(d.errs, errs...)
			} else {
				d.fail(n, "workspace", "%v", err)
			}
			return
		}
		sc.Workspace = ws
		path := n.Value
		sc.reload = func() (*model.Workspace, error) { return load(path) }
		return
	}
	text, lineOff, colOff := inlineText(data, n)
	ws, err := model.Parse(d.file, []byte(text))
	if err != nil {
		if errs, ok := err.(model.Errors); ok {
			for _, e := range errs {
				if e.Pos.Line > 0 {
					e.Pos.Line += lineOff
					e.Pos.Col += colOff
				}
				e.Field = join("workspace", e.Field)
				d.errs = append(d.errs, e)
			}
		} else {
			d.fail(n, "workspace", "%v", err)
		}
		return
	}
	sc.Workspace = ws
	sc.reload = func() (*model.Workspace, error) { return model.Parse(d.file, []byte(text)) }
}

// inlineText cuts a block mapping's lines out of the source and removes their indent, so
// the workspace parser sees it at column 1; it returns the line and column offsets.
func inlineText(data []byte, n *yaml.Node) (string, int, int) {
	if n.Style&yaml.FlowStyle != 0 {
		b, _ := yaml.Marshal(n)
		return string(b), 0, 0
	}
	lines := strings.Split(string(data), "\n")
	first := n.Line - 1
	indent := n.Column - 1
	var out []string
	for i := first; i < len(lines); i++ {
		l := lines[i]
		trimmed := strings.TrimSpace(l)
		lead := len(l) - len(strings.TrimLeft(l, " "))
		if i > first && trimmed != "" && !strings.HasPrefix(trimmed, "#") && lead < indent {
			break
		}
		if lead >= indent {
			l = l[indent:]
		} else {
			l = strings.TrimLeft(l, " ")
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n"), first, indent
}

func (d *decoder) phase(n *yaml.Node, field string) *Phase {
	f := d.fields(n, field, "name", "from", "to", "rate", "arrival", "request", "requests", "identities", "pick", "clients", "thinkTime")
	p := &Phase{Name: d.str(f["name"], join(field, "name")), From: d.duration(f["from"], join(field, "from")),
		To: d.duration(f["to"], join(field, "to")), Arrival: d.str(f["arrival"], join(field, "arrival")),
		Pick: d.str(f["pick"], join(field, "pick")), ThinkTime: d.duration(f["thinkTime"], join(field, "thinkTime")), Pos: d.pos(n)}
	if p.Name == "" {
		p.Name = field
	}
	if f["to"] == nil || p.To <= p.From {
		d.fail(n, join(field, "to"), "a phase needs from and to with from < to (e.g. from: 0s, to: 60s)")
	}
	switch p.Arrival {
	case "":
		p.Arrival = "uniform"
	case "uniform", "poisson":
	default:
		d.fail(f["arrival"], join(field, "arrival"), "%q is not an arrival process: use uniform or poisson", p.Arrival)
	}
	switch p.Pick {
	case "":
		p.Pick = "round-robin"
	case "round-robin", "weighted":
	default:
		d.fail(f["pick"], join(field, "pick"), "%q: use round-robin or weighted", p.Pick)
	}
	if rn := f["clients"]; rn != nil {
		v, err := strconv.Atoi(rn.Value)
		if err != nil || v < 1 || v > 100000 {
			d.fail(rn, join(field, "clients"), "want a whole number of clients 1–100000, got %q", rn.Value)
		}
		p.Clients = v
	}
	if rn := f["rate"]; rn != nil {
		r, err := ParseRate(rn.Value)
		if err != nil {
			d.fail(rn, join(field, "rate"), "%v", err)
		}
		p.Rate = r
	}
	if (f["rate"] == nil) == (p.Clients == 0) {
		d.fail(n, field, "a phase needs either rate (open loop: rate: 300/s) or clients (closed loop: clients: 50, thinkTime: 100ms)")
	}
	if rn := f["request"]; rn != nil {
		p.Requests = append(p.Requests, d.request(rn, join(field, "request"), false))
	}
	for i, rn := range d.list(f["requests"], join(field, "requests")) {
		p.Requests = append(p.Requests, d.request(rn, fmt.Sprintf("%s.requests[%d]", field, i), true))
	}
	if len(p.Requests) == 0 {
		d.fail(n, field, "a phase needs request: {method: GET, path: /prod/pets} or requests: a weighted list")
	}
	for i, in := range d.list(f["identities"], join(field, "identities")) {
		sub := fmt.Sprintf("%s.identities[%d]", field, i)
		idf := d.fields(in, sub, "name", "headers", "query", "sourceIp", "sourceVpce", "weight", "token")
		id := &Identity{Name: d.str(idf["name"], join(sub, "name")), Headers: d.strMap(idf["headers"], join(sub, "headers")),
			Query: d.strMap(idf["query"], join(sub, "query")), SourceIP: d.str(idf["sourceIp"], join(sub, "sourceIp")),
			SourceVpce: d.str(idf["sourceVpce"], join(sub, "sourceVpce")), Weight: 1}
		if tn := idf["token"]; tn != nil {
			id.Token = d.token(tn, join(sub, "token"))
		}
		if w, ok := d.number(idf["weight"], join(sub, "weight")); ok {
			id.Weight = w
		}
		p.Identities = append(p.Identities, id)
	}
	return p
}

func (d *decoder) token(n *yaml.Node, field string) *TokenSpec {
	f := d.fields(n, field, "userPool", "user", "client", "scopes", "tokenUse", "ttl", "header")
	t := &TokenSpec{UserPool: d.str(f["userPool"], join(field, "userPool")), User: d.str(f["user"], join(field, "user")),
		Client: d.str(f["client"], join(field, "client")), TokenUse: d.str(f["tokenUse"], join(field, "tokenUse")),
		Header: d.str(f["header"], join(field, "header")), TTL: time.Hour, Pos: d.pos(n)}
	for i, s := range d.list(f["scopes"], join(field, "scopes")) {
		t.Scopes = append(t.Scopes, d.str(s, fmt.Sprintf("%s.scopes[%d]", field, i)))
	}
	if f["ttl"] != nil {
		t.TTL = d.duration(f["ttl"], join(field, "ttl"))
	}
	if t.User == "" {
		d.fail(n, join(field, "user"), "a token needs the user it signs in: token: {userPool: users, user: alice}")
	}
	if t.TokenUse != "" && t.TokenUse != "id" && t.TokenUse != "access" {
		d.fail(f["tokenUse"], join(field, "tokenUse"), "%q: use id or access", t.TokenUse)
	}
	if t.Header == "" {
		t.Header = "Authorization"
	}
	return t
}

func (d *decoder) request(n *yaml.Node, field string, weighted bool) *RequestTemplate {
	accepted := []string{"api", "method", "path", "headers", "query", "body", "sourceIp", "sourceVpce"}
	if weighted {
		accepted = append(accepted, "weight")
	}
	f := d.fields(n, field, accepted...)
	r := &RequestTemplate{API: d.str(f["api"], join(field, "api")), Method: strings.ToUpper(d.str(f["method"], join(field, "method"))),
		Path: d.str(f["path"], join(field, "path")), Headers: d.strMap(f["headers"], join(field, "headers")),
		Query: d.strMap(f["query"], join(field, "query")), Body: d.str(f["body"], join(field, "body")),
		SourceIP: d.str(f["sourceIp"], join(field, "sourceIp")), SourceVpce: d.str(f["sourceVpce"], join(field, "sourceVpce")), Weight: 1}
	if r.Method == "" {
		r.Method = "GET"
	}
	if !strings.HasPrefix(r.Path, "/") {
		d.fail(n, join(field, "path"), "want the path a client calls, stage first, e.g. /prod/pets (got %q)", r.Path)
	}
	if w, ok := d.number(f["weight"], join(field, "weight")); ok {
		if w <= 0 {
			d.fail(f["weight"], join(field, "weight"), "weight must be > 0")
		}
		r.Weight = w
	}
	return r
}

func (d *decoder) expectation(n *yaml.Node, field string) *Expectation {
	f := d.fields(n, field, "metric", "window", "atLeast", "atMost", "equals", "between")
	x := &Expectation{Metric: d.str(f["metric"], join(field, "metric")), Pos: d.pos(n)}
	if x.Metric == "" {
		d.fail(n, join(field, "metric"), "an expectation needs a metric, e.g. status.429.ratio")
	} else if err := checkMetric(x.Metric); err != nil {
		d.fail(f["metric"], join(field, "metric"), "%v", err)
	}
	if wn := f["window"]; wn != nil {
		w, err := ParseWindow(wn.Value)
		if err != nil {
			d.fail(wn, join(field, "window"), "%v", err)
		}
		x.Window = w
	} else {
		x.Window = Window{All: true}
	}
	set := 0
	for _, k := range []string{"atLeast", "atMost", "equals"} {
		if v, ok := d.number(f[k], join(field, k)); ok {
			v := v
			set++
			switch k {
			case "atLeast":
				x.AtLeast = &v
			case "atMost":
				x.AtMost = &v
			case "equals":
				x.Equals = &v
			}
		}
	}
	if bn := f["between"]; bn != nil {
		items := d.list(bn, join(field, "between"))
		if len(items) != 2 {
			d.fail(bn, join(field, "between"), "want two numbers: between: [0.1, 0.2]")
		} else {
			a, ok1 := d.number(items[0], join(field, "between"))
			b, ok2 := d.number(items[1], join(field, "between"))
			if ok1 && ok2 {
				x.Between = &[2]float64{min(a, b), max(a, b)}
				set++
			}
		}
	}
	if set == 0 {
		d.fail(n, field, "an expectation needs a comparison: atLeast, atMost, equals or between")
	}
	return x
}
