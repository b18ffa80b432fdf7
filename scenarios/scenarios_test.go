package scenarios

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"apigwlab/engine/model"
)

var update = flag.Bool("update", false, "rewrite golden files")

func noFiles(p string) (*model.Workspace, error) { return model.Load(p) }

func parse(t *testing.T, src string) *Scenario {
	t.Helper()
	sc, err := Parse("test.yaml", []byte(src), noFiles)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return sc
}

const inlineWS = `workspace:
  restApis:
    - name: api
      resources:
        /ok:
          GET: {integration: {type: AWS_PROXY, uri: "function:ok"}}
      stages: [{stageName: prod}]
  functions:
    - {functionName: ok, latency: 10ms, returns: {statusCode: 200, body: ok}}
`

func TestGoldenReports(t *testing.T) {
	infos, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) < 3 {
		t.Fatalf("%d bundled scenarios, want at least 3", len(infos))
	}
	for _, info := range infos {
		t.Run(info.Name, func(t *testing.T) {
			sc, err := LoadBundled(info.Name)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Passed {
				var b bytes.Buffer
				res.WriteText(&b)
				t.Fatalf("bundled scenario fails its own expectations:\n%s", b.String())
			}
			var text, js bytes.Buffer
			res.WriteText(&text)
			res.WriteJSON(&js)
			golden(t, info.Name+".txt", text.Bytes())
			golden(t, info.Name+".json", js.Bytes())
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the golden file (go test ./scenarios -update to accept):\n%s", name, got)
	}
}

func TestSameSeedByteIdentical(t *testing.T) {
	sc, err := LoadBundled("malformed-proxy-502")
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	for _, buf := range []*bytes.Buffer{&a, &b} {
		res, err := Run(sc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		res.WriteJSON(buf)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs of the same scenario and seed differ")
	}
	other := uint64(99)
	res, _ := Run(sc, Options{Seed: &other})
	var c bytes.Buffer
	res.WriteJSON(&c)
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("another seed gave the same Poisson run")
	}
}

func TestUniformArrivalsAreExact(t *testing.T) {
	sc := parse(t, "name: u\n"+inlineWS+"traffic:\n  - {from: 0s, to: 10s, rate: 300/s, request: {path: /prod/ok}}\n  - {from: 10s, to: 20s, rate: 5/min, request: {path: /prod/ok}}\n"+
		"expect:\n  - {metric: Count, window: 0s-10s, equals: 3000}\n  - {metric: Count, window: 10s-20s, equals: 1}\n  - {metric: Count, equals: 3001}\n")
	res, err := Run(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range res.Expectations {
		if !x.OK {
			t.Errorf("%s %s: got %v want %s", x.Metric, x.Window, x.Got, x.Want)
		}
	}
}

func TestRampAndPoissonRates(t *testing.T) {
	sc := parse(t, "name: r\n"+inlineWS+"traffic:\n  - {from: 0s, to: 10s, rate: 0/s..200/s, request: {path: /prod/ok}}\n  - {from: 10s, to: 110s, rate: 100/s, arrival: poisson, request: {path: /prod/ok}}\n"+
		"expect:\n  - {metric: Count, window: 0s-10s, between: [999, 1001]}\n  - {metric: Count, window: 0s-5s, between: [249, 251]}\n  - {metric: Count, window: 10s-110s, between: [9700, 10300]}\n")
	res, err := Run(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range res.Expectations {
		if !x.OK {
			t.Errorf("%s %s: got %v want %s", x.Metric, x.Window, x.Got, x.Want)
		}
	}
}

func TestEventAppliesAtItsInstant(t *testing.T) {
	// 10 rps uniform: arrivals at 0.0, 0.1, … 4.9 s; the event at 2.5 s lands between two.
	sc := parse(t, "name: e\n"+inlineWS+"traffic:\n  - {from: 0s, to: 5s, rate: 10/s, request: {path: /prod/ok}}\n"+
		"events:\n  - {at: 2500ms, do: \"set-function --function-name ok --latency 31s\"}\n"+
		"expect:\n  - {metric: status.200.count, equals: 25}\n  - {metric: status.504.count, equals: 25}\n")
	res, err := Run(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range res.Expectations {
		if !x.OK {
			t.Errorf("%s: got %v want %s", x.Metric, x.Got, x.Want)
		}
	}
	if len(res.Events) != 1 || res.Events[0].AtText != "2.5s" {
		t.Fatalf("events = %+v", res.Events)
	}
}

func TestClosedLoopClients(t *testing.T) {
	// 5 clients, 10 ms latency + 90 ms think time: 10 requests a second each.
	sc := parse(t, "name: c\n"+inlineWS+"traffic:\n  - {from: 0s, to: 10s, clients: 5, thinkTime: 90ms, request: {path: /prod/ok}}\n"+
		"expect:\n  - {metric: Count, between: [495, 505]}\n")
	res, err := Run(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Expectations[0].OK {
		t.Fatalf("closed loop count %v", res.Expectations[0].Got)
	}
	for _, s := range res.Series {
		if s.InFlight > 5 {
			t.Fatalf("second %d had %d in flight with 5 clients", s.Second, s.InFlight)
		}
	}
}

func TestExpectationKinds(t *testing.T) {
	sc := parse(t, "name: k\n"+inlineWS+`traffic:
  - from: 0s
    to: 10s
    rate: 10/s
    requests:
      - {path: /prod/ok, weight: 1}
      - {path: /prod/missing, weight: 1}
expect:
  - {metric: status.2XX.count, atLeast: 30}
  - {metric: status.403.ratio, atMost: 0.7}
  - {metric: 4XXError, between: [30, 70]}
  - {metric: 4XXError.ratio, between: [0.3, 0.7]}
  - {metric: 5XXError.ratio, equals: 0}
  - {metric: Latency.max, equals: 10}
  - {metric: IntegrationLatency.p50, equals: 10}
  - {metric: function.ok.invocations, between: [30, 70]}
  - {metric: "function.ok:$LATEST.invocations", between: [30, 70]}
  - {metric: canary.ratio, equals: 0}
  - {metric: CacheHitCount, equals: 0}
  - {metric: Count, equals: 1}
`)
	res, err := Run(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range res.Expectations {
		last := i == len(res.Expectations)-1
		if x.OK == last {
			t.Errorf("%s: ok=%v got %v want %s", x.Metric, x.OK, x.Got, x.Want)
		}
	}
	if res.Passed {
		t.Fatal("a failing expectation must fail the run")
	}
}

func TestFormatErrorsNameFileLineField(t *testing.T) {
	src := `name: bad
seed: -1
workspace:
  restApis:
    - name: api
      resources:
        /ok:
          FETCH: {integration: {type: MOCK}}
      stages: [{stageName: prod}]
traffic:
  - {from: 10s, to: 5s, rate: fast, arrival: burst, request: {path: prod/ok}}
  - {from: 0s, to: 5s, request: {path: /prod/ok}, colour: red}
events:
  - {at: 1s}
expect:
  - {metric: status.429.rate, atLeast: 1}
  - {metric: Count}
`
	_, err := Parse("bad.yaml", []byte(src), noFiles)
	if err == nil {
		t.Fatal("accepted a bad scenario")
	}
	got := err.Error()
	for _, want := range []string{
		"bad.yaml:2:7: seed: want a whole number",
		"bad.yaml:8:11: workspace.restApis[0].resources./ok.FETCH",
		"bad.yaml:11:5: traffic[0].to: a phase needs from and to with from < to",
		`bad.yaml:11:31: traffic[0].rate: "fast" is not a rate`,
		`bad.yaml:11:46: traffic[0].arrival: "burst" is not an arrival process`,
		"traffic[0].request.path: want the path a client calls, stage first",
		`bad.yaml:12:51: traffic[1]: unknown field "colour"`,
		"traffic[1]: a phase needs either rate",
		"bad.yaml:14:5: events[0]: an event needs at",
		`expect[0].metric: "status.429.rate": write status.CODE.count or status.CODE.ratio`,
		"bad.yaml:17:5: expect[1]: an expectation needs a comparison",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q; got:\n%s", want, got)
		}
	}
}

func TestEventErrorNamesTheEvent(t *testing.T) {
	sc := parse(t, "name: e\n"+inlineWS+"traffic:\n  - {from: 0s, to: 5s, rate: 1/s, request: {path: /prod/ok}}\n"+
		"events:\n  - {at: 1s, do: \"update-stage --stage-name nope --patch-operations op=replace,path=/description,value=x\"}\n")
	_, err := Run(sc, Options{})
	if err == nil || !strings.Contains(err.Error(), "test.yaml:14:5: event at 1s") || !strings.Contains(err.Error(), "Invalid Stage identifier") {
		t.Fatalf("err = %v", err)
	}
}

func TestWorkspaceFromFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ws.yaml"), []byte(strings.TrimPrefix(strings.ReplaceAll(inlineWS, "\n  ", "\n"), "workspace:\n")), 0o644)
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte("name: f\nworkspace: ws.yaml\ntraffic:\n  - {from: 0s, to: 1s, rate: 5/s, request: {path: /prod/ok}}\nexpect:\n  - {metric: status.200.count, equals: 5}\n"), 0o644)
	sc, err := Load(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{})
	if err != nil || !res.Passed {
		t.Fatalf("err %v passed %v", err, res != nil && res.Passed)
	}
}

func TestHistogramQuantiles(t *testing.T) {
	var h hist
	for i := 1; i <= 1000; i++ {
		h.add(time.Duration(i) * time.Millisecond)
	}
	for q, want := range map[float64]float64{0.5: 500, 0.99: 990, 1: 1000} {
		got := h.quantile(q)
		if got < want*0.98 || got > want*1.02 {
			t.Errorf("q%v = %v, want %v ±2%%", q, got, want)
		}
	}
}

func TestOnSecondStreamsEverySecond(t *testing.T) {
	sc := parse(t, "name: s\n"+inlineWS+"traffic:\n  - {from: 2s, to: 5s, rate: 4/s, request: {path: /prod/ok}}\nduration: 8s\n")
	var seen []Sample
	res, err := Run(sc, Options{OnSecond: func(s Sample) { seen = append(seen, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 8 || len(res.Series) != 8 || seen[0].Requests != 0 || seen[2].Requests != 4 || seen[7].Second != 7 {
		t.Fatalf("samples = %+v", seen)
	}
}

// A code function runs for every replayed request — its answers are real — while its
// simulated duration is the declared latency, so the report is exact and repeatable.
func TestReplayRunsCodeWithDeclaredLatency(t *testing.T) {
	src := `name: code
workspace:
  restApis:
    - name: api
      resources:
        /n:
          GET: {integration: {type: AWS_PROXY, uri: "function:counter"}}
      stages: [{stageName: prod}]
  functions:
    - functionName: counter
      runtime: nodejs20.x
      latency: 40ms
      code: |
        let n = 0;
        exports.handler = async (event) => {
          n++;
          return { statusCode: n % 4 === 0 ? 500 : 200, body: String(n) };
        };
traffic:
  - {from: 0s, to: 10s, rate: 10/s, request: {path: /prod/n}}
expect:
  - {metric: Count, equals: 100}
  - {metric: status.200.count, equals: 75}
  - {metric: status.500.count, equals: 25}
  - {metric: IntegrationLatency.p99, equals: 40}
`
	for i := 0; i < 2; i++ {
		res, err := Run(parse(t, src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range res.Expectations {
			if !x.OK {
				t.Errorf("run %d: %s: got %v want %s", i+1, x.Metric, x.Got, x.Want)
			}
		}
	}
}

// A name that is not bundled is fs.ErrNotExist, so the CLI can say "no such scenario" for it
// and show a bundled file's real parse error otherwise.
func TestLoadBundledUnknownIsNotExist(t *testing.T) {
	_, err := LoadBundled("no-such-scenario")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadBundled(unknown) = %v, want an fs.ErrNotExist", err)
	}
	if _, err := LoadBundled("burst-429"); err != nil {
		t.Fatalf("LoadBundled(burst-429) = %v", err)
	}
}
