package lambda

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"apigwlab/engine/model"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }
func ip(n int) *int          { return &n }
func fixed(d time.Duration) *model.Latency {
	return &model.Latency{Fixed: d}
}

// event returns an Event builder for a JSON document and counts how often it is called.
func event(doc string, calls *int) func() []byte {
	return func() []byte {
		if calls != nil {
			*calls++
		}
		return []byte(doc)
	}
}

func mustNew(t testing.TB, fns ...*model.Function) *Service {
	t.Helper()
	s, err := New(fns, "", "", 42)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func mustInvoke(t testing.TB, s *Service, inv *Invocation) Result {
	t.Helper()
	if inv.Now.IsZero() {
		inv.Now = t0
	}
	r, err := s.Invoke(inv)
	if err != nil {
		t.Fatalf("Invoke(%s:%s): %v", inv.Function, inv.Qualifier, err)
	}
	return r
}

func TestPayloads(t *testing.T) {
	proxyEvent := `{"path":"/pets","body":"<b>&"}`
	tests := []struct {
		name      string
		fn        model.Function
		proxy     bool
		event     string
		payload   string
		value     any
		fnError   string
		errMsg    string
		wantEvent int // how many times Event must be called
	}{
		{
			name:    "returns object",
			fn:      model.Function{Behavior: model.Behavior{Returns: map[string]any{"statusCode": 200, "body": `[{"id":1}]`}}},
			payload: `{"body":"[{\"id\":1}]","statusCode":200}`,
			value:   map[string]any{"statusCode": float64(200), "body": `[{"id":1}]`},
		},
		{
			name:    "returns string without HTML escaping",
			fn:      model.Function{Behavior: model.Behavior{Returns: "a<b&c"}},
			payload: `"a<b&c"`,
			value:   "a<b&c",
		},
		{
			name:    "returns YAML-style nested map",
			fn:      model.Function{Behavior: model.Behavior{Returns: map[string]any{"a": map[any]any{1: []any{true, nil}}}}},
			payload: `{"a":{"1":[true,null]}}`,
			value:   map[string]any{"a": map[string]any{"1": []any{true, nil}}},
		},
		{
			name:    "nothing returned is JSON null",
			fn:      model.Function{},
			payload: `null`,
			value:   nil,
		},
		{
			name:    "error with default type",
			fn:      model.Function{Behavior: model.Behavior{Error: &model.FunctionError{ErrorMessage: "Pet not found"}}},
			payload: `{"errorMessage":"Pet not found","errorType":"Error","stackTrace":[]}`,
			value:   map[string]any{"errorMessage": "Pet not found", "errorType": "Error", "stackTrace": []any{}},
			fnError: "Unhandled",
			errMsg:  "Pet not found",
		},
		{
			name:    "error wins over returns",
			fn:      model.Function{Behavior: model.Behavior{Returns: 1, Error: &model.FunctionError{ErrorMessage: "boom", ErrorType: "ValueError"}}},
			payload: `{"errorMessage":"boom","errorType":"ValueError","stackTrace":[]}`,
			value:   map[string]any{"errorMessage": "boom", "errorType": "ValueError", "stackTrace": []any{}},
			fnError: "Unhandled",
			errMsg:  "boom",
		},
		{
			name:      "echo non-proxy returns the event",
			fn:        model.Function{Behavior: model.Behavior{Echo: true}},
			event:     `{"id":"7","n":3}`,
			payload:   `{"id":"7","n":3}`,
			value:     map[string]any{"id": "7", "n": float64(3)},
			wantEvent: 1,
		},
		{
			name:      "echo proxy wraps the event",
			fn:        model.Function{Behavior: model.Behavior{Echo: true}},
			proxy:     true,
			event:     proxyEvent,
			payload:   `{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"path\":\"/pets\",\"body\":\"<b>&\"}"}`,
			value:     map[string]any{"statusCode": float64(200), "headers": map[string]any{"Content-Type": "application/json"}, "body": proxyEvent},
			wantEvent: 1,
		},
		{
			name:    "plain returns never builds the event",
			fn:      model.Function{Behavior: model.Behavior{Returns: true}},
			event:   `{}`,
			payload: `true`,
			value:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := tt.fn
			fn.FunctionName = "f"
			s := mustNew(t, &fn)
			calls := 0
			r := mustInvoke(t, s, &Invocation{Function: "f", Event: event(tt.event, &calls), Proxy: tt.proxy})
			if string(r.Payload) != tt.payload {
				t.Errorf("payload\n got %s\nwant %s", r.Payload, tt.payload)
			}
			if !reflect.DeepEqual(r.Value, tt.value) {
				t.Errorf("value got %#v want %#v", r.Value, tt.value)
			}
			var decoded any
			if err := json.Unmarshal(r.Payload, &decoded); err != nil || !reflect.DeepEqual(decoded, r.Value) {
				t.Errorf("Value is not Payload decoded: %#v vs %s (%v)", r.Value, r.Payload, err)
			}
			if r.FunctionError != tt.fnError || r.ErrorMessage != tt.errMsg {
				t.Errorf("FunctionError %q ErrorMessage %q, want %q %q", r.FunctionError, r.ErrorMessage, tt.fnError, tt.errMsg)
			}
			if calls != tt.wantEvent {
				t.Errorf("Event called %d times, want %d", calls, tt.wantEvent)
			}
			if r.ExecutedVersion != "$LATEST" {
				t.Errorf("ExecutedVersion %q", r.ExecutedVersion)
			}
		})
	}
}

func TestCases(t *testing.T) {
	fn := &model.Function{
		FunctionName: "auth",
		Behavior:     model.Behavior{Returns: "default", Latency: fixed(ms(10))},
		Cases: []*model.Case{
			{When: map[string]string{"authorizationToken": "allow"}, Behavior: model.Behavior{Returns: "allowed"}},
			{When: map[string]string{"authorizationToken": "deny"}, Behavior: model.Behavior{Error: &model.FunctionError{ErrorMessage: "Unauthorized"}}},
			{When: map[string]string{"$.queryStringParameters.id": "42"}, Behavior: model.Behavior{Returns: "id42", Latency: fixed(ms(99))}},
			{When: map[string]string{"$.headers.Authorization": "Bearer x", "$.requestContext.identity.sourceIp": "10.0.0.1"}, Behavior: model.Behavior{Returns: "both"}},
			{When: map[string]string{"$.a[1]": "second"}, Behavior: model.Behavior{Returns: "index"}},
			{When: map[string]string{"$['odd key'].n": "1.50"}, Behavior: model.Behavior{Returns: "literal number"}},
			{When: map[string]string{"$.flag": "true"}, Behavior: model.Behavior{Returns: "bool"}},
			{When: map[string]string{"$.nothing": "null"}, Behavior: model.Behavior{Returns: "null value"}},
			{When: map[string]string{"$.slow": "yes"}, Behavior: model.Behavior{Latency: fixed(ms(500))}},
			{When: map[string]string{"$.obj": `{"k":1}`}, Behavior: model.Behavior{Returns: "object"}},
			{When: map[string]string{"requestContext.stage": "prod"}, Behavior: model.Behavior{Returns: "dotted top-level key"}},
		},
	}
	tests := []struct {
		name    string
		event   string
		value   any
		latency time.Duration
		fnError string
	}{
		{"top-level key", `{"type":"TOKEN","authorizationToken":"allow"}`, "allowed", ms(10), ""},
		{"top-level key raises", `{"authorizationToken":"deny"}`, map[string]any{"errorMessage": "Unauthorized", "errorType": "Error", "stackTrace": []any{}}, ms(10), "Unhandled"},
		{"JSONPath string", `{"queryStringParameters":{"id":"42"}}`, "id42", ms(99), ""},
		{"JSONPath number as text", `{"queryStringParameters":{"id":42}}`, "id42", ms(99), ""},
		{"number text is literal", `{"queryStringParameters":{"id":42.0}}`, "default", ms(10), ""},
		{"all conditions needed", `{"headers":{"Authorization":"Bearer x"},"requestContext":{"identity":{"sourceIp":"10.0.0.1"}}}`, "both", ms(10), ""},
		{"one condition missing", `{"headers":{"Authorization":"Bearer x"}}`, "default", ms(10), ""},
		{"array index", `{"a":["first","second"]}`, "index", ms(10), ""},
		{"array index out of range", `{"a":["first"]}`, "default", ms(10), ""},
		{"bracket key and literal number", `{"odd key":{"n":1.50}}`, "literal number", ms(10), ""},
		{"bool", `{"flag":true}`, "bool", ms(10), ""},
		{"bool as string is also text true", `{"flag":"true"}`, "bool", ms(10), ""},
		{"JSON null matches null", `{"nothing":null}`, "null value", ms(10), ""},
		{"missing key does not match null", `{}`, "default", ms(10), ""},
		{"latency-only case keeps the outcome", `{"slow":"yes"}`, "default", ms(500), ""},
		{"object compared as JSON", `{"obj":{"k":1}}`, "object", ms(10), ""},
		{"first match wins", `{"authorizationToken":"allow","queryStringParameters":{"id":"42"}}`, "allowed", ms(10), ""},
		{"dotted key without $ is literal", `{"requestContext.stage":"prod"}`, "dotted top-level key", ms(10), ""},
		{"dotted key without $ is not a path", `{"requestContext":{"stage":"prod"}}`, "default", ms(10), ""},
		{"event that is not JSON falls back", `not json`, "default", ms(10), ""},
		{"wrong type on path", `{"queryStringParameters":"id"}`, "default", ms(10), ""},
	}
	s := mustNew(t, fn)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			r := mustInvoke(t, s, &Invocation{Function: "auth", Event: event(tt.event, &calls), Now: t0.Add(time.Hour)})
			if !reflect.DeepEqual(r.Value, tt.value) {
				t.Errorf("value %#v want %#v", r.Value, tt.value)
			}
			if r.Duration != tt.latency {
				t.Errorf("duration %v want %v", r.Duration, tt.latency)
			}
			if r.FunctionError != tt.fnError {
				t.Errorf("FunctionError %q want %q", r.FunctionError, tt.fnError)
			}
			if calls != 1 {
				t.Errorf("Event called %d times, want 1", calls)
			}
		})
	}
}

func TestCaseOutcomeReplacesInheritedError(t *testing.T) {
	fn := &model.Function{
		FunctionName: "f",
		Behavior:     model.Behavior{Error: &model.FunctionError{ErrorMessage: "down"}},
		Cases: []*model.Case{
			{When: map[string]string{"ok": "1"}, Behavior: model.Behavior{Returns: "fine"}},
			{When: map[string]string{"echo": "1"}, Behavior: model.Behavior{Echo: true}},
		},
	}
	s := mustNew(t, fn)
	if r := mustInvoke(t, s, &Invocation{Function: "f", Event: event(`{"ok":"1"}`, nil)}); r.Value != "fine" || r.FunctionError != "" {
		t.Errorf("case returns: %+v", r)
	}
	calls := 0
	r := mustInvoke(t, s, &Invocation{Function: "f", Event: event(`{"echo":"1"}`, &calls), Now: t0.Add(time.Second)})
	if string(r.Payload) != `{"echo":"1"}` || r.FunctionError != "" {
		t.Errorf("case echo: %s %q", r.Payload, r.FunctionError)
	}
	if calls != 1 {
		t.Errorf("echo case built the event %d times, want once", calls)
	}
	if r := mustInvoke(t, s, &Invocation{Function: "f", Event: event(`{}`, nil), Now: t0.Add(2 * time.Second)}); r.FunctionError != "Unhandled" {
		t.Errorf("fallback should raise: %+v", r)
	}
}

func versioned() *model.Function {
	return &model.Function{
		FunctionName: "getPet",
		Behavior:     model.Behavior{Returns: "latest", Latency: fixed(ms(20))},
		Cases: []*model.Case{
			{When: map[string]string{"$.id": "0"}, Behavior: model.Behavior{Latency: fixed(ms(1))}},
		},
		Versions: []*model.Version{
			{Version: "1", Behavior: model.Behavior{Returns: "v1"}},
			{Version: "2"}, // inherits everything
			{Version: "3", Behavior: model.Behavior{Latency: fixed(ms(300))}},
			{Version: "4", Behavior: model.Behavior{Error: &model.FunctionError{ErrorMessage: "v4 broken", ErrorType: "TypeError"}}},
		},
		Aliases: map[string]*model.AliasTarget{
			"live":   {Version: "1"},
			"edge":   {Version: "$LATEST"},
			"canary": {Weights: map[string]float64{"1": 0.9, "3": 0.1}},
		},
	}
}

func TestVersionsAndAliases(t *testing.T) {
	tests := []struct {
		qualifier string
		event     string
		executed  string
		value     any
		latency   time.Duration
		fnError   string
	}{
		{"", `{}`, "$LATEST", "latest", ms(20), ""},
		{"$LATEST", `{}`, "$LATEST", "latest", ms(20), ""},
		{"1", `{}`, "1", "v1", ms(20), ""},          // own returns, inherited latency
		{"2", `{}`, "2", "latest", ms(20), ""},      // inherits all
		{"3", `{}`, "3", "latest", ms(300), ""},     // latency only: keeps returns
		{"3", `{"id":0}`, "3", "latest", ms(1), ""}, // case latency over version's
		{"1", `{"id":0}`, "1", "v1", ms(1), ""},     // case inherits version returns
		{"4", `{}`, "4", map[string]any{"errorMessage": "v4 broken", "errorType": "TypeError", "stackTrace": []any{}}, ms(20), "Unhandled"},
		{"live", `{}`, "1", "v1", ms(20), ""},
		{"edge", `{}`, "$LATEST", "latest", ms(20), ""},
	}
	s := mustNew(t, versioned())
	for i, tt := range tests {
		t.Run(tt.qualifier+tt.event, func(t *testing.T) {
			r := mustInvoke(t, s, &Invocation{Function: "getPet", Qualifier: tt.qualifier, Event: event(tt.event, nil), Now: t0.Add(time.Duration(i) * time.Hour)})
			if r.ExecutedVersion != tt.executed || !reflect.DeepEqual(r.Value, tt.value) || r.Duration != tt.latency || r.FunctionError != tt.fnError {
				t.Errorf("got version %q value %#v duration %v fnErr %q; want %q %#v %v %q",
					r.ExecutedVersion, r.Value, r.Duration, r.FunctionError, tt.executed, tt.value, tt.latency, tt.fnError)
			}
		})
	}
}

func TestWeightedAliasRatio(t *testing.T) {
	for _, seed := range []uint64{1, 7, 12345} {
		s, err := New([]*model.Function{versioned()}, "", "", seed)
		if err != nil {
			t.Fatal(err)
		}
		const n = 10000
		count := map[string]int{}
		for i := 0; i < n; i++ {
			r := mustInvoke(t, s, &Invocation{Function: "getPet", Qualifier: "canary", Event: event(`{}`, nil), Now: t0.Add(time.Duration(i) * time.Second)})
			count[r.ExecutedVersion]++
		}
		if got := float64(count["3"]) / n; math.Abs(got-0.1) > 0.02 {
			t.Errorf("seed %d: version 3 got %.4f of traffic, want 0.10±0.02 (%v)", seed, got, count)
		}
		if count["1"]+count["3"] != n {
			t.Errorf("seed %d: unexpected versions %v", seed, count)
		}
	}
}

func TestLatencyDistribution(t *testing.T) {
	p50, p99 := ms(20), ms(200)
	s := mustNew(t, &model.Function{FunctionName: "f", Behavior: model.Behavior{Latency: &model.Latency{P50: p50, P99: p99}}})
	const n = 100000
	ds := make([]time.Duration, n)
	for i := range ds {
		// Each call starts after the previous one ended: one warm environment.
		r := mustInvoke(t, s, &Invocation{Function: "f", Now: t0.Add(time.Duration(i) * time.Hour)})
		ds[i] = r.Duration
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	check := func(name string, got, want time.Duration) {
		if rel := math.Abs(float64(got)/float64(want) - 1); rel > 0.10 {
			t.Errorf("%s = %v, want %v ±10%% (off by %.1f%%)", name, got, want, rel*100)
		}
	}
	check("p50", ds[n/2], p50)
	check("p99", ds[n*99/100], p99)
	if ds[0] <= 0 {
		t.Errorf("a log-normal draw must be positive, got %v", ds[0])
	}
}

func TestFixedLatencyAndNil(t *testing.T) {
	s := mustNew(t,
		&model.Function{FunctionName: "fixed", Behavior: model.Behavior{Latency: fixed(ms(31000))}},
		&model.Function{FunctionName: "none"},
		&model.Function{FunctionName: "p50only", Behavior: model.Behavior{Latency: &model.Latency{P50: ms(7)}}},
	)
	for name, want := range map[string]time.Duration{"fixed": ms(31000), "none": 0, "p50only": ms(7)} {
		for i := 0; i < 3; i++ {
			if r := mustInvoke(t, s, &Invocation{Function: name, Now: t0.Add(time.Duration(i) * time.Hour)}); r.Duration != want {
				t.Errorf("%s call %d: %v want %v", name, i, r.Duration, want)
			}
		}
	}
}

func TestDeterminism(t *testing.T) {
	run := func(seed uint64) []string {
		fn := versioned()
		fn.Behavior.Latency = &model.Latency{P50: ms(20), P99: ms(180)}
		s, err := New([]*model.Function{fn}, "eu-west-1", "111122223333", seed)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i := 0; i < 500; i++ {
			r := mustInvoke(t, s, &Invocation{Function: "getPet", Qualifier: "canary", Event: event(`{}`, nil), Now: t0.Add(time.Duration(i) * 5 * time.Millisecond)})
			out = append(out, r.ExecutedVersion+" "+r.Duration.String())
		}
		return out
	}
	a, b, c := run(9), run(9), run(10)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, same calls: results differ")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave identical results")
	}
}

func TestTimeout(t *testing.T) {
	fn := &model.Function{
		FunctionName: "slow",
		Timeout:      model.Duration(3 * time.Second),
		ColdStart:    model.Duration(ms(400)),
		Behavior:     model.Behavior{Returns: "late", Latency: fixed(5 * time.Second)},
		Cases: []*model.Case{
			{When: map[string]string{"fast": "1"}, Behavior: model.Behavior{Latency: fixed(3 * time.Second)}}, // exactly the timeout: fine
		},
	}
	s := mustNew(t, fn)
	r := mustInvoke(t, s, &Invocation{Function: "slow", Event: event(`{}`, nil), RequestID: "c0ffee00-0000-4000-8000-000000000001"})
	const want = `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: c0ffee00-0000-4000-8000-000000000001 Error: Task timed out after 3.00 seconds"}`
	if string(r.Payload) != want {
		t.Errorf("payload\n got %s\nwant %s", r.Payload, want)
	}
	if !r.TimedOut || r.FunctionError != "Unhandled" || !r.ColdStart || r.Duration != 3400*time.Millisecond {
		t.Errorf("got %+v", r)
	}
	if r.ErrorMessage != "RequestId: c0ffee00-0000-4000-8000-000000000001 Error: Task timed out after 3.00 seconds" {
		t.Errorf("ErrorMessage %q", r.ErrorMessage)
	}
	if m, _ := r.Value.(map[string]any); m["errorType"] != "Sandbox.Timedout" || m["errorMessage"] != r.ErrorMessage {
		t.Errorf("Value %#v", r.Value)
	}

	r = mustInvoke(t, s, &Invocation{Function: "slow", Event: event(`{"fast":"1"}`, nil), Now: t0.Add(time.Minute)})
	if r.TimedOut || r.Value != "late" || r.Duration != 3*time.Second || r.ColdStart {
		t.Errorf("at exactly the timeout: %+v", r)
	}

	// Without a caller request id, the id is derived deterministically and is UUID-shaped.
	msgs := func() []string {
		s := mustNew(t, fn)
		var out []string
		for i := 0; i < 3; i++ {
			out = append(out, mustInvoke(t, s, &Invocation{Function: "slow", Event: event(`{}`, nil), Now: t0.Add(time.Duration(i) * time.Minute)}).ErrorMessage)
		}
		return out
	}
	a, b := msgs(), msgs()
	if !reflect.DeepEqual(a, b) || a[0] == a[1] {
		t.Errorf("request ids not deterministic and distinct: %q %q", a, b)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(a[0], "RequestId: "), " Error: Task timed out after 3.00 seconds")
	if len(id) != 36 || id[14] != '4' || strings.Count(id, "-") != 4 {
		t.Errorf("request id %q is not a v4 UUID", id)
	}
}

func TestColdStartAndWarm(t *testing.T) {
	fn := &model.Function{
		FunctionName: "f",
		ColdStart:    model.Duration(ms(250)),
		Behavior:     model.Behavior{Latency: fixed(ms(100))},
		Versions:     []*model.Version{{Version: "1"}},
	}
	s := mustNew(t, fn)
	steps := []struct {
		at        time.Duration
		qualifier string
		cold      bool
		duration  time.Duration
	}{
		{0, "", true, ms(350)},        // first call: new environment, busy till 350ms
		{ms(50), "", true, ms(350)},   // overlaps the first: a second environment, till 400ms
		{ms(350), "", false, ms(100)}, // the first is free exactly at its busy-until: warm
		{ms(400), "", false, ms(100)}, // the second is free
		{ms(420), "1", true, ms(350)}, // version 1 has its own environments
		{ms(900), "1", false, ms(100)},
	}
	for i, st := range steps {
		r := mustInvoke(t, s, &Invocation{Function: "f", Qualifier: st.qualifier, Now: t0.Add(st.at)})
		if r.ColdStart != st.cold || r.Duration != st.duration {
			t.Errorf("step %d at %v: cold=%v duration=%v, want cold=%v duration=%v", i, st.at, r.ColdStart, r.Duration, st.cold, st.duration)
		}
	}
	// Without a cold-start penalty nothing is reported as cold.
	s = mustNew(t, &model.Function{FunctionName: "g"})
	if r := mustInvoke(t, s, &Invocation{Function: "g"}); r.ColdStart {
		t.Error("ColdStart reported for a function without coldStart")
	}
}

func TestReservedConcurrency(t *testing.T) {
	const reserved = `{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`
	fn := &model.Function{
		FunctionName:        "f",
		ReservedConcurrency: ip(2),
		Behavior:            model.Behavior{Returns: "ok", Latency: fixed(time.Second)},
		Versions:            []*model.Version{{Version: "1"}},
	}
	s := mustNew(t, fn)
	steps := []struct {
		at        time.Duration
		qualifier string
		throttled bool
	}{
		{0, "", false},
		{ms(100), "1", false},  // a second version shares the function's concurrency
		{ms(200), "", true},    // two in flight: throttled
		{ms(999), "1", true},   // still two
		{ms(1000), "", false},  // the first finished exactly now: its slot is free
		{ms(1050), "", true},   // version 1 (till 1.1s) and the call at 1.0s (till 2.0s)
		{ms(1100), "1", false}, // version 1's first call ended
		{ms(5000), "", false},  // all free again
		{ms(5000), "1", false}, // two at once is fine
		{ms(5000), "", true},   // third at once is not
		{ms(5999), "", true},   // ends are at 6.0s
		{ms(6000), "1", false}, // released after busy-until
		{ms(6000), "$LATEST", false},
	}
	for i, st := range steps {
		r := mustInvoke(t, s, &Invocation{Function: "f", Qualifier: st.qualifier, Now: t0.Add(st.at)})
		if r.Throttled != st.throttled {
			t.Fatalf("step %d at %v: throttled=%v want %v", i, st.at, r.Throttled, st.throttled)
		}
		if st.throttled {
			if string(r.Payload) != reserved || r.Duration != 0 || r.ExecutedVersion != "" || r.FunctionError != "" {
				t.Errorf("step %d: throttled result %+v payload %s", i, r, r.Payload)
			}
			if m, _ := r.Value.(map[string]any); m["message"] != "Rate Exceeded." {
				t.Errorf("step %d: Value %#v", i, r.Value)
			}
		} else if r.Value != "ok" {
			t.Errorf("step %d: value %#v", i, r.Value)
		}
	}
}

func TestReservedConcurrencyZeroAndAccountLimit(t *testing.T) {
	s := mustNew(t,
		&model.Function{FunctionName: "off", ReservedConcurrency: ip(0)},
		&model.Function{FunctionName: "busy", Behavior: model.Behavior{Latency: fixed(time.Minute)}},
	)
	for i := 0; i < 3; i++ {
		if r := mustInvoke(t, s, &Invocation{Function: "off", Now: t0.Add(time.Duration(i) * time.Hour)}); !r.Throttled {
			t.Fatalf("reserved concurrency 0 must throttle every call: %+v", r)
		}
	}
	for i := 0; i < AccountConcurrency; i++ {
		if r := mustInvoke(t, s, &Invocation{Function: "busy"}); r.Throttled {
			t.Fatalf("call %d throttled below the account limit", i)
		}
	}
	r := mustInvoke(t, s, &Invocation{Function: "busy"})
	const want = `{"Reason":"ConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`
	if !r.Throttled || string(r.Payload) != want {
		t.Errorf("call 1001: %+v %s", r, r.Payload)
	}
	if r := mustInvoke(t, s, &Invocation{Function: "busy", Now: t0.Add(time.Minute)}); r.Throttled || r.ColdStart {
		t.Errorf("after a minute everything is free and warm: %+v", r)
	}
}

func TestNotFound(t *testing.T) {
	s, err := New([]*model.Function{versioned()}, "eu-central-1", "111122223333", 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		fn, qualifier, msg string
	}{
		{"nope", "", "Function not found: arn:aws:lambda:eu-central-1:111122223333:function:nope"},
		{"nope", "live", "Function not found: arn:aws:lambda:eu-central-1:111122223333:function:nope:live"},
		{"getPet", "9", "Function not found: arn:aws:lambda:eu-central-1:111122223333:function:getPet:9"},
		{"getPet", "prod", "Function not found: arn:aws:lambda:eu-central-1:111122223333:function:getPet:prod"},
	}
	for _, tt := range tests {
		_, err := s.Invoke(&Invocation{Function: tt.fn, Qualifier: tt.qualifier, Now: t0})
		var nf *NotFoundError
		if !errors.As(err, &nf) || err.Error() != tt.msg || nf.ErrorType() != "ResourceNotFoundException" {
			t.Errorf("%s:%s: got %v", tt.fn, tt.qualifier, err)
		}
		if s.Exists(tt.fn, tt.qualifier) {
			t.Errorf("Exists(%s, %s) = true", tt.fn, tt.qualifier)
		}
	}
	for _, q := range []string{"", "$LATEST", "1", "4", "live", "canary"} {
		if !s.Exists("getPet", q) {
			t.Errorf("Exists(getPet, %q) = false", q)
		}
	}
}

func TestARN(t *testing.T) {
	for _, tt := range []struct{ region, name, q, want string }{
		{"", "f", "", "arn:aws:lambda:us-east-1:123456789012:function:f"},
		{"us-west-2", "f", "live", "arn:aws:lambda:us-west-2:123456789012:function:f:live"},
		{"cn-north-1", "f", "3", "arn:aws-cn:lambda:cn-north-1:123456789012:function:f:3"},
		{"us-gov-west-1", "f", "", "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f"},
	} {
		s, err := New(nil, tt.region, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.ARN(tt.name, tt.q); got != tt.want {
			t.Errorf("ARN = %s want %s", got, tt.want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	base := func(mod func(f *model.Function)) []*model.Function {
		f := versioned()
		mod(f)
		return []*model.Function{f}
	}
	tests := []struct {
		name string
		fns  []*model.Function
		want string
	}{
		{"alias to missing version", base(func(f *model.Function) {
			f.Aliases["live"] = &model.AliasTarget{Version: "7", Pos: model.Pos{File: "ws.yaml", Line: 12, Col: 9}}
		}),
			"ws.yaml:12:9: function getPet alias live points at version 7, which does not exist"},
		{"weighted alias to missing version", base(func(f *model.Function) { f.Aliases["canary"].Weights = map[string]float64{"1": 0.5, "8": 0.5} }),
			"points at version 8, which does not exist"},
		{"weights not adding to 1", base(func(f *model.Function) { f.Aliases["canary"].Weights = map[string]float64{"1": 0.5, "3": 0.2} }),
			"weights add up to 0.7, not 1"},
		{"weighted $LATEST", base(func(f *model.Function) { f.Aliases["canary"].Weights = map[string]float64{"$LATEST": 0.5, "3": 0.5} }),
			"$LATEST is not supported for an alias pointing to more than 1 version"},
		{"numeric alias name", base(func(f *model.Function) { f.Aliases["5"] = &model.AliasTarget{Version: "1"} }),
			"an alias name cannot be empty, $LATEST or a number"},
		{"version not a number", base(func(f *model.Function) { f.Versions[0].Version = "v1" }),
			`version "v1": Lambda versions are numbers`},
		{"duplicate version", base(func(f *model.Function) { f.Versions[1].Version = "1" }),
			"version 1 is declared twice"},
		{"bad JSONPath", base(func(f *model.Function) { f.Cases[0].When = map[string]string{"$.a[x]": "1"} }),
			"[x] is neither an array index nor a quoted name"},
		{"recursive descent", base(func(f *model.Function) { f.Cases[0].When = map[string]string{"$..a": "1"} }),
			"recursive descent"},
		{"p99 below p50", base(func(f *model.Function) { f.Versions[2].Latency = &model.Latency{P50: ms(20), P99: ms(10)} }),
			"function getPet version 3: latency p99 (10ms) is below p50 (20ms)"},
		{"fixed and distribution", base(func(f *model.Function) { f.Latency = &model.Latency{Fixed: ms(1), P50: ms(2)} }),
			"either a fixed duration or {p50, p99}"},
		{"negative reserved concurrency", base(func(f *model.Function) { f.ReservedConcurrency = ip(-1) }),
			"reservedConcurrency cannot be negative"},
		{"returns not JSON", base(func(f *model.Function) { f.Returns = make(chan int) }),
			"function getPet: returns: a chan int cannot be written as JSON"},
		{"duplicate function", []*model.Function{{FunctionName: "a"}, {FunctionName: "a", Pos: model.Pos{File: "w.yaml", Line: 3, Col: 5}}},
			"w.yaml:3:5: function a is declared twice"},
		{"no name", []*model.Function{{}}, "function without functionName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.fns, "", "", 0)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestNewDoesNotMutateModel(t *testing.T) {
	fn := versioned()
	before, _ := json.Marshal(fn)
	s := mustNew(t, fn)
	lat := model.Latency{Fixed: time.Second}
	if err := s.Set("getPet", Change{Latency: &lat, Aliases: map[string]*model.AliasTarget{"live": {Version: "2"}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("getPet", Change{Qualifier: "1", ClearLatency: true}); err != nil {
		t.Fatal(err)
	}
	after, _ := json.Marshal(fn)
	if string(before) != string(after) {
		t.Errorf("the caller's model changed:\n%s\n%s", before, after)
	}
}

func TestSet(t *testing.T) {
	s := mustNew(t, versioned())
	at := t0
	call := func(q string) Result {
		at = at.Add(time.Hour)
		return mustInvoke(t, s, &Invocation{Function: "getPet", Qualifier: q, Event: event(`{}`, nil), Now: at})
	}
	mustSet := func(c Change) {
		t.Helper()
		if err := s.Set("getPet", c); err != nil {
			t.Fatalf("Set(%+v): %v", c, err)
		}
	}
	// Function-level latency reaches $LATEST and the versions that inherit it.
	lat := model.Latency{Fixed: 31 * time.Second}
	mustSet(Change{Latency: &lat})
	if d := call("").Duration; d != 31*time.Second {
		t.Errorf("$LATEST latency %v", d)
	}
	if d := call("live").Duration; d != 31*time.Second {
		t.Errorf("version 1 inherits latency: %v", d)
	}
	if d := call("3").Duration; d != ms(300) {
		t.Errorf("version 3 keeps its own latency: %v", d)
	}
	// Raise, then stop raising.
	mustSet(Change{Error: &model.FunctionError{ErrorMessage: "db down"}})
	if r := call(""); r.FunctionError != "Unhandled" || r.ErrorMessage != "db down" {
		t.Errorf("after Error: %+v", r)
	}
	if r := call("1"); r.FunctionError != "" {
		t.Errorf("version 1 has its own outcome, so the function's error does not reach it: %+v", r)
	}
	mustSet(Change{ClearError: true})
	if r := call(""); r.FunctionError != "" || r.Value != "latest" {
		t.Errorf("after ClearError: %+v", r)
	}
	// Returns, including JSON null.
	var v any = map[string]any{"n": 2}
	mustSet(Change{Returns: &v})
	if r := call(""); string(r.Payload) != `{"n":2}` {
		t.Errorf("returns: %s", r.Payload)
	}
	var null any
	mustSet(Change{Returns: &null})
	if r := call(""); string(r.Payload) != "null" || r.Value != nil {
		t.Errorf("returns null: %s", r.Payload)
	}
	// Echo on.
	on := true
	mustSet(Change{Echo: &on})
	if r := call(""); string(r.Payload) != `{}` {
		t.Errorf("echo: %s", r.Payload)
	}
	// Version-level edit.
	mustSet(Change{Qualifier: "3", Error: &model.FunctionError{ErrorMessage: "v3"}})
	if r := call("3"); r.ErrorMessage != "v3" {
		t.Errorf("version edit: %+v", r)
	}
	if r := call("2"); r.ErrorMessage != "" {
		t.Errorf("version edit leaked to version 2: %+v", r)
	}
	// Timeout, then reserved concurrency 0, then cleared.
	to := 3 * time.Second
	mustSet(Change{Timeout: &to})
	if r := call(""); !r.TimedOut || r.Duration != 3*time.Second {
		t.Errorf("timeout: %+v", r)
	}
	mustSet(Change{ReservedConcurrency: ip(0)})
	if r := call(""); !r.Throttled {
		t.Errorf("reserved 0: %+v", r)
	}
	mustSet(Change{ClearReservedConcurrency: true})
	if r := call(""); r.Throttled {
		t.Errorf("cleared reserved concurrency: %+v", r)
	}
	// Shift an alias, delete another.
	mustSet(Change{Aliases: map[string]*model.AliasTarget{"live": {Version: "2"}, "edge": nil}})
	if r := call("live"); r.ExecutedVersion != "2" {
		t.Errorf("live now points at 2: %q", r.ExecutedVersion)
	}
	if s.Exists("getPet", "edge") {
		t.Error("edge alias should be gone")
	}
	// Invalid changes are refused and change nothing.
	bad := model.Latency{P50: ms(10), P99: ms(1)}
	for _, c := range []Change{
		{Latency: &bad},
		{Aliases: map[string]*model.AliasTarget{"live": {Version: "99"}}},
		{Qualifier: "1", Timeout: &to},
	} {
		if err := s.Set("getPet", c); err == nil {
			t.Errorf("Set(%+v) accepted", c)
		}
	}
	if r := call("live"); r.ExecutedVersion != "2" || r.Duration != 3*time.Second || !r.TimedOut {
		t.Errorf("a refused change altered the function: %+v", r)
	}
	var nf *NotFoundError
	if err := s.Set("nope", Change{}); !errors.As(err, &nf) {
		t.Errorf("Set on unknown function: %v", err)
	}
	if err := s.Set("getPet", Change{Qualifier: "live", ClearError: true}); !errors.As(err, &nf) {
		t.Errorf("Set on an alias: %v", err)
	}
}

func TestSetKeepsEnvironmentsAndStats(t *testing.T) {
	s := mustNew(t, &model.Function{FunctionName: "f", ColdStart: model.Duration(ms(100)), ReservedConcurrency: ip(1), Behavior: model.Behavior{Latency: fixed(time.Second)}})
	if r := mustInvoke(t, s, &Invocation{Function: "f"}); !r.ColdStart {
		t.Fatal("first call should be cold")
	}
	lat := model.Latency{Fixed: ms(10)}
	if err := s.Set("f", Change{Latency: &lat}); err != nil {
		t.Fatal(err)
	}
	if r := mustInvoke(t, s, &Invocation{Function: "f", Now: t0.Add(ms(500))}); !r.Throttled {
		t.Errorf("the execution in flight before Set still holds the only slot: %+v", r)
	}
	if r := mustInvoke(t, s, &Invocation{Function: "f", Now: t0.Add(2 * time.Second)}); r.ColdStart || r.Duration != ms(10) {
		t.Errorf("environment should stay warm across Set: %+v", r)
	}
	want := []FunctionStats{{Function: "f", Version: "$LATEST", Invocations: 2, ColdStarts: 1, Throttled: 1}}
	if got := s.Stats(); !reflect.DeepEqual(got, want) {
		t.Errorf("Stats = %+v want %+v", got, want)
	}
}

func TestStats(t *testing.T) {
	fn := versioned()
	fn.Versions = append(fn.Versions, &model.Version{Version: "10"})
	fn.Timeout = model.Duration(ms(50))
	fn.Versions[2].Latency = fixed(ms(300)) // version 3 times out
	s := mustNew(t, fn, &model.Function{FunctionName: "alpha"})
	for i, q := range []string{"10", "3", "4", "", "1", "10", "live"} {
		mustInvoke(t, s, &Invocation{Function: "getPet", Qualifier: q, Event: event(`{}`, nil), Now: t0.Add(time.Duration(i) * time.Hour)})
	}
	mustInvoke(t, s, &Invocation{Function: "alpha"})
	want := []FunctionStats{
		{Function: "alpha", Version: "$LATEST", Invocations: 1},
		{Function: "getPet", Version: "$LATEST", Invocations: 1},
		{Function: "getPet", Version: "1", Invocations: 2},
		{Function: "getPet", Version: "3", Invocations: 1, Errors: 1, TimedOut: 1},
		{Function: "getPet", Version: "4", Invocations: 1, Errors: 1},
		{Function: "getPet", Version: "10", Invocations: 2},
	}
	if got := s.Stats(); !reflect.DeepEqual(got, want) {
		t.Errorf("Stats =\n%+v\nwant\n%+v", got, want)
	}
}

func TestConcurrentUse(t *testing.T) {
	fn := versioned()
	fn.Behavior.Latency = &model.Latency{P50: ms(5), P99: ms(50)}
	s := mustNew(t, fn)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				q := []string{"", "live", "canary", "3"}[i%4]
				if _, err := s.Invoke(&Invocation{Function: "getPet", Qualifier: q, Event: event(`{"id":0}`, nil), Now: t0.Add(time.Duration(i) * time.Millisecond)}); err != nil {
					t.Error(err)
					return
				}
				if i%100 == 0 {
					lat := model.Latency{Fixed: ms(g)}
					_ = s.Set("getPet", Change{Latency: &lat})
					_ = s.Stats()
					_ = s.Exists("getPet", "live")
				}
			}
		}(g)
	}
	wg.Wait()
	total := 0
	for _, st := range s.Stats() {
		total += st.Invocations + st.Throttled
	}
	if total != 8*500 {
		t.Errorf("counted %d invocations, want %d", total, 8*500)
	}
}

func TestCompilePath(t *testing.T) {
	tests := []struct {
		in   string
		want []step
	}{
		{"authorizationToken", []step{{key: "authorizationToken"}}},
		{"$", nil},
		{"$.a.b", []step{{key: "a"}, {key: "b"}}},
		{"$.a[0][12]", []step{{key: "a"}, {index: 0, isIndex: true}, {index: 12, isIndex: true}}},
		{`$['x.y']["z"]`, []step{{key: "x.y"}, {key: "z"}}},
		{"$.headers.X-Api-Key", []step{{key: "headers"}, {key: "X-Api-Key"}}},
	}
	for _, tt := range tests {
		got, err := compilePath(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("compilePath(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "$.", "$a", "$.a[", "$.a[-1]", "$.*", "$..a"} {
		if _, err := compilePath(bad); err == nil {
			t.Errorf("compilePath(%q) accepted", bad)
		}
	}
}

func TestWholeEventPath(t *testing.T) {
	s := mustNew(t, &model.Function{
		FunctionName: "f",
		Cases:        []*model.Case{{When: map[string]string{"$": "ping"}, Behavior: model.Behavior{Returns: "pong"}}},
	})
	if r := mustInvoke(t, s, &Invocation{Function: "f", Event: event(`"ping"`, nil)}); r.Value != "pong" {
		t.Errorf("got %#v", r.Value)
	}
}

func TestInvokeReturnsAllocs(t *testing.T) {
	s := mustNew(t, &model.Function{FunctionName: "f", Behavior: model.Behavior{Returns: map[string]any{"ok": true}, Latency: fixed(ms(20))}, Versions: []*model.Version{{Version: "1"}}, Aliases: map[string]*model.AliasTarget{"live": {Version: "1"}}})
	for _, q := range []string{"", "1", "live"} {
		inv := &Invocation{Function: "f", Qualifier: q, Now: t0}
		mustInvoke(t, s, inv) // cold start grows the pools once
		allocs := testing.AllocsPerRun(1000, func() {
			inv.Now = inv.Now.Add(time.Second)
			if _, err := s.Invoke(inv); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("qualifier %q: %v allocs per warm returns invocation, want 0", q, allocs)
		}
	}
}

func BenchmarkInvokeReturns(b *testing.B) {
	s := mustNew(b, &model.Function{
		FunctionName: "getPet",
		Behavior:     model.Behavior{Returns: map[string]any{"statusCode": 200, "body": `{"id":1}`}, Latency: fixed(ms(20))},
	})
	inv := &Invocation{Function: "getPet", Now: t0}
	mustInvoke(b, s, inv)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		inv.Now = inv.Now.Add(time.Second)
		if _, err := s.Invoke(inv); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInvokeDistributionAlias(b *testing.B) {
	fn := versioned()
	fn.Behavior.Latency = &model.Latency{P50: ms(20), P99: ms(200)}
	s := mustNew(b, fn)
	inv := &Invocation{Function: "getPet", Qualifier: "canary", Now: t0, Event: event(`{}`, nil)}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		inv.Now = inv.Now.Add(time.Second)
		if _, err := s.Invoke(inv); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNilEventAndZeroTime(t *testing.T) {
	s := mustNew(t, &model.Function{FunctionName: "f", ColdStart: model.Duration(ms(5)), Behavior: model.Behavior{Echo: true, Latency: fixed(ms(1))}})
	for i, cold := range []bool{true, true, false} {
		var now time.Time
		if i == 2 {
			now = now.Add(time.Second) // still before any real date: ordering must hold anyway
		}
		r, err := s.Invoke(&Invocation{Function: "f", Now: now})
		// no event is Lambda's empty payload: the function sees {}
		if v, ok := r.Value.(map[string]any); err != nil || string(r.Payload) != "{}" || !ok || len(v) != 0 || r.ColdStart != cold {
			t.Errorf("call %d: %+v %s %v", i, r, r.Payload, err)
		}
	}
}
