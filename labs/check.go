package labs

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/mapping"
	"apigwlab/engine/model"
	"apigwlab/engine/userfile"
	"apigwlab/engine/wire"
	"apigwlab/scenarios"
)

// Env is the state a lab is checked against: the learner's workspace and the control-plane
// commands applied to it since (the CLI keeps them in commands.log; the TUI in memory).
type Env struct {
	File      string // name used in error positions, e.g. lab-cors/workspace.yaml
	Workspace []byte
	Commands  []string
	// CommandsFile names the commands in errors ("commands.log").
	CommandsFile string
	// Files are files next to the workspace by name (a lab's files), read instead of the
	// disk when the workspace names them; nil: the disk (a lab directory holds them).
	Files map[string]string
}

// parse loads the workspace, reading the files it names from Files first.
func (env Env) parse() (*model.Workspace, error) {
	if len(env.Files) == 0 {
		return model.Parse(env.File, env.Workspace)
	}
	dir := filepath.Dir(env.File)
	return model.ParseWith(env.File, env.Workspace, func(p string) ([]byte, error) {
		if rel, err := filepath.Rel(dir, p); err == nil {
			if s, ok := env.Files[filepath.ToSlash(rel)]; ok {
				return []byte(s), nil
			}
		}
		return userfile.Read(p, userfile.MaxSize)
	})
}

// Result is the outcome of one objective.
type Result struct {
	Title    string `json:"title"`
	Kind     string `json:"kind"`
	Met      bool   `json:"met"`
	Observed string `json:"observed"`
	Goal     string `json:"goal"`
	Reason   string `json:"reason"` // one line
}

// StepResult holds the results of one step's objectives.
type StepResult struct {
	Step    int      `json:"step"` // 0-based
	Title   string   `json:"title"`
	Results []Result `json:"objectives"`
}

// Met reports whether every objective of the step is met.
func (s StepResult) Met() bool {
	for _, r := range s.Results {
		if !r.Met {
			return false
		}
	}
	return len(s.Results) > 0
}

// start is the virtual instant checks run at: fixed, so checks are deterministic.
var start = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

// Validate loads the workspace and applies the commands once; the error (model.Errors for a
// bad workspace) means the files are bad, not that an objective is unmet.
func (env Env) Validate() error {
	gw, _, err := env.gateway()
	if err == nil {
		gw.Close()
	}
	return err
}

// gateway deploys a fresh gateway from the workspace and replays the commands on it, so
// each objective starts from the same state, whatever the previous one did to buckets,
// caches and quotas.
func (env Env) gateway() (*engine.Gateway, *clock.Virtual, error) {
	ws, err := env.parse()
	if err != nil {
		return nil, nil, err
	}
	vc := clock.NewVirtual(start)
	gw, err := engine.New(ws, engine.Options{Clock: vc, Seed: 1, DeclaredTime: true})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: deploy: %w", env.File, err)
	}
	for i, c := range env.Commands {
		if strings.TrimSpace(c) == "" {
			continue // blank lines keep commands.log line numbers
		}
		if _, err := gw.Exec(c); err != nil {
			name := env.CommandsFile
			if name == "" {
				name = "commands"
			}
			return nil, nil, fmt.Errorf("%s:%d: %s: %w", name, i+1, c, err)
		}
	}
	return gw, vc, nil
}

// Check evaluates the objectives of step i (0-based). The error means the workspace or
// commands are bad (the CLI's exit 2); unmet objectives are results, not errors.
func (l *Lab) Check(env Env, i int) (StepResult, error) {
	if i < 0 || i >= len(l.Steps) {
		return StepResult{}, fmt.Errorf("lab %s has no step %d", l.ID, i+1)
	}
	if err := env.Validate(); err != nil {
		return StepResult{}, err
	}
	s := l.Steps[i]
	out := StepResult{Step: i, Title: s.Title}
	for _, o := range s.Objectives {
		out.Results = append(out.Results, o.Check(env))
	}
	return out, nil
}

// Check evaluates one objective against a fresh gateway built from env.
func (o *Objective) Check(env Env) Result {
	r := Result{Title: o.Title, Kind: o.Kind()}
	if o.Kind() == KindTemplate {
		o.checkTemplate(env, &r)
		return r
	}
	gw, vc, err := env.gateway()
	if err != nil {
		r.Reason = "the workspace does not load: " + firstLine(err.Error())
		return r
	}
	defer gw.Close()
	switch o.Kind() {
	case KindRequest:
		o.checkRequest(gw, vc, &r)
	case KindRequests:
		o.checkRequests(gw, vc, &r)
	case KindState:
		o.checkState(gw, &r)
	case KindReplay:
		o.checkReplay(env, &r)
	default:
		r.Reason = "objective of no known kind"
	}
	return r
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func (rs *RequestSpec) build() *engine.Request {
	p, rawQuery, _ := strings.Cut(rs.Path, "?")
	if len(rs.Query) > 0 {
		q := url.Values{}
		keys := slices.Sorted(maps.Keys(rs.Query))
		for _, k := range keys {
			q.Add(k, rs.Query[k])
		}
		if rawQuery != "" {
			rawQuery += "&"
		}
		rawQuery += q.Encode()
	}
	req := &engine.Request{API: rs.API, Method: strings.ToUpper(rs.Method), Path: p, RawQuery: rawQuery, Body: rs.Body, SourceIP: rs.SourceIP, SourceVpce: rs.SourceVpce}
	for _, k := range slices.Sorted(maps.Keys(rs.Headers)) {
		req.Header = append(req.Header, wire.Header{Name: k, Value: rs.Headers[k]})
	}
	if rs.APIKey != "" {
		req.Header = append(req.Header, wire.Header{Name: "x-api-key", Value: rs.APIKey})
	}
	if _, ok := req.Header.Get("Content-Type"); rs.Body != "" && !ok {
		req.Header = append(req.Header, wire.Header{Name: "Content-Type", Value: "application/json"})
	}
	return req
}

func parseEvery(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("want a duration such as 1s or 100ms, got %q", s)
	}
	return d, nil
}

// send builds the request, adds its token or signature, and invokes the gateway; trace
// asks for the hops (the CORS verdict is one).
func (rs *RequestSpec) send(gw *engine.Gateway, trace bool) (*engine.Response, error) {
	req := rs.build()
	req.Trace = trace
	if t := rs.Token; t != nil {
		tok, err := gw.MintToken(engine.TokenRequest{UserPool: t.UserPool, User: t.User, Client: t.Client,
			Scopes: t.Scopes, TokenUse: t.TokenUse, TTL: time.Hour}, gw.Now())
		if err != nil {
			return nil, fmt.Errorf("token: %w", err)
		}
		h := t.Header
		if h == "" {
			h = "Authorization"
		}
		req.Header = append(req.Header, wire.Header{Name: h, Value: tok})
	}
	if rs.SigV4 != "" {
		id, secret, _ := strings.Cut(rs.SigV4, ":")
		if err := gw.SignRequest(req, id, secret); err != nil {
			return nil, fmt.Errorf("sigv4: %w", err)
		}
	}
	return gw.Invoke(req), nil
}

func (o *Objective) checkRequest(gw *engine.Gateway, vc *clock.Virtual, r *Result) {
	rs := o.Request
	times := max(rs.Times, 1)
	every := time.Second
	if rs.Every != "" {
		every, _ = parseEvery(rs.Every)
	}
	for i := range rs.Before {
		if _, err := rs.Before[i].send(gw, false); err != nil {
			r.Reason = "before: " + err.Error()
			return
		}
		vc.Advance(time.Second)
	}
	var resp *engine.Response
	for i := range times {
		if i > 0 {
			vc.Advance(every)
		}
		var err error
		if resp, err = rs.send(gw, o.Expect.CORS != "" && i == times-1); err != nil {
			r.Reason = err.Error()
			return
		}
	}
	var goals, seen, bad []string
	e := &o.Expect
	check := func(name, goal, got string, ok bool) {
		goals = append(goals, name+" "+goal)
		seen = append(seen, name+" "+got)
		if !ok {
			bad = append(bad, fmt.Sprintf("%s is %s, want %s", name, got, goal))
		}
	}
	if e.Status != 0 {
		check("status", strconv.Itoa(e.Status), strconv.Itoa(resp.Status), resp.Status == e.Status)
	}
	if e.Body != nil {
		check("body", quote(*e.Body), quote(resp.Body), resp.Body == *e.Body)
	}
	if e.Contains != "" {
		check("body", "containing "+quote(e.Contains), quote(resp.Body), strings.Contains(resp.Body, e.Contains))
	}
	if e.NotContains != "" {
		check("body", "without "+quote(e.NotContains), quote(resp.Body), !strings.Contains(resp.Body, e.NotContains))
	}
	if e.JSON.Kind != 0 {
		goal, ok, why := jsonSubset(&e.JSON, resp.Body)
		check("body", "with JSON "+goal, quote(resp.Body), ok)
		if !ok && why != "" {
			bad[len(bad)-1] = "body: " + why
		}
	}
	for _, k := range slices.Sorted(maps.Keys(e.Headers)) {
		want := e.Headers[k]
		got, present := headerValue(resp.Header, k)
		if want == "" {
			check(k, "present", presence(present, got), present)
		} else {
			check(k, quote(want), presence(present, got), present && got == want)
		}
	}
	for _, k := range e.NoHeaders {
		got, present := headerValue(resp.Header, k)
		check(k, "absent", presence(present, got), !present)
	}
	if e.Cache != "" {
		got := [...]string{"none", "hit", "miss"}[min(max(resp.Cache, 0), 2)]
		check("cache", e.Cache, got, got == e.Cache)
	}
	if e.Canary != nil {
		check("canary", strconv.FormatBool(*e.Canary), strconv.FormatBool(resp.Canary), resp.Canary == *e.Canary)
	}
	if e.GatewayResponse != "" {
		got := resp.GatewayResponse
		if got == "" {
			got = "none"
		}
		check("gateway response", e.GatewayResponse, got, got == e.GatewayResponse)
	}
	if e.Function != "" {
		got := resp.Function
		if got == "" {
			got = "-"
		}
		check("function", e.Function, got, got == e.Function)
	}
	if e.Authorizer != "" {
		got := resp.AuthorizerFunction
		if got == "" {
			got = "-"
		}
		check("authorizer", e.Authorizer, got, got == e.Authorizer)
	}
	if e.Version != "" {
		check("version", e.Version, resp.FunctionVersion, resp.FunctionVersion == e.Version)
	}
	if e.AccessLog != "" {
		check("access log", "containing "+quote(e.AccessLog), quote(resp.AccessLog), strings.Contains(resp.AccessLog, e.AccessLog))
	}
	if e.AccessLogMatches != "" {
		re := regexp.MustCompile(e.AccessLogMatches) // compiled once by validate
		check("access log", "matching "+quote(e.AccessLogMatches), quote(resp.AccessLog), re.MatchString(resp.AccessLog))
	}
	if e.CORS != "" {
		got, why := corsVerdict(resp)
		check("browser", e.CORS, got, got == e.CORS)
		if got != e.CORS && why != "" {
			bad[len(bad)-1] += " (" + why + ")"
		}
	}
	r.Goal = strings.Join(goals, ", ")
	r.Observed = strings.Join(seen, ", ")
	r.Met = len(bad) == 0
	what := fmt.Sprintf("%s %s", strings.ToUpper(rs.Method), rs.Path)
	if times > 1 {
		what = fmt.Sprintf("the last of %d × %s", times, what)
	}
	if r.Met {
		r.Reason = what + " answers as expected"
	} else {
		r.Reason = what + ": " + strings.Join(bad, "; ")
	}
}

// corsVerdict reads the engine's cors hop: what a browser does with the answer.
func corsVerdict(resp *engine.Response) (verdict, why string) {
	if resp.Trace != nil {
		for _, h := range resp.Trace.Hops {
			if h.Stage != "cors" {
				continue
			}
			if h.Decision == "browser reads it" {
				return "allowed", ""
			}
			for _, f := range h.Facts {
				if f.Key == "browser reports" {
					why = f.Value
				}
			}
			return "blocked", why
		}
	}
	return "blocked", "no CORS check was recorded"
}

func presence(present bool, v string) string {
	if !present {
		return "absent"
	}
	return quote(v)
}

func headerValue(h wire.Headers, name string) (string, bool) { return h.Get(name) }

// quote shows a value on one line, shortened.
func quote(s string) string {
	if len(s) > 120 {
		s = s[:117] + "…"
	}
	return strconv.Quote(s)
}

func (o *Objective) checkRequests(gw *engine.Gateway, vc *clock.Virtual, r *Result) {
	b := o.Requests
	gap := time.Duration(float64(time.Second) / b.Rate)
	counts := map[string]int{}
	for i := range b.Count {
		if i > 0 {
			vc.Advance(gap)
		}
		resp, err := b.Request.send(gw, false)
		if err != nil {
			r.Reason = err.Error()
			return
		}
		counts[strconv.Itoa(resp.Status)]++
	}
	var goals, bad []string
	for _, code := range slices.Sorted(maps.Keys(o.Expect.Counts)) {
		rg := o.Expect.Counts[code]
		goal := rg.String()
		goals = append(goals, code+" "+goal)
		if got := counts[code]; !rg.holds(got) {
			bad = append(bad, fmt.Sprintf("%d × %s, want %s", got, code, goal))
		}
	}
	var seen []string
	for _, code := range slices.Sorted(maps.Keys(counts)) {
		seen = append(seen, fmt.Sprintf("%s × %d", code, counts[code]))
	}
	r.Goal = strings.Join(goals, ", ")
	r.Observed = strings.Join(seen, ", ")
	r.Met = len(bad) == 0
	what := fmt.Sprintf("%d × %s %s at %v/s", b.Count, strings.ToUpper(b.Request.Method), b.Request.Path, b.Rate)
	if r.Met {
		r.Reason = what + ": counts as expected"
	} else {
		r.Reason = what + ": " + strings.Join(bad, "; ")
	}
}

// String renders a range as "= 5", "≥ 1", "≤ 3" or "1–3".
func (rg Range) String() string {
	switch {
	case rg.Equals != nil:
		return "= " + strconv.Itoa(*rg.Equals)
	case rg.AtLeast != nil && rg.AtMost != nil:
		return fmt.Sprintf("%d–%d", *rg.AtLeast, *rg.AtMost)
	case rg.AtLeast != nil:
		return "≥ " + strconv.Itoa(*rg.AtLeast)
	case rg.AtMost != nil:
		return "≤ " + strconv.Itoa(*rg.AtMost)
	}
	return "any"
}

func (rg Range) holds(n int) bool {
	return (rg.Equals == nil || n == *rg.Equals) && (rg.AtLeast == nil || n >= *rg.AtLeast) && (rg.AtMost == nil || n <= *rg.AtMost)
}

func (o *Objective) checkState(gw *engine.Gateway, r *Result) {
	st, e := o.State, &o.Expect
	var goals []string
	if e.Equals.Kind != 0 {
		goals = append(goals, "= "+nodeJSON(&e.Equals))
	}
	if e.AtLeast != nil {
		goals = append(goals, "≥ "+strconv.FormatFloat(*e.AtLeast, 'f', -1, 64))
	}
	if e.AtMost != nil {
		goals = append(goals, "≤ "+strconv.FormatFloat(*e.AtMost, 'f', -1, 64))
	}
	if e.Exists != nil {
		goals = append(goals, map[bool]string{true: "present", false: "absent"}[*e.Exists])
	}
	if e.EqualsPath != "" {
		goals = append(goals, "= "+e.EqualsPath)
	}
	r.Goal = st.Path + " " + strings.Join(goals, ", ")
	out, err := gw.Exec(st.Command)
	if err != nil {
		r.Observed = "error"
		r.Reason = st.Command + ": " + firstLine(err.Error())
		return
	}
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		r.Reason = st.Command + " did not print JSON"
		return
	}
	path, _ := parseJSONPath(st.Path)
	v, found := path.lookup(doc)
	r.Observed = st.Path + " absent"
	if found {
		b, _ := json.Marshal(v)
		r.Observed = st.Path + " = " + string(b)
	}
	var bad []string
	if e.Exists != nil && found != *e.Exists {
		bad = append(bad, "it is "+map[bool]string{true: "present", false: "absent"}[found])
	}
	if e.Equals.Kind != 0 {
		var want any
		_ = e.Equals.Decode(&want)
		if !found || !jsonEqual(want, v) {
			bad = append(bad, "it is not "+nodeJSON(&e.Equals))
		}
	}
	if e.EqualsPath != "" {
		other, _ := parseJSONPath(e.EqualsPath)
		w, ok := other.lookup(doc)
		if !found || !ok || !jsonEqual(w, v) {
			b, _ := json.Marshal(w)
			bad = append(bad, "it is not "+e.EqualsPath+" ("+string(b)+")")
		}
	}
	num, isNum := v.(float64)
	if e.AtLeast != nil && (!isNum || num < *e.AtLeast) {
		bad = append(bad, "it is not ≥ "+strconv.FormatFloat(*e.AtLeast, 'f', -1, 64))
	}
	if e.AtMost != nil && (!isNum || num > *e.AtMost) {
		bad = append(bad, "it is not ≤ "+strconv.FormatFloat(*e.AtMost, 'f', -1, 64))
	}
	r.Met = len(bad) == 0
	if r.Met {
		r.Reason = st.Command + ": " + st.Path + " as expected"
	} else {
		r.Reason = st.Command + ": " + st.Path + ": " + strings.Join(bad, "; ")
	}
}

// nodeJSON renders a YAML value as JSON for display.
func nodeJSON(n *yaml.Node) string {
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	b, err := json.Marshal(normalize(v))
	if err != nil {
		return n.Value
	}
	return string(b)
}

// normalize turns a YAML-decoded value into the shape encoding/json decodes to
// (map[string]any, float64), so the two compare with reflect.DeepEqual.
func normalize(v any) any {
	b, err := json.Marshal(toStringKeys(v))
	if err != nil {
		return v
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func toStringKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = toStringKeys(x)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = toStringKeys(x)
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = toStringKeys(x)
		}
		return out
	}
	return v
}

func jsonEqual(yamlValue, jsonValue any) bool {
	return reflect.DeepEqual(normalize(yamlValue), jsonValue)
}

// jsonSubset checks that body is JSON containing want: every key of a wanted object is
// present with a matching value; arrays must match element by element.
func jsonSubset(want *yaml.Node, body string) (goal string, ok bool, why string) {
	goal = nodeJSON(want)
	var w any
	if err := want.Decode(&w); err != nil {
		return goal, false, "the expected JSON does not decode"
	}
	var got any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		return goal, false, "it is not JSON"
	}
	if why, ok := subset(normalize(w), got, "$"); !ok {
		return goal, false, why
	}
	return goal, true, ""
}

// subset says where got first differs from want, with both values there ("at $.headers
// it differs from" and the whole goal did not say what was wrong).
func subset(want, got any, at string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return differs(at, want, got), false
		}
		for _, k := range slices.Sorted(maps.Keys(w)) {
			gv, ok := g[k]
			if !ok {
				return fmt.Sprintf("%s.%s is missing, want %s", at, k, shortJSON(w[k])), false
			}
			if why, ok := subset(w[k], gv, at+"."+k); !ok {
				return why, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return differs(at, want, got), false
		}
		for i := range w {
			if why, ok := subset(w[i], g[i], fmt.Sprintf("%s[%d]", at, i)); !ok {
				return why, false
			}
		}
		return "", true
	}
	if !reflect.DeepEqual(want, got) {
		return differs(at, want, got), false
	}
	return "", true
}

func differs(at string, want, got any) string {
	return fmt.Sprintf("%s is %s, want %s", at, shortJSON(got), shortJSON(want))
}

// shortJSON is v as JSON, cut at 80 bytes (a whole response body would drown the line).
func shortJSON(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// scenario builds the objective's inline scenario against the env's workspace, with the
// env's commands as events at 0 s.
func (o *Objective) scenario(env Env) (*scenarios.Scenario, error) {
	// The scenario is written inline without a workspace: the lab's workspace (with the
	// commands applied at 0 s as events) is what it replays against.
	n := o.Replay
	n.Content = append([]*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "workspace"}, {Kind: yaml.ScalarNode, Value: "lab-workspace"},
	}, n.Content...)
	if !hasKey(o.Replay.Content, "name") {
		n.Content = append([]*yaml.Node{{Kind: yaml.ScalarNode, Value: "name"}, {Kind: yaml.ScalarNode, Value: "lab objective"}}, n.Content...)
	}
	if len(env.Commands) > 0 {
		n.Content = withEvents(n.Content, env.Commands)
	}
	data, err := yaml.Marshal(&n)
	if err != nil {
		return nil, err
	}
	load := func(string) (*model.Workspace, error) { return env.parse() }
	return scenarios.Parse("replay", data, load)
}

func (o *Objective) checkReplay(env Env, r *Result) {
	sc, err := o.scenario(env)
	if err != nil {
		r.Reason = "replay: the scenario is not valid: " + firstLine(err.Error())
		return
	}
	res, err := scenarios.Run(sc, scenarios.Options{})
	if err != nil {
		r.Reason = "replay: " + firstLine(err.Error())
		return
	}
	var goals, seen, bad []string
	for _, x := range res.Expectations {
		goals = append(goals, fmt.Sprintf("%s[%s] %s", x.Metric, x.Window, x.Want))
		seen = append(seen, fmt.Sprintf("%s[%s] = %s", x.Metric, x.Window, strconv.FormatFloat(x.Got, 'f', -1, 64)))
		if !x.OK {
			bad = append(bad, fmt.Sprintf("%s over %s is %s, want %s", x.Metric, x.Window, strconv.FormatFloat(x.Got, 'f', -1, 64), x.Want))
		}
	}
	r.Goal = strings.Join(goals, ", ")
	r.Observed = strings.Join(seen, ", ")
	r.Met = res.Passed && len(bad) == 0
	if r.Met {
		r.Reason = "the replay meets every expectation"
	} else {
		r.Reason = "replay: " + strings.Join(bad, "; ")
	}
}

// withEvents prepends the commands as events at 0 s to the scenario mapping's events.
func withEvents(content []*yaml.Node, cmds []string) []*yaml.Node {
	evs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, c := range cmds {
		if strings.TrimSpace(c) == "" {
			continue
		}
		evs.Content = append(evs.Content, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: "at"}, {Kind: yaml.ScalarNode, Value: "0s"},
			{Kind: yaml.ScalarNode, Value: "do"}, {Kind: yaml.ScalarNode, Value: c, Style: yaml.DoubleQuotedStyle},
		}})
	}
	for i := 0; i+1 < len(content); i += 2 {
		if content[i].Value == "events" && content[i+1].Kind == yaml.SequenceNode {
			cp := *content[i+1]
			cp.Content = append(evs.Content, cp.Content...)
			out := append([]*yaml.Node{}, content...)
			out[i+1] = &cp
			return out
		}
	}
	return append(append([]*yaml.Node{}, content...), &yaml.Node{Kind: yaml.ScalarNode, Value: "events"}, evs)
}

func (o *Objective) checkTemplate(env Env, r *Result) {
	t := o.Template
	src := t.Source
	ct := t.ContentType
	if ct == "" {
		ct = "application/json"
	}
	where := "the inline template"
	if t.Resource != "" {
		ws, err := env.parse()
		if err != nil {
			r.Reason = "the workspace does not load: " + firstLine(err.Error())
			return
		}
		var found bool
		src, found, where = findTemplate(ws, t, ct)
		if !found {
			r.Goal = "a template at " + where
			r.Observed = "none"
			r.Reason = "there is no template at " + where
			return
		}
	}
	in := &mapping.Input{Body: t.Body, StageVars: map[string]string{}}
	for k, v := range t.StageVariables {
		in.StageVars[k] = v
	}
	for _, k := range slices.Sorted(maps.Keys(t.Params)) {
		v := t.Params[k]
		switch {
		case strings.HasPrefix(k, "path."):
			in.Path = append(in.Path, mapping.Param{Name: k[5:], Value: v})
		case strings.HasPrefix(k, "header."):
			in.Header = append(in.Header, mapping.Param{Name: k[7:], Value: v})
		default:
			in.Query = append(in.Query, mapping.Param{Name: strings.TrimPrefix(k, "querystring."), Value: v})
		}
	}
	tpl, err := mapping.Compile(where, src)
	if err != nil {
		r.Observed = "template error"
		r.Reason = firstLine(err.Error())
		return
	}
	res, err := tpl.Render(in)
	if err != nil {
		r.Observed = "render error"
		r.Reason = firstLine(err.Error())
		return
	}
	out, e := res.Output, &o.Expect
	var goals, bad []string
	if e.Body != nil {
		goals = append(goals, "output "+quote(*e.Body))
		if strings.TrimSpace(out) != strings.TrimSpace(*e.Body) {
			bad = append(bad, "the output differs")
		}
	}
	if e.Contains != "" {
		goals = append(goals, "output containing "+quote(e.Contains))
		if !strings.Contains(out, e.Contains) {
			bad = append(bad, "the output lacks "+quote(e.Contains))
		}
	}
	if e.JSON.Kind != 0 {
		goal, ok, why := jsonSubset(&e.JSON, out)
		goals = append(goals, "output with JSON "+goal)
		if !ok {
			bad = append(bad, "output: "+why)
		}
	}
	r.Goal = strings.Join(goals, ", ")
	r.Observed = "output " + quote(out)
	r.Met = len(bad) == 0
	if r.Met {
		r.Reason = where + " renders as expected"
	} else {
		r.Reason = where + ": " + strings.Join(bad, "; ")
	}
}

// findTemplate finds the request or response template an objective names.
func findTemplate(ws *model.Workspace, t *TemplateSpec, ct string) (string, bool, string) {
	kind := "request template"
	if t.Response {
		kind = "response template (" + t.StatusCode + ")"
	}
	where := fmt.Sprintf("%s %s %s [%s]", t.Method, t.Resource, kind, ct)
	for _, api := range ws.RestAPIs {
		if api == nil || (t.API != "" && api.Name != t.API) {
			continue
		}
		for _, res := range api.Resources {
			if res == nil || res.Path != t.Resource {
				continue
			}
			for _, m := range res.Methods {
				if m == nil || m.HTTPMethod != strings.ToUpper(t.Method) || m.Integration == nil {
					continue
				}
				if !t.Response {
					src, ok := m.Integration.RequestTemplates[ct]
					return src, ok, where
				}
				for _, ir := range m.Integration.IntegrationResponses {
					if ir != nil && ir.StatusCode == t.StatusCode {
						src, ok := ir.ResponseTemplates[ct]
						return src, ok, where
					}
				}
			}
		}
	}
	return "", false, where
}

// Apply returns the env with a solution applied: its edits on the workspace and the lab
// files they name, its commands after the ones already run.
func (env Env) Apply(s Solution) (Env, error) {
	out := env
	byFile := EditsByFile(s.Edits)
	if edits := byFile[""]; len(edits) > 0 {
		ws, err := ApplyEdits(env.Workspace, edits)
		if err != nil {
			return env, err
		}
		out.Workspace = ws
	}
	for _, f := range slices.Sorted(maps.Keys(byFile)) {
		if f == "" {
			continue
		}
		text, ok := env.Files[f]
		if !ok {
			return env, fmt.Errorf("edit of %s: the lab has no such file", f)
		}
		b, err := ApplyEdits([]byte(text), byFile[f])
		if err != nil {
			return env, fmt.Errorf("%s: %w", f, err)
		}
		out.Files = maps.Clone(out.Files)
		out.Files[f] = string(b)
	}
	out.Commands = append(append([]string{}, env.Commands...), s.Commands...)
	return out, nil
}

// EditsByFile groups edits by the file they change ("" for workspace.yaml), keeping their order.
func EditsByFile(edits []*Edit) map[string][]*Edit {
	out := map[string][]*Edit{}
	for _, e := range edits {
		out[e.File] = append(out[e.File], e)
	}
	return out
}

// Exec runs one control-plane command on the env's gateway (workspace plus the commands
// already run) and returns what it printed.
func (env Env) Exec(line string) (string, error) {
	gw, _, err := env.gateway()
	if err != nil {
		return "", err
	}
	defer gw.Close()
	return gw.Exec(line)
}

func hasKey(content []*yaml.Node, key string) bool {
	for i := 0; i+1 < len(content); i += 2 {
		if content[i].Value == key {
			return true
		}
	}
	return false
}
