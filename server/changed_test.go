package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"apigwlab/engine"
	"apigwlab/engine/model"
)

// TestChangedHook: Options.Changed (serve --state) runs after a control-plane request (API
// Gateway's or Lambda's) that changed something — not after reads, failures or the data plane — and before the answer,
// which reaches the client whole.
func TestChangedHook(t *testing.T) {
	ws, err := model.Parse("ws.yaml", []byte("restApis:\n  - name: pets\n    resources: {/pets: {GET: {integration: {type: MOCK, requestTemplates: {application/json: '{\"statusCode\": 200}'}, integrationResponses: [{statusCode: \"200\"}]}}}}\n    stages: [{stageName: prod}]\nfunctions:\n  - functionName: hello\n    returns: {statusCode: 200, body: hi}\n"))
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	var mu sync.Mutex // Changed runs on the server's goroutine
	var names []string
	srv := httptest.NewServer(New(gw, Options{Changed: func(g *engine.Gateway) {
		calls.Add(1)
		mu.Lock()
		defer mu.Unlock()
		for _, a := range g.APIs() {
			names = append(names, a.Name)
		}
	}}))
	defer srv.Close()
	for _, tc := range []struct {
		method, path, body string
		status             int
		calls              int32
		bodyHas            string
	}{
		{"POST", "/restapis", `{"name":"shop"}`, 201, 1, `"name": "shop"`},
		{"GET", "/restapis", "", 200, 1, `"item"`},
		{"POST", "/restapis", `{"name":"shop"}`, 409, 1, "already exists"},
		{"GET", "/prod/pets", "", 200, 1, ""},
		{"PATCH", "/restapis/pets/stages/prod", `{"patchOperations":[{"op":"replace","path":"/variables/a","value":"b"}]}`, 200, 2, `"a": "b"`},
		// Lambda's control plane changes the gateway too: serve --state must save it
		{"GET", "/2015-03-31/functions/hello", "", 200, 2, `"FunctionName": "hello"`},
		{"PUT", "/2015-03-31/functions/hello/configuration", `{"Timeout":3}`, 200, 3, `"Timeout": 3`},
		{"PUT", "/2015-03-31/functions/nope/configuration", `{"Timeout":3}`, 404, 3, "Function not found"},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.bodyHas) {
			t.Errorf("%s %s: %d %s, want %d with %q", tc.method, tc.path, resp.StatusCode, b, tc.status, tc.bodyHas)
		}
		if tc.status >= 400 && resp.Header.Get("x-amzn-ErrorType") == "" {
			t.Errorf("%s %s: the error lost its x-amzn-ErrorType", tc.method, tc.path)
		}
		if got := calls.Load(); got != tc.calls {
			t.Errorf("after %s %s: Changed called %d times, want %d", tc.method, tc.path, got, tc.calls)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(names) < 2 || names[1] != "shop" {
		t.Errorf("Changed saw APIs %v, want pets and shop", names)
	}
}
