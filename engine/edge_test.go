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
