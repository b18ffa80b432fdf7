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

// wsScaleScenario is conns clients, each sending rate messages a second for seconds seconds
// to a two-way route backed by a simulated function (its reply is a frame too). They connect
// at 400 a second, under the account's 500 new connections a second.
func wsScaleScenario(tb testing.TB, conns, rate, seconds int) *Scenario {
	tb.Helper()
	src := fmt.Sprintf(`name: ws-scale
seed: 1
duration: %ds
workspace:
  websocketApis:
    - name: chat
      routes:
        $connect: {integration: {integrationType: AWS_PROXY, integrationUri: "function:ok"}}
        $default:
          integration: {integrationType: AWS_PROXY, integrationUri: "function:echo"}
          routeResponseSelectionExpression: $default
  functions:
    - {functionName: ok, latency: 5ms, returns: {statusCode: 200}}
    - {functionName: echo, latency: {p50: 20ms, p99: 120ms}, returns: {statusCode: 200, body: pong}}
connections:
  - {count: %d, from: 0s, to: %ds, messages: [{rate: %d/s, arrival: poisson, body: '{"action":"ping"}'}]}
`, seconds, conns, conns/400+1, rate)
	sc, err := Parse("ws-scale.yaml", []byte(src), noFiles)
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

// BenchmarkReplayWebSocket replays 1,000 connections sending 10 messages a second each for
// about 10 s per iteration (about 95,000 messages); ns/message is the cost of one simulated message (route selection,
// the function, the reply frame, the metrics).
func BenchmarkReplayWebSocket(b *testing.B) {
	sc := wsScaleScenario(b, 1000, 10, 10)
	b.ReportAllocs()
	b.ResetTimer()
	var msgs int64
	for i := 0; i < b.N; i++ {
		res, err := Run(sc, Options{})
		if err != nil {
			b.Fatal(err)
		}
		msgs = res.Total.ws.messagesIn
		if res.Total.ws.connectStatus[101] != 1000 || res.Total.ws.clientErrors > 0 {
			b.Fatalf("connects %v, ClientError %d", res.Total.ws.connectStatus, res.Total.ws.clientErrors)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(msgs), "ns/message")
}
