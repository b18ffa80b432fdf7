package engine

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// clientHeaders is what the client sends in LocalStack's AWS-validated header remapping
// test (test_apigateway_integrations.py :: TestApiGatewayHeaderRemapping.invoke_api).
var clientHeaders = wire.Headers{
	{Name: "Accept", Value: "application/json"}, {Name: "Accept-Charset", Value: "UTF-8"}, {Name: "Accept-Encoding", Value: "br"},
	{Name: "Age", Value: "request_Age"}, {Name: "Authorization", Value: "Unauthorized"}, {Name: "Connection", Value: "close"},
	{Name: "Content-Encoding", Value: "deflate"}, {Name: "Content-MD5", Value: "request_Content-MD5"},
	{Name: "Content-Type", Value: "application/json"}, {Name: "Date", Value: "request_Date"}, {Name: "Expect", Value: "100-continue"},
	{Name: "Max-Forwards", Value: "2"}, {Name: "Pragma", Value: "cache"}, {Name: "Proxy-Authenticate", Value: "Basic"},
	{Name: "Range", Value: "bytes=500-999"}, {Name: "Referer", Value: "https://example.com/"}, {Name: "Server", Value: "https://example.com/"},
	{Name: "TE", Value: "deflate"}, {Name: "Trailer", Value: "Expires"}, {Name: "Transfer-Encoding", Value: "chunked"},
	{Name: "Upgrade", Value: "HTTP/2.0"}, {Name: "User-Agent", Value: "localStack/0.0"}, {Name: "Via", Value: "p.example.net"},
	{Name: "Warn", Value: "299 localStack/0.0"}, {Name: "WWW-Authenticate", Value: "Basic YWxhZGRpbjpvcGVuc2VzYW1l"},
}

// echoBackend answers with the headers and query it received, as JSON.
func echoBackend(t *testing.T) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := map[string]string{}
		for k, v := range r.Header {
			h[k] = strings.Join(v, ",")
		}
		w.Header().Set("Server", "gunicorn/19.9.0")
		json.NewEncoder(w).Encode(map[string]any{"headers": h, "query": r.URL.RawQuery, "path": r.URL.Path})
	}))
	t.Cleanup(s.Close)
	return s
}

func headerNames(h map[string]string) []string {
	var out []string
	for k := range h {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func integrationWorkspace(in *model.Integration, resp *model.IntegrationResponse) *model.Workspace {
	if resp != nil {
		in.IntegrationResponses = []*model.IntegrationResponse{resp}
	}
	ws := petsWorkspace()
	ws.RestAPIs[0].Resources = []*model.Resource{{Path: "/t/{id}", Methods: []*model.Method{{HTTPMethod: "GET", Integration: in}}}}
	return ws
}

// HTTP_PROXY forwards the client's headers minus those AWS drops (LS snapshot
// test_apigateway_header_remapping_http[HTTP_PROXY] no-param-integration), and applies
// requestParameters: a mapped header replaces the client's; a mapping whose source is
// absent is left out; querystring and path mappings.
func TestHTTPProxyForwardsAndMaps(t *testing.T) {
	b := echoBackend(t)
	g := newGateway(t, integrationWorkspace(&model.Integration{Type: model.IntegrationHTTPProxy, HTTPMethod: "GET", URI: b.URL + "/x/{id}"}, nil))
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/t/7", Header: clientHeaders})
	var got struct {
		Headers map[string]string
		Query   string
		Path    string
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	// Accept-Encoding is the client's (no client default is added: backendclient_test.go);
	// Content-Length is recomputed; the rest is the snapshot's list
	want := []string{"Accept", "Accept-Charset", "Accept-Encoding", "Age", "Authorization", "Content-Type", "Date", "Pragma",
		"Range", "Referer", "User-Agent", "Warn", "X-Amzn-Apigateway-Api-Id", "X-Amzn-Trace-Id"}
	if names := headerNames(got.Headers); strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("backend got headers\n%v\nwant\n%v", names, want)
	}
	if got.Path != "/x/7" {
		t.Fatalf("path %q", got.Path)
	}
	// the backend's Server and Content-Length reach the client remapped
	if r.Header.Value("x-amzn-Remapped-Server") != "gunicorn/19.9.0" || r.Header.Value("Server") != "" {
		t.Fatalf("response headers %v", r.Header)
	}

	ws := integrationWorkspace(&model.Integration{Type: model.IntegrationHTTPProxy, HTTPMethod: "GET", URI: b.URL + "/x/{id}",
		RequestParameters: map[string]string{
			"integration.request.header.Accept":       "'text/html'",
			"integration.request.header.X-From-Query": "method.request.querystring.q",
			"integration.request.header.X-Absent":     "method.request.header.X-Not-Sent",
			"integration.request.querystring.stage":   "context.stage",
			"integration.request.path.id":             "'fixed'",
		}}, nil)
	g = newGateway(t, ws)
	r = g.Invoke(&Request{Method: "GET", Path: "/prod/t/7", RawQuery: "q=hello", Header: wire.Headers{{Name: "Accept", Value: "application/json"}}})
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if got.Headers["Accept"] != "text/html" || got.Headers["X-From-Query"] != "hello" || got.Path != "/x/fixed" || got.Query != "q=hello&stage=prod" {
		t.Fatalf("mapped: %+v", got)
	}
	if _, sent := got.Headers["X-Absent"]; sent {
		t.Fatalf("a mapping whose source is absent was sent: %v", got.Headers)
	}
}

// A requestParameters mapping of a header AWS reserves is accepted at put time, and every
// request then gets 500 (LS snapshot test_apigateway_header_remapping_* content-length,
// transfer-encoding, authorization, connection, expect, proxy-authenticate, te).
func TestRestrictedHeaderMappings(t *testing.T) {
	b := echoBackend(t)
	cases := []struct {
		typ, header string
		refused     bool
	}{
		{model.IntegrationHTTP, "Content-Length", true},
		{model.IntegrationHTTPProxy, "Transfer-Encoding", true},
		{model.IntegrationHTTPProxy, "Authorization", false},
		{model.IntegrationAWS, "Authorization", true},
		{model.IntegrationAWSProxy, "Connection", true},
		{model.IntegrationAWSProxy, "Expect", true},
		{model.IntegrationAWS, "Proxy-Authenticate", true},
		{model.IntegrationAWS, "TE", true},
		{model.IntegrationAWS, "X-Custom", false},
	}
	for _, tt := range cases {
		in := &model.Integration{Type: tt.typ, HTTPMethod: "POST", URI: b.URL,
			RequestParameters: map[string]string{"integration.request.header." + tt.header: "'x'"}}
		if tt.typ == model.IntegrationAWS || tt.typ == model.IntegrationAWSProxy {
			in.URI = "function:listPets"
		}
		var ir *model.IntegrationResponse
		if tt.typ == model.IntegrationAWS || tt.typ == model.IntegrationHTTP {
			ir = &model.IntegrationResponse{StatusCode: "200"}
		}
		r := newGateway(t, integrationWorkspace(in, ir)).Invoke(&Request{Method: "GET", Path: "/prod/t/1"})
		refused := r.Status == 500 && r.Body == `{"message": "Internal server error"}` && r.Header.Value("x-amzn-ErrorType") == "InternalServerErrorException"
		if refused != tt.refused {
			t.Errorf("%s mapping %s: %d %s (want refused=%v)", tt.typ, tt.header, r.Status, r.Body, tt.refused)
		}
	}
}

// A non-proxy method response parameter with a reserved name reaches the client as
// x-amzn-Remapped-NAME (LS snapshot test_apigateway_header_remapping_aws[AWS]
// full-integration response-headers).
func TestResponseParametersRemapped(t *testing.T) {
	params := map[string]string{}
	for _, h := range []string{"Accept", "Authorization", "Connection", "Content-Length", "Content-MD5", "Date", "Expect", "Host",
		"Max-Forwards", "Proxy-Authenticate", "Server", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent", "WWW-Authenticate", "Warn"} {
		params["method.response.header."+h] = "'response_param_" + h + "'"
	}
	ws := integrationWorkspace(&model.Integration{Type: model.IntegrationAWS, HTTPMethod: "POST", URI: "function:listPets"},
		&model.IntegrationResponse{StatusCode: "200", ResponseParameters: params})
	r := newGateway(t, ws).Invoke(&Request{Method: "GET", Path: "/prod/t/1"})
	for _, h := range []string{"Accept", "TE", "Warn"} {
		if r.Header.Value(h) != "response_param_"+h {
			t.Errorf("%s: %q", h, r.Header.Value(h))
		}
	}
	for _, h := range []string{"Authorization", "Connection", "Content-Length", "Content-MD5", "Date", "Expect", "Host", "Max-Forwards",
		"Proxy-Authenticate", "Server", "Trailer", "Upgrade", "User-Agent", "WWW-Authenticate"} {
		if r.Header.Value("x-amzn-Remapped-"+h) != "response_param_"+h {
			t.Errorf("x-amzn-Remapped-%s: %q", h, r.Header.Value("x-amzn-Remapped-"+h))
		}
	}
	if _, ok := r.Header.Get("Transfer-Encoding"); ok {
		t.Error("Transfer-Encoding must be dropped")
	}
}

// The proxy event carries the client's headers minus those AWS drops (LS snapshot
// test_apigateway_header_remapping_aws[AWS_PROXY] no-param-integration).
func TestProxyEventDropsHeaders(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/echo/x", Header: clientHeaders})
	var ev struct{ Headers map[string]string }
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	for _, gone := range []string{"Connection", "Content-MD5", "Expect", "Max-Forwards", "Proxy-Authenticate", "Server", "TE",
		"Transfer-Encoding", "Trailer", "Upgrade", "WWW-Authenticate"} {
		if _, ok := ev.Headers[gone]; ok {
			t.Errorf("the event carries %s", gone)
		}
	}
	for _, kept := range []string{"Accept", "Authorization", "Content-Encoding", "Via", "Warn", "X-Forwarded-For"} {
		if _, ok := ev.Headers[kept]; !ok {
			t.Errorf("the event lacks %s", kept)
		}
	}
}

// X-Amz-Invocation-Type 'Event' on a Lambda custom integration: Lambda answers 202 at once,
// the client gets the integration response with an empty body, the function still runs.
func TestAsyncLambdaInvocation(t *testing.T) {
	async := func(source string) *model.Workspace {
		return integrationWorkspace(&model.Integration{Type: model.IntegrationAWS, HTTPMethod: "POST", URI: "function:slow",
			RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": source}},
			&model.IntegrationResponse{StatusCode: "200"})
	}
	g := newGateway(t, async("'Event'"))
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/t/1"})
	if r.Status != 200 || r.Body != "" || r.IntegrationLatency != 0 || r.Function != "slow" {
		t.Fatalf("async: %d %q latency %v function %q", r.Status, r.Body, r.IntegrationLatency, r.Function)
	}
	// the same from a header the client sends
	g = newGateway(t, async("method.request.header.InvocationType"))
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/t/1"}); r.Status != 504 {
		t.Fatalf("without the header the call is synchronous (the function takes 31 s): %d", r.Status)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/t/1", Header: wire.Headers{{Name: "InvocationType", Value: "Event"}}}); r.Status != 200 {
		t.Fatalf("with InvocationType: Event: %d", r.Status)
	}
}
