package engine

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// The proxy event of an edge-optimized API (AWS's default endpoint type) carries the
// headers of the CloudFront distribution in front of it; a regional one does not. LS
// snapshot test_lambda_aws_proxy_integration (an EDGE API, recorded against AWS) lists
// them; LocalStack's header-remapping tests create REGIONAL APIs "to prevent the
// cloudfront header from modifying the apigw headers". Values follow user-posted events.
func TestEdgeHeadersInProxyEvent(t *testing.T) {
	event := func(types ...string) map[string]string {
		ws := petsWorkspace()
		if len(types) > 0 {
			ws.RestAPIs[0].EndpointConfiguration = &model.EndpointConfiguration{Types: types}
		}
		r := newGateway(t, ws).Invoke(&Request{Method: "GET", Path: "/prod/echo/x",
			Header: wire.Headers{{Name: "tEsT-HEADeR", Value: "aValUE"}, {Name: "User-Agent", Value: "python-requests/testing"}}})
		var ev struct{ Headers map[string]string }
		if r.Status != 200 || json.Unmarshal([]byte(r.Body), &ev) != nil {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		return ev.Headers
	}
	names := func(h map[string]string) []string {
		var out []string
		for k := range h {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	regional := []string{"Host", "User-Agent", "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto", "tEsT-HEADeR"}
	edge := []string{"CloudFront-Forwarded-Proto", "CloudFront-Is-Desktop-Viewer", "CloudFront-Is-Mobile-Viewer",
		"CloudFront-Is-SmartTV-Viewer", "CloudFront-Is-Tablet-Viewer", "CloudFront-Viewer-ASN", "CloudFront-Viewer-Country",
		"Host", "User-Agent", "Via", "X-Amz-Cf-Id", "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto", "tEsT-HEADeR"}

	for _, typ := range [][]string{nil, {"EDGE"}} {
		h := event(typ...)
		if got := names(h); !slices.Equal(got, edge) {
			t.Fatalf("%v: headers %v\nwant %v", typ, got, edge)
		}
		for k, re := range map[string]string{
			"CloudFront-Forwarded-Proto": `^https$`, "CloudFront-Is-Desktop-Viewer": `^true$`, "CloudFront-Is-Mobile-Viewer": `^false$`,
			"Via": `^2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$`, "X-Amz-Cf-Id": `^[A-Za-z0-9_-]{54}==$`,
			"X-Forwarded-For": `^203\.0\.113\.10, 130\.176\.\d{1,3}\.\d{1,3}$`, "tEsT-HEADeR": `^aValUE$`,
		} {
			if !regexp.MustCompile(re).MatchString(h[k]) {
				t.Errorf("%v: %s = %q, want %s", typ, k, h[k], re)
			}
		}
	}
	for _, typ := range []string{"REGIONAL"} {
		h := event(typ)
		if got := names(h); !slices.Equal(got, regional) {
			t.Fatalf("%s: headers %v\nwant %v", typ, got, regional)
		}
		if h["X-Forwarded-For"] != "203.0.113.10" {
			t.Errorf("%s: X-Forwarded-For %q", typ, h["X-Forwarded-For"])
		}
	}
}

// test-invoke-method calls API Gateway directly, without CloudFront.
func TestTestInvokeHasNoEdgeHeaders(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	out := mustExec(t, g, "test-invoke-method --rest-api-id pets --resource-id /echo/{proxy+} --http-method ANY --path-with-query-string /echo/x")
	if strings.Contains(out, "CloudFront") || !strings.Contains(out, "X-Forwarded-For") {
		t.Fatalf("test-invoke event:\n%s", out)
	}
}

// An edge-optimized API's answers carry CloudFront's headers after API Gateway's own, in
// the order captures show (a WaniCTF 2021 write-up's 500 from an execute-api URL:
// X-Cache, Via, X-Amz-Cf-Pop, X-Amz-Cf-Id); "Error from cloudfront" on a 4xx/5xx. The
// response's Via names the server of the event's Via ("1.1" for "2.0") and X-Amz-Cf-Id is
// the event's. Ids come from the seeded generator: the same seed gives the same values.
// (Not asserted: the POP, IAD89-C1 for every request, is apigwlab's choice.)
// REGIONAL and PRIVATE APIs and test-invoke-method answer without them.
func TestEdgeResponseHeaders(t *testing.T) {
	invoke := func(path string, types ...string) *Response {
		ws := petsWorkspace()
		if len(types) > 0 {
			ws.RestAPIs[0].EndpointConfiguration = &model.EndpointConfiguration{Types: types}
		}
		return newGateway(t, ws).Invoke(&Request{Method: "GET", Path: path})
	}
	names := func(h wire.Headers) []string {
		var out []string
		for _, x := range h {
			out = append(out, x.Name)
		}
		return out
	}
	cf := []string{"X-Cache", "Via", "X-Amz-Cf-Pop", "X-Amz-Cf-Id"}
	for _, tt := range []struct {
		name, path string
		status     int
		xcache     string
	}{
		{"MOCK 200", "/prod/mock", 200, "Miss from cloudfront"},
		{"proxy 200", "/prod/echo/x", 200, "Miss from cloudfront"},
		{"unknown path 403", "/prod/nothing", 403, "Error from cloudfront"},
		{"unknown stage 403", "/nostage/x", 403, "Error from cloudfront"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := invoke(tt.path)
			got := names(r.Header)
			if r.Status != tt.status || len(got) < 4 || !slices.Equal(got[len(got)-4:], cf) {
				t.Fatalf("got %d %v, want %d ending in %v", r.Status, r.Header, tt.status, cf)
			}
			for k, re := range map[string]string{
				"X-Cache": "^" + tt.xcache + "$", "Via": `^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$`,
				"X-Amz-Cf-Pop": `^IAD89-C1$`, "X-Amz-Cf-Id": `^[A-Za-z0-9_-]{54}==$`,
			} {
				if v := r.Header.Value(k); !regexp.MustCompile(re).MatchString(v) {
					t.Errorf("%s = %q, want %s", k, v, re)
				}
			}
			if again := invoke(tt.path); again.Header.Value("X-Amz-Cf-Id") != r.Header.Value("X-Amz-Cf-Id") {
				t.Errorf("X-Amz-Cf-Id is not deterministic: %s then %s", r.Header.Value("X-Amz-Cf-Id"), again.Header.Value("X-Amz-Cf-Id"))
			}
		})
	}

	// the event and the answer name the same CloudFront server and request
	r := invoke("/prod/echo/x")
	var ev struct{ Headers map[string]string }
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
		t.Fatal(err)
	}
	if want := "1.1 " + strings.TrimPrefix(ev.Headers["Via"], "2.0 "); r.Header.Value("Via") != want || r.Header.Value("X-Amz-Cf-Id") != ev.Headers["X-Amz-Cf-Id"] {
		t.Errorf("answer Via %q Cf-Id %q; event Via %q Cf-Id %q", r.Header.Value("Via"), r.Header.Value("X-Amz-Cf-Id"), ev.Headers["Via"], ev.Headers["X-Amz-Cf-Id"])
	}

	// successive requests reach different servers of one POP (LS snapshot
	// test_invocation_trace_id: five requests, five Via values, one X-Amz-Cf-Pop)
	g := newGateway(t, petsWorkspace())
	vias, pops := map[string]bool{}, map[string]bool{}
	for range 20 {
		r := g.Invoke(&Request{Method: "GET", Path: "/prod/mock"})
		vias[r.Header.Value("Via")], pops[r.Header.Value("X-Amz-Cf-Pop")] = true, true
	}
	if len(vias) < 2 || len(pops) != 1 {
		t.Errorf("20 requests: %d Via values, %d POPs; want several and one", len(vias), len(pops))
	}

	for _, typ := range []string{"REGIONAL", "PRIVATE"} {
		r := invoke("/prod/mock", typ)
		for _, k := range cf {
			if _, ok := r.Header.Get(k); ok {
				t.Errorf("%s answer has %s: %v", typ, k, r.Header)
			}
		}
	}
	if out := mustExec(t, g, "test-invoke-method --rest-api-id pets --resource-id /mock --http-method GET"); strings.Contains(out, "cloudfront") {
		t.Errorf("test-invoke-method answer has CloudFront's headers:\n%s", out)
	}
}
