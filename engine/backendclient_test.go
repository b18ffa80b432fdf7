package engine

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// recordingBackend answers /gz gzip-compressed (Content-Encoding: gzip), /moved with a 302
// to /elsewhere and anything else with a small JSON body; seen lists the path and the
// Accept-Encoding ("-" when absent) of every request it got.
func recordingBackend(t *testing.T) (url string, seen func() []string) {
	var mu sync.Mutex
	var log []string
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ae := "-"
		if v, ok := r.Header["Accept-Encoding"]; ok {
			ae = v[0]
		}
		mu.Lock()
		log = append(log, r.URL.Path+" "+ae)
		mu.Unlock()
		switch r.URL.Path {
		case "/gz":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write([]byte(`{"ok":true}`))
			zw.Close()
		case "/moved":
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"ok":true}`))
		}
	}))
	t.Cleanup(s.Close)
	return s.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := log
		log = nil
		return out
	}
}

func gzipped(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// API Gateway sends a backend only the headers the client and the mappings give it, and
// hands on its answer as written: Go's client would add "Accept-Encoding: gzip" and
// decompress the answer behind our back (LS snapshot test_http_integration_with_lambda,
// recorded against AWS: the request of an HTTP integration has no Accept-Encoding, that of
// an HTTP_PROXY one the client's "gzip, deflate"). A backend's redirect is the answer, not
// followed. The same holds for HTTP APIs' HTTP_PROXY.
func TestBackendRequestAsClientSentIt(t *testing.T) {
	url, seen := recordingBackend(t)
	rest := func(typ, path string) *Gateway {
		in := &model.Integration{Type: typ, HTTPMethod: "GET", URI: url + path}
		var ir *model.IntegrationResponse
		if typ == model.IntegrationHTTP {
			ir = &model.IntegrationResponse{StatusCode: "200"}
		}
		ws := integrationWorkspace(in, ir)
		ws.RestAPIs[0].Resources[0].Methods[0].MethodResponses = []*model.MethodResponse{{StatusCode: "200"}}
		return newGateway(t, ws)
	}
	v2 := lsWorkspace(t, `
apiVersion: apigwlab/v1
httpApis:
  - name: shop
    routes:
      "GET /plain": {integration: {integrationType: HTTP_PROXY, integrationMethod: GET, integrationUri: "`+url+`/plain"}}
      "GET /gz": {integration: {integrationType: HTTP_PROXY, integrationMethod: GET, integrationUri: "`+url+`/gz"}}
      "GET /moved": {integration: {integrationType: HTTP_PROXY, integrationMethod: GET, integrationUri: "`+url+`/moved"}}
    stages: [{stageName: $default, autoDeploy: true}]
`)
	gzipAccept := wire.Headers{{Name: "Accept-Encoding", Value: "gzip, deflate"}}
	tests := []struct {
		name   string
		g      *Gateway
		path   string
		header wire.Headers
		status int
		body   string
		want   []string // what the backend saw
		respCE string   // the answer's Content-Encoding
		loc    string   // the answer's Location
	}{
		{"REST HTTP: no Accept-Encoding added", rest(model.IntegrationHTTP, "/plain"), "/prod/t/1", nil, 200, `{"ok":true}`, []string{"/plain -"}, "", ""},
		{"REST HTTP_PROXY: none added", rest(model.IntegrationHTTPProxy, "/plain"), "/prod/t/1", nil, 200, `{"ok":true}`, []string{"/plain -"}, "", ""},
		{"REST HTTP_PROXY: the client's passes, the gzip answer is handed on as sent", rest(model.IntegrationHTTPProxy, "/gz"), "/prod/t/1", gzipAccept,
			200, gzipped(`{"ok":true}`), []string{"/gz gzip, deflate"}, "gzip", ""},
		{"REST HTTP_PROXY: a redirect is the answer", rest(model.IntegrationHTTPProxy, "/moved"), "/prod/t/1", nil, 302, "", []string{"/moved -"}, "", "/elsewhere"},
		{"HTTP API HTTP_PROXY: none added", v2, "/plain", nil, 200, `{"ok":true}`, []string{"/plain -"}, "", ""},
		{"HTTP API HTTP_PROXY: the gzip answer as sent", v2, "/gz", gzipAccept, 200, gzipped(`{"ok":true}`), []string{"/gz gzip, deflate"}, "gzip", ""},
		{"HTTP API HTTP_PROXY: a redirect is the answer", v2, "/moved", nil, 302, "", []string{"/moved -"}, "", "/elsewhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.g.Invoke(&Request{Method: "GET", Path: tt.path, Header: tt.header})
			got := seen()
			if r.Status != tt.status || (tt.body != "" && r.Body != tt.body) {
				t.Fatalf("got %d %q, want %d %q", r.Status, r.Body, tt.status, tt.body)
			}
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("backend saw %q, want %q", got, tt.want)
			}
			if ce := r.Header.Value("Content-Encoding"); ce != tt.respCE {
				t.Errorf("Content-Encoding %q, want %q (%v)", ce, tt.respCE, r.Header)
			}
			if loc := r.Header.Value("Location"); loc != tt.loc {
				t.Errorf("Location %q, want %q", loc, tt.loc)
			}
		})
	}
}
