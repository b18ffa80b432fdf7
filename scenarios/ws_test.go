package scenarios

import (
	"bytes"
	"strings"
	"testing"

	"apigwlab/engine/websocket"
)

const wsWorkspace = `workspace:
  websocketApis:
    - name: chat
      routes:
        $connect: {integration: {integrationType: AWS_PROXY, integrationUri: "function:ok"}}
        $disconnect: {integration: {integrationType: AWS_PROXY, integrationUri: "function:ok"}}
        ping: {integration: {integrationType: AWS_PROXY, integrationUri: "function:ok"}}
      stages: [{stageName: production}]
  functions:
    - {functionName: ok, latency: 10ms, returns: {statusCode: 200}}
`

func runWS(t *testing.T, src string) *Result {
	t.Helper()
	res, err := Run(parse(t, src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range res.Expectations {
		if !x.OK {
			var b bytes.Buffer
			res.WriteText(&b)
			t.Fatalf("%s %s: got %v, want %s\n%s", x.Metric, x.Window, x.Got, x.Want, b.String())
		}
	}
	return res
}

// Quiet clients are closed 10 minutes after connecting, to the second of virtual time, with
// 1001; clients that send a heartbeat every 5 minutes stay until the 2-hour limit. No sleeping:
// the run is 2 h 5 min of virtual time.
func TestWebSocketIdleTimeoutAndTwoHourLimit(t *testing.T) {
	res := runWS(t, "name: idle\nduration: 2h5m\n"+wsWorkspace+`connections:
  - {name: quiet, count: 3, from: 0s}
  - name: heartbeat
    count: 2
    from: 30s
    messages: [{rate: 1/5min, route: ping}]
expect:
  - {metric: disconnect.1001.count, window: 0s-10m, equals: 0}
  - {metric: disconnect.1001.count, window: 10m-10m1s, equals: 3}
  - {metric: disconnect.count, window: 10m1s-2h0m30s, equals: 0}
  - {metric: disconnect.1001.count, window: 2h0m30s-2h0m31s, equals: 2}
  - {metric: route.ping.count, equals: 46}
  - {metric: connections.max, equals: 5}
`)
	s := res.Series
	if s[599].OpenConnections != 5 || s[600].Disconnects != 3 || s[600].OpenConnections != 2 || s[7230].Disconnects != 2 || s[7230].OpenConnections != 0 {
		t.Fatalf("series around the closes: %+v %+v %+v", s[599], s[600], s[7230])
	}
}

// A client that keeps sending stays past 10 minutes; a push resets the idle clock too.
func TestWebSocketPushKeepsConnectionAlive(t *testing.T) {
	runWS(t, "name: push\nduration: 40m\n"+wsWorkspace+`connections:
  - {name: listeners, count: 4, from: 0s}
pushes:
  - {from: 0s, to: 25m, rate: 1/min, target: open, data: tick}
expect:
  - {metric: disconnect.count, window: 0s-25m, equals: 0}
  - {metric: disconnect.1001.count, equals: 4}
  - {metric: push.200.count, equals: 100}
  - {metric: MessageCount, equals: 100}
`)
}

// A client's lifetime closes it with its close code; the backend's stale ids get 410, and
// forgetting them on 410 stops the repeats.
func TestWebSocketGoneAndLifetime(t *testing.T) {
	res := runWS(t, "name: gone\nduration: 60s\n"+wsWorkspace+`connections:
  - {name: short, count: 5, from: 0s, lifetime: 10s, closeCode: 1000}
pushes:
  - {name: keep, from: 20s, to: 30s, rate: 1/s, target: known, data: x}
  - {name: forget, from: 40s, to: 50s, rate: 1/s, target: known, onGone: forget, data: x}
expect:
  - {metric: disconnect.1000.count, equals: 5}
  - {metric: push.410.count, window: 20s-30s, equals: 50}
  - {metric: push.410.count, window: 40s-50s, equals: 5}
  - {metric: push.200.count, equals: 0}
`)
	if res.Series[20].Gone != 5 {
		t.Fatalf("second 20: %+v", res.Series[20])
	}
}

// The same scenario and seed give byte-identical reports; Poisson arrivals change with it.
func TestWebSocketDeterministic(t *testing.T) {
	src := "name: det\nseed: 3\nduration: 2m\n" + wsWorkspace + `connections:
  - {name: c, rate: 2/s, from: 0s, to: 60s, arrival: poisson, lifetime: 5s..50s,
     messages: [{rate: 1/s, arrival: poisson, route: ping}]}
disconnects:
  - {at: 30s, fraction: 0.3}
`
	report := func(seed uint64) string {
		res, err := Run(parse(t, src), Options{Seed: &seed})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		res.WriteJSON(&b)
		res.WriteText(&b)
		return b.String()
	}
	a, b, c := report(3), report(3), report(4)
	if a != b {
		t.Fatal("two runs with seed 3 differ")
	}
	if a == c {
		t.Fatal("seeds 3 and 4 gave the same report")
	}
}

func TestWebSocketFormatErrors(t *testing.T) {
	src := "name: bad\nduration: 1m\n" + wsWorkspace + `connections:
  - {name: talkers, count: 2, stage: prodution, lifetme: 5s}
  - {name: b, from: 0s, to: 10s}
  - {name: c, count: 1, closeCode: 99, messages: [{rate: 1/s}, {rate: 1/s..5/s, body: x}]}
pushes:
  - {from: 0s, to: 5s, rate: 1/s, stage: prod, data: x}
  - {rate: 1/s, from: 0s, to: 5s, target: everyone, data: x}
  - {from: 0s, to: 5s, data: x}
disconnects:
  - {at: 10s, group: talker, count: 1}
  - {at: 2m, fraction: 1.5}
expect:
  - {metric: connect.abc.count, equals: 1}
`
	_, err := Parse("bad.yaml", []byte(src), noFiles)
	if err == nil {
		t.Fatal("accepted a bad scenario")
	}
	got := err.Error()
	for _, want := range []string{
		`bad.yaml:14:49: connections[0]: unknown field "lifetme" (did you mean "lifetime"?)`,
		`bad.yaml:14:5: connections[0].stage: WebSocket API chat has no stage "prodution" (did you mean "production"?); stages: production`,
		"bad.yaml:15:5: connections[1]: a connection group needs either count",
		`bad.yaml:16:36: connections[2].closeCode: want a WebSocket close code 1000–4999`,
		"bad.yaml:16:51: connections[2].messages[0]: a message needs body",
		"bad.yaml:16:71: connections[2].messages[1].rate: a message rate is per connection and cannot ramp",
		`bad.yaml:18:5: pushes[0].stage: WebSocket API chat has no stage "prod" (did you mean "production"?)`,
		`bad.yaml:19:43: pushes[1].target: "everyone": use open or known`,
		"bad.yaml:20:5: pushes[2].rate: a push needs rate",
		`bad.yaml:22:5: disconnects[0].group: no connection group "talker" (did you mean "talkers"?); groups: talkers, b, c`,
		"bad.yaml:23:24: disconnects[1].fraction: want a share of the open connections",
		"disconnects[1].at: 2m0s is at or after the end of the run (1m0s)",
		`bad.yaml:25:14: expect[0].metric: "connect.abc.count": write connect.STATUS.count`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q; got:\n%s", want, got)
		}
	}
}

func TestWebSocketNeedsAnAPIAndDuration(t *testing.T) {
	for src, want := range map[string]string{
		"name: x\nduration: 1m\n" + inlineWS + "connections:\n  - {count: 1}\n":                                          "test.yaml:13:5: connections[0]: the workspace has no WebSocket API (websocketApis:)",
		"name: x\n" + wsWorkspace + "connections:\n  - {count: 1}\n":                                                     "duration: a scenario with connections needs duration",
		"name: x\nduration: 1m\n" + wsWorkspace + "connections:\n  - {count: 1, messages: [{rate: 1/s, route: ping}]}\n": "",
	} {
		_, err := Parse("test.yaml", []byte(src), noFiles)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", src, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("err = %v, want %q", err, want)
		}
	}
}

func TestRouteBody(t *testing.T) {
	for _, c := range []struct{ expr, route, want string }{
		{"$request.body.action", "sendMessage", `{"action":"sendMessage"}`},
		{"${request.body.msg.type}", "join", `{"msg":{"type":"join"}}`},
		{"$request.body.action-$request.body.x", "a", ""},
	} {
		got, err := routeBody(c.expr, c.route)
		if got != c.want || (c.want == "") != (err != nil) {
			t.Errorf("routeBody(%q, %q) = %q, %v; want %q", c.expr, c.route, got, err, c.want)
		}
	}
}

// A client with reconnect: comes back after the gateway closes it (the idle timeout here),
// but not after its own lifetime ends.
func TestWebSocketReconnect(t *testing.T) {
	runWS(t, "name: re\nduration: 25m\n"+wsWorkspace+`connections:
  - {name: idle, count: 1, from: 0s, reconnect: 5s}
  - {name: leaves, count: 1, from: 0s, lifetime: 1m, reconnect: 0s}
expect:
  - {metric: connect.101.count, equals: 4}
  - {metric: connect.101.count, window: 10m5s-10m6s, equals: 1}
  - {metric: connect.101.count, window: 20m10s-20m11s, equals: 1}
  - {metric: disconnect.1001.count, equals: 2}
  - {metric: disconnect.1000.count, equals: 1}
`)
}

// A scenario may send requests to a REST API and drive a WebSocket API at once: the report
// has both parts, and IntegrationLatency covers both.
func TestWebSocketBesideTraffic(t *testing.T) {
	rest := `  restApis:
    - name: api
      resources:
        /ok:
          GET: {integration: {type: AWS_PROXY, uri: "function:ok"}}
      stages: [{stageName: prod}]
`
	ws := strings.Replace(wsWorkspace, "workspace:\n", "workspace:\n"+rest, 1)
	res := runWS(t, "name: mixed\nduration: 10s\n"+ws+`traffic:
  - {from: 0s, to: 10s, rate: 1/s, request: {path: /prod/ok}}
connections:
  - {name: c, count: 2, from: 0s, messages: [{rate: 1/s, route: ping}]}
expect:
  - {metric: status.200.count, window: 0s-10s, equals: 10}
  - {metric: route.ping.count, window: 0s-10s, equals: 18}
  - {metric: IntegrationLatency.max, equals: 10}
`)
	var text, js bytes.Buffer
	res.WriteText(&text)
	res.WriteJSON(&js)
	for _, want := range []string{"  requests          10\n", "\nPhases\n", "\nConnection groups\n", "\nWindows\n", "\nWindows (WebSocket)\n", "  ConnectCount      2 (101: 2)\n"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	for _, want := range []string{`"requests": 10,`, `"ConnectCount": 2,`, `"connectCount": 2,`, `"openConnections": 2`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON report lacks %q", want)
		}
	}
}

// One client message a second is handed over traced (the TUI opens it in the flow view), and
// tracing it changes nothing in the report.
func TestWebSocketMessageSample(t *testing.T) {
	src := "name: s\nseed: 2\nduration: 5s\n" + wsWorkspace + `connections:
  - {name: c, count: 3, from: 0s, messages: [{rate: 2/s, route: ping}]}
`
	plain, err := Run(parse(t, src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	seconds := map[int]bool{}
	sampled, err := Run(parse(t, src), Options{OnMessageSample: func(s int, ex *websocket.Exchange, sent string) {
		if seconds[s] || ex.Trace == nil || ex.RouteKey != "ping" || sent != `{"action":"ping"}` {
			t.Errorf("second %d: %+v %q", s, ex, sent)
		}
		seconds[s] = true
	}})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	plain.WriteJSON(&a)
	sampled.WriteJSON(&b)
	if a.String() != b.String() || len(seconds) != 5 {
		t.Fatalf("sampled seconds %v; reports equal %v", seconds, a.String() == b.String())
	}
}

// Message limits from a scenario: a 40 KB message in one frame (as browsers send it) closes
// with 1009, the same in 4 KB frames passes, over 128 KB closes whatever the frames, binary
// closes with 1003.
func TestWebSocketMessageLimits(t *testing.T) {
	runWS(t, "name: limits\nduration: 5s\n"+wsWorkspace+`connections:
  - {name: browser, count: 1, messages: [{rate: 1/s, route: ping, size: 40KB}]}
  - {name: gorilla, count: 1, messages: [{rate: 1/s, route: ping, size: 40KB, frame: 4KB}]}
  - {name: huge, count: 1, messages: [{rate: 1/s, route: ping, size: 129KB, frame: 4KB}]}
  - {name: bin, count: 1, messages: [{rate: 1/s, route: ping, binary: true}]}
expect:
  - {metric: disconnect.1009.count, equals: 2}
  - {metric: disconnect.1003.count, equals: 1}
  - {metric: route.ping.count, equals: 4}
  - {metric: ClientError, equals: 3}
`)
	_, err := Parse("t.yaml", []byte("name: x\nduration: 5s\n"+wsWorkspace+"connections:\n  - {count: 1, messages: [{rate: 1/s, route: ping, size: 2MB}]}\n"), noFiles)
	if err == nil || !strings.Contains(err.Error(), `connections[0].messages[0].size: want a size such as 40000, 40KB or 1MB (at most 1MB), got "2MB"`) {
		t.Fatalf("err = %v", err)
	}
}
