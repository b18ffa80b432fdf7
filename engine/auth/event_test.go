package auth

import (
	"encoding/json"
	"testing"

	"apigwlab/engine/wire"
)

func TestMethodArn(t *testing.T) {
	cases := []struct {
		method, path, want string
	}{
		{"GET", "/pets", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"},
		{"GET", "/pets/1", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1"},
		{"get", "/pets/1", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1"},
		{"GET", "/", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/"},
		{"POST", "", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/"},
		{"DELETE", "/pets/", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/DELETE/pets/"},
		{"GET", "/pets/a%2Fb", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/a%2Fb"},
	}
	for _, c := range cases {
		if got := MethodArn("us-east-1", "123456789012", "abc123", "prod", c.method, c.path); got != c.want {
			t.Errorf("MethodArn(%s %s) = %s, want %s", c.method, c.path, got, c.want)
		}
	}
}

func TestTokenEvent(t *testing.T) {
	got := string(TokenEvent("allow", "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/"))
	want := `{"type":"TOKEN","authorizationToken":"allow","methodArn":"arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/"}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	odd := "Bearer \"q\"\\ <&> \n\x01 \u2028 \xff é"
	var ev struct{ Type, AuthorizationToken, MethodArn string }
	b := TokenEvent(odd, "arn")
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if ev.Type != "TOKEN" || ev.AuthorizationToken != "Bearer \"q\"\\ <&> \n\x01 \u2028 \ufffd é" || ev.MethodArn != "arn" {
		t.Fatalf("%+v", ev)
	}
	if want := `{"type":"TOKEN","authorizationToken":"Bearer \"q\"\\ <&> \n\u0001 \u2028 \ufffd é","methodArn":"arn"}`; string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
}

func TestRequestEvent(t *testing.T) {
	in := &RequestEventInput{
		MethodArn:  "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request",
		Resource:   "/request",
		Path:       "/request",
		HTTPMethod: "GET",
		Headers:    wire.Headers{{Name: "HeaderAuth1", Value: "headerValue1"}, {Name: "Accept", Value: "*/*"}, {Name: "headerauth1", Value: "second"}},
		Query:      []wire.QueryParam{{Name: "QueryString1", Value: "queryValue1"}, {Name: "QueryString1", Value: "q2"}, {Name: "a", Value: "<&>"}},
		StageVariables: map[string]string{
			"StageVar1": "stageValue1",
		},
		RequestContext: RequestContext{
			Path: "/request", AccountID: "123456789012", ResourceID: "05c7jb", Stage: "test", RequestID: "req-1",
			Identity:     Identity{APIKey: "key-1", SourceIP: "203.0.113.7"},
			ResourcePath: "/request", HTTPMethod: "GET", APIID: "s4x3opwd6i",
		},
	}
	got := string(RequestEvent(in))
	want := `{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request","resource":"/request","path":"/request","httpMethod":"GET",` +
		`"headers":{"Accept":"*/*","HeaderAuth1":"second"},"multiValueHeaders":{"Accept":["*/*"],"HeaderAuth1":["headerValue1","second"]},` +
		`"queryStringParameters":{"QueryString1":"q2","a":"<&>"},"multiValueQueryStringParameters":{"QueryString1":["queryValue1","q2"],"a":["<&>"]},` +
		`"pathParameters":{},"stageVariables":{"StageVar1":"stageValue1"},` +
		`"requestContext":{"path":"/request","accountId":"123456789012","resourceId":"05c7jb","stage":"test","requestId":"req-1","identity":{"apiKey":"key-1","sourceIp":"203.0.113.7"},"resourcePath":"/request","httpMethod":"GET","apiId":"s4x3opwd6i"}}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestRequestEventEmptyMapsAndExtras(t *testing.T) {
	in := &RequestEventInput{
		MethodArn: "arn", Resource: "/pets/{id}", Path: "/pets/1", HTTPMethod: "GET",
		PathParameters: map[string]string{"id": "1"},
		RequestContext: RequestContext{Stage: "prod", DomainName: "abc.execute-api.us-east-1.amazonaws.com", Protocol: "HTTP/1.1", RequestTimeEpoch: 1700000000000},
	}
	var m map[string]any
	if err := json.Unmarshal(RequestEvent(in), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "stageVariables"} {
		if v, ok := m[k].(map[string]any); !ok || len(v) != 0 {
			t.Errorf("%s = %#v, want {}", k, m[k])
		}
	}
	if m["pathParameters"].(map[string]any)["id"] != "1" {
		t.Errorf("pathParameters %v", m["pathParameters"])
	}
	rc := m["requestContext"].(map[string]any)
	if rc["domainName"] != "abc.execute-api.us-east-1.amazonaws.com" || rc["protocol"] != "HTTP/1.1" || rc["requestTimeEpoch"] != 1700000000000.0 {
		t.Errorf("requestContext %v", rc)
	}
	if _, ok := rc["extendedRequestId"]; ok {
		t.Error("unset extras must be left out")
	}
	if id := rc["identity"].(map[string]any); len(id) != 1 || id["sourceIp"] != "" {
		t.Errorf("identity %v", id)
	}
}
