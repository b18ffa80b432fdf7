package scenarios

import (
	"fmt"
	"testing"
)

// scaleScenario is issue #4's scale target: AWS_PROXY to a simulated function, tracing off.
func scaleScenario(tb testing.TB, rate int, seconds int) *Scenario {
	tb.Helper()
	src := fmt.Sprintf(`name: scale
seed: 1
workspace:
  restApis:
    - name: api
      resources:
        /items/{id}:
          GET: {integration: {type: AWS_PROXY, uri: "function:item"}}
      stages: [{stageName: prod}]
  functions:
    - {functionName: item, latency: {p50: 20ms, p99: 120ms}, returns: {statusCode: 200, body: '{"id":1}'}}
traffic:
  - {from: 0s, to: %ds, rate: %d/s, arrival: poisson, request: {path: /prod/items/7}}
expect:
  - {metric: status.200.ratio, equals: 1}
`, seconds, rate)
	sc, err := Parse("scale.yaml", []byte(src), noFiles)
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

// BenchmarkReplay replays 10,000 rps for 10 s per iteration; ns/op ÷ 100,000 is the cost of
// one simulated request.
func BenchmarkReplay(b *testing.B) {
	sc := scaleScenario(b, 10000, 10)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Run(sc, Options{})
		if err != nil || !res.Passed {
			b.Fatalf("err %v", err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100000, "ns/request")
}
