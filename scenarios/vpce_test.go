package scenarios

import (
	"os"
	"path/filepath"
	"testing"
)

// A request template's sourceVpce reaches the engine: a PRIVATE API answers only requests
// that come through its VPC endpoint.
func TestSourceVpce(t *testing.T) {
	ex, err := filepath.Abs("../examples/iam.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ex); err != nil {
		t.Skip("examples/iam.yaml not present")
	}
	sc, err := Parse("v.yaml", []byte(`name: v
workspace: `+ex+`
traffic:
  - {from: 0s, to: 10s, rate: 1/s, request: {api: internal, path: /prod/health, sourceVpce: vpce-0a1b2c3d4e5f60718}}
  - {from: 0s, to: 10s, rate: 1/s, request: {api: internal, path: /prod/health}}
expect:
  - {metric: status.200.count, equals: 10}
  - {metric: status.403.count, equals: 10}
`), noFiles)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passed {
		t.Fatalf("expectations failed: %+v", res.Expectations)
	}
}
