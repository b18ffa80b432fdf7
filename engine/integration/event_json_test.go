package integration

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"apigwlab/engine/router"
	"apigwlab/engine/wire"
)

// The struct types below are the event as encoding/json would write it: the reference the
// hand-written encoder must match byte for byte.
// proxyEvent is the REST API Lambda proxy event, payload format 1.0. Field order is AWS's
// (aws-facts.md §2.1); REST events have no "version" key.
type proxyEvent struct {
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	RequestContext                  proxyRequestContext `json:"requestContext"`
	Body                            *string             `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
}

// The requestContext key order follows AWS's documented sample event
// (set-up-lambda-proxy-integrations.md, "Input format of a Lambda function for proxy integration").
type proxyRequestContext struct {
	ResourceID        string        `json:"resourceId"`
	ResourcePath      string        `json:"resourcePath"`
	HTTPMethod        string        `json:"httpMethod"`
	ExtendedRequestID string        `json:"extendedRequestId"`
	RequestTime       string        `json:"requestTime"`
	Path              string        `json:"path"`
	AccountID         string        `json:"accountId"`
	Protocol          string        `json:"protocol"`
	Stage             string        `json:"stage"`
	DomainPrefix      string        `json:"domainPrefix"`
	RequestTimeEpoch  int64         `json:"requestTimeEpoch"`
	RequestID         string        `json:"requestId"`
	Identity          proxyIdentity `json:"identity"`
	DomainName        string        `json:"domainName"`
	DeploymentID      string        `json:"deploymentId"`
	APIID             string        `json:"apiId"`
}

// Identity fields are null unless known (aws-facts.md §2.1); apiKey/apiKeyId appear when a key was used.
type proxyIdentity struct {
	CognitoIdentityPoolID         *string `json:"cognitoIdentityPoolId"`
	AccountID                     *string `json:"accountId"`
	CognitoIdentityID             *string `json:"cognitoIdentityId"`
	Caller                        *string `json:"caller"`
	APIKey                        string  `json:"apiKey,omitempty"`
	APIKeyID                      string  `json:"apiKeyId,omitempty"`
	SourceIP                      string  `json:"sourceIp"`
	PrincipalOrgID                *string `json:"principalOrgId"`
	AccessKey                     *string `json:"accessKey"`
	CognitoAuthenticationType     *string `json:"cognitoAuthenticationType"`
	CognitoAuthenticationProvider *string `json:"cognitoAuthenticationProvider"`
	UserArn                       *string `json:"userArn"`
	UserAgent                     *string `json:"userAgent"`
	User                          *string `json:"user"`
}

func referenceEvent(c *Call) []byte {
	ev := proxyEvent{Resource: c.Resource, Path: c.Path, HTTPMethod: c.HTTPMethod,
		Headers: map[string]string{}, MultiValueHeaders: map[string][]string{}}
	if len(c.StageVars) > 0 {
		ev.StageVariables = c.StageVars
	}
	canon := map[string]string{}
	for _, h := range c.Header {
		lk := strings.ToLower(h.Name)
		if lk == "content-length" || lk == "connection" {
			continue
		}
		name, ok := canon[lk]
		if !ok {
			name = h.Name
			canon[lk] = name
		}
		ev.Headers[name] = h.Value
		ev.MultiValueHeaders[name] = append(ev.MultiValueHeaders[name], h.Value)
	}
	if len(c.Query) > 0 {
		ev.QueryStringParameters = map[string]string{}
		ev.MultiValueQueryStringParameters = map[string][]string{}
		for _, q := range c.Query {
			ev.QueryStringParameters[q.Name] = q.Value
			ev.MultiValueQueryStringParameters[q.Name] = append(ev.MultiValueQueryStringParameters[q.Name], q.Value)
		}
	}
	if len(c.PathParams) > 0 {
		ev.PathParameters = map[string]string{}
		for _, p := range c.PathParams {
			ev.PathParameters[p.Name] = p.Value
		}
	}
	if c.Body != "" {
		body := c.Body
		if IsBinary(c.Header.Value("Content-Type"), c.BinaryMediaTypes) {
			body = base64.StdEncoding.EncodeToString([]byte(c.Body))
			ev.IsBase64Encoded = true
		}
		ev.Body = &body
	}
	x := c.Ctx
	ev.RequestContext = proxyRequestContext{ResourceID: x.ResourceID, ResourcePath: x.ResourcePath, HTTPMethod: x.HTTPMethod,
		ExtendedRequestID: x.ExtendedRequestID, RequestTime: x.RequestTime, Path: x.Path, AccountID: x.AccountID,
		Protocol: x.Protocol, Stage: x.Stage, DomainPrefix: x.DomainPrefix, RequestTimeEpoch: x.RequestTimeEpoch,
		RequestID: x.RequestID, DomainName: x.DomainName, DeploymentID: x.DeploymentID, APIID: x.APIID,
		Identity: proxyIdentity{SourceIP: x.SourceIP, APIKey: x.APIKey, APIKeyID: x.APIKeyID}}
	if ua := x.UserAgent; ua != "" {
		ev.RequestContext.Identity.UserAgent = &ua
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(ev)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func sampleCall(body string, hdr wire.Headers, query []wire.QueryParam, params []router.Param, vars map[string]string, ua, key string) *Call {
	return &Call{HTTPMethod: "POST", Path: "/a/b%2Bc/", Resource: "/{proxy+}", Header: hdr, Query: query, Body: body,
		PathParams: params, StageVars: vars, BinaryMediaTypes: []string{"image/*"},
		Ctx: &RequestContext{AccountID: "123456789012", APIID: "abc", DeploymentID: "d1", DomainName: "abc.execute-api.us-east-1.amazonaws.com",
			DomainPrefix: "abc", ExtendedRequestID: "x=", HTTPMethod: "POST", Path: "/prod/a", Protocol: "HTTP/1.1", RequestID: "r",
			RequestTime: "04/Mar/2026:05:06:07 +0000", RequestTimeEpoch: 1772600767000, ResourceID: "res", ResourcePath: "/{proxy+}",
			Stage: "prod", SourceIP: "1.2.3.4", UserAgent: ua, APIKey: key, APIKeyID: key}}
}

func TestProxyEventMatchesEncodingJSON(t *testing.T) {
	cases := []*Call{
		sampleCall("", nil, nil, nil, nil, "", ""),
		sampleCall(`{"name":"Rex <&> \u2028 \"q\" \\ tab\t nl\n ctl\x01 bad\xff é"}`,
			wire.Headers{hd("Y-tEsT-HEADeR", "v"), hd("X-Multi", "1"), hd("x-multi", "2"), hd("Content-Length", "9"), hd("Connection", "close"), hd("Content-Type", "application/json")},
			[]wire.QueryParam{qp("x", "1"), qp("x", "2"), qp("y", "hello world"), qp("a", "")},
			[]router.Param{{Name: "proxy", Value: "a/b%2Bc"}, {Name: "id", Value: "7"}},
			map[string]string{"alias": "live", "b": "2"}, "curl/8", "key-1"),
		sampleCall("\x89PNG", wire.Headers{hd("Content-Type", "image/png")}, nil, nil, nil, "", ""),
	}
	for i, c := range cases {
		got, want := ProxyEvent(c), referenceEvent(c)
		if !bytes.Equal(got, want) {
			t.Errorf("case %d:\n got %s\nwant %s", i, got, want)
		}
		if !json.Valid(got) {
			t.Errorf("case %d: invalid JSON", i)
		}
	}
}

// Headers come in case-insensitive order, as AWS delivers them (a user-posted event:
// Host, upgrade-insecure-requests, User-Agent), keeping the client's casing (LS snapshot
// test_lambda_aws_proxy_integration: tEsT-HEADeR); two casings of one name are one header.
func TestProxyEventHeaderOrder(t *testing.T) {
	c := sampleCall("", wire.Headers{hd("User-Agent", "u"), hd("upgrade-insecure-requests", "1"), hd("tEsT-HEADeR", "a"),
		hd("Host", "h"), hd("TEST-header", "b")}, nil, nil, nil, "", "")
	got := string(ProxyEvent(c))
	want := `"headers":{"Host":"h","tEsT-HEADeR":"b","upgrade-insecure-requests":"1","User-Agent":"u"},"multiValueHeaders":{"Host":["h"],"tEsT-HEADeR":["a","b"],"upgrade-insecure-requests":["1"],"User-Agent":["u"]}`
	if !strings.Contains(got, want) {
		t.Fatalf("got %s\nwant %s", got, want)
	}
}

func FuzzProxyEvent(f *testing.F) {
	f.Add("body", "Name", "value", "q", "v", "ua")
	f.Add("\xff\x00\u2028", "a\x01", "\"", "&", "<", "")
	f.Fuzz(func(t *testing.T, body, hn, hv, qn, qv, ua string) {
		c := sampleCall(body, wire.Headers{hd(hn, hv)}, []wire.QueryParam{qp(qn, qv)}, nil, nil, ua, "")
		got, want := ProxyEvent(c), referenceEvent(c)
		if !bytes.Equal(got, want) {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
	})
}

func hd(n, v string) wire.Header     { return wire.Header{Name: n, Value: v} }
func qp(n, v string) wire.QueryParam { return wire.QueryParam{Name: n, Value: v} }
