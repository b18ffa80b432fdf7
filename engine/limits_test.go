package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/model"
)

// Lambda's 6 MB synchronous payload limit, under API Gateway's 10 MB.
func TestLambdaPayloadLimits(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	// a 7 MB body is within API Gateway's 10 MB, but the proxy event is over Lambda's limit
	r := g.Invoke(&Request{Method: "POST", Path: "/prod/echo/x", Body: strings.Repeat("a", 7<<20)})
	if r.Status != 413 || r.Body != `{"message":"Request Too Long"}` || r.Header.Value("x-amzn-ErrorType") != "RequestTooLargeException" || r.Function != "" {
		t.Fatalf("7 MB to Lambda: %d %s %q ran %q", r.Status, r.Body, r.Header.Value("x-amzn-ErrorType"), r.Function)
	}
	if r := g.Invoke(&Request{Method: "POST", Path: "/prod/echo/x", Body: strings.Repeat("a", 5<<20)}); r.Status != 200 {
		t.Fatalf("5 MB to Lambda: %d", r.Status)
	}

	// a function answering more than 6291556 bytes: a proxy integration answers 502
	ws := petsWorkspace()
	big := strings.Repeat("b", 6291556)
	ws.Functions[0].Returns = map[string]any{"statusCode": float64(200), "body": big}
	g = newGateway(t, ws)
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Status != 502 || r.Body != `{"message": "Internal server error"}` {
		t.Fatalf("over-limit proxy response: %d %.80s", r.Status, r.Body)
	}
	// a custom integration matches the error message against its selection patterns
	ws = petsWorkspace()
	ws.Functions = append(ws.Functions, &model.Function{FunctionName: "huge", Behavior: model.Behavior{Returns: big}})
	ws.RestAPIs[0].Resources = append(ws.RestAPIs[0].Resources, &model.Resource{Path: "/huge", Methods: []*model.Method{{HTTPMethod: "GET",
		Integration: &model.Integration{Type: model.IntegrationAWS, HTTPMethod: "POST", URI: "function:huge",
			IntegrationResponses: []*model.IntegrationResponse{{StatusCode: "200"}, {StatusCode: "413", SelectionPattern: ".*exceeded maximum allowed payload size.*"}}}}}})
	if r := newGateway(t, ws).Invoke(&Request{Method: "GET", Path: "/prod/huge"}); r.Status != 413 {
		t.Fatalf("over-limit custom response: %d %.120s", r.Status, r.Body)
	}
}
