package httpapi_test

import (
	"testing"
	"time"

	"apigwlab/engine"
)

// BenchmarkInvokeHTTPAPI is an HTTP API Lambda proxy route (payload 2.0), beside the REST
// pipeline's BenchmarkInvoke (engine/bench_test.go). Target (issue #18): ≤ 2 µs/op trace off.
func BenchmarkInvokeHTTPAPI(b *testing.B) {
	for _, bc := range []struct {
		name  string
		trace bool
	}{{"AWS_PROXY", false}, {"AWS_PROXY/trace", true}} {
		b.Run(bc.name, func(b *testing.B) {
			g, clk := gateway(b, `
httpApis:
  - name: pets
    routes:
      "GET /pets/{id}": {integration: {integrationType: AWS_PROXY, integrationUri: "function:pets", payloadFormatVersion: "2.0"}}
      "ANY /{proxy+}": {integration: {integrationType: AWS_PROXY, integrationUri: "function:pets", payloadFormatVersion: "2.0"}}
functions:
  - {functionName: pets, latency: 20ms, returns: {statusCode: 200, headers: {Content-Type: application/json}, body: '{"id":7}'}}
`)
			req := &engine.Request{Method: "GET", Path: "/pets/7", Trace: bc.trace}
			var resp engine.Response
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				clk.Advance(time.Second)
				g.InvokeInto(req, &resp)
				if resp.Status != 200 {
					b.Fatalf("status %d %s", resp.Status, resp.Body)
				}
			}
		})
	}
}
