package engine

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/iam"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// iamGateway deploys examples/iam.yaml (so the example is checked to load and deploy) plus
// an API with a Lambda authorizer and a resource policy, and a user of another account.
func iamGateway(t *testing.T) (*Gateway, *clock.Virtual) {
	t.Helper()
	ws, err := model.Load("../examples/iam.yaml")
	if err != nil {
		t.Fatalf("examples/iam.yaml: %v", err)
	}
	extra, err := model.Parse("extra.yaml", []byte(`
iam:
  users:
    - userName: carol
      accountId: "210987654321"
      accessKeys: [{accessKeyId: AKIACAROL0EXAMPLE01, secretAccessKey: carol-secret}]
      policies:
        - {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:Invoke", Resource: "*"}]}
restApis:
  - name: custom
    id: customapi1
    policy:
      Version: "2012-10-17"
      Statement:
        - {Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: "execute-api:/*", Condition: {IpAddress: {aws:SourceIp: 198.51.100.0/24}}}
    authorizers:
      - {name: tok, type: TOKEN, authorizerUri: "function:authz", identitySource: method.request.header.Authorization, authorizerResultTtlInSeconds: 0}
    resources:
      /items:
        GET:
          authorizationType: CUSTOM
          authorizerId: tok
          integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}
    stages: [{stageName: prod}]
  - name: nopolicy
    id: nopolicy01
    resources:
      /pets:
        GET:
          authorizationType: AWS_IAM
          integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}
    stages: [{stageName: prod}]
functions:
  - functionName: authz
    returns:
      principalId: u1
      policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:Invoke", Resource: "*"}]}
`))
	if err != nil {
		t.Fatalf("extra workspace: %v", err)
	}
	ws.IAM.Users = append(ws.IAM.Users, extra.IAM.Users...)
	ws.RestAPIs = append(ws.RestAPIs, extra.RestAPIs...)
	ws.Functions = append(ws.Functions, extra.Functions...)
	clk := clock.NewVirtual(t0)
	g, err := New(ws, Options{Clock: clk, Seed: 7})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return g, clk
}

func signed(t *testing.T, g *Gateway, api, path, key string) *Request {
	t.Helper()
	req := &Request{API: api, Method: "GET", Path: path, SourceIP: "203.0.113.10"}
	id, secret, _ := strings.Cut(key, ":")
	if err := g.SignRequest(req, id, secret); err != nil {
		t.Fatal(err)
	}
	return req
}

const (
	alice      = "AKIAALICE0EXAMPLE01:alice-secret"
	bob        = "AKIABOB00EXAMPLE001:bob-secret"
	role       = "ASIAREPORTEXAMPLE01:reporting-secret"
	carol      = "AKIACAROL0EXAMPLE01:carol-secret"
	maskedPets = "arn:aws:execute-api:us-east-1:********9012:iampets001/prod/GET/"
)

func TestIAMOutcomes(t *testing.T) {
	g, _ := iamGateway(t)
	withHeader := func(r *Request, name, value string) *Request { r.Header.Set(name, value); return r }
	tests := []struct {
		name    string
		req     func() *Request
		status  int
		body    string
		errType string
	}{
		{"alice signs right: her identity policy allows", func() *Request { return signed(t, g, "pets", "/prod/pets", alice) },
			200, `[{"id": 1, "type": "dog"}, {"id": 2, "type": "cat"}]`, ""},
		{"no Authorization header", func() *Request { return &Request{API: "pets", Method: "GET", Path: "/prod/pets"} },
			403, `{"message":"Missing Authentication Token"}`, "MissingAuthenticationTokenException"},
		{"a bearer token is not a signature", func() *Request {
			return &Request{API: "pets", Method: "GET", Path: "/prod/pets", Header: wire.Headers{{Name: "Authorization", Value: "Bearer abc"}}}
		}, 403, `{"message":"Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): 'w1Xc6WwWEogNEZQP/dkBTThsJT4MNlKmzQanIm970rY='."}`, "IncompleteSignatureException"},
		{"unknown access key", func() *Request { return signed(t, g, "pets", "/prod/pets", "AKIAUNKNOWN00000000:x") },
			403, `{"message":"The security token included in the request is invalid."}`, "UnrecognizedClientException"},
		{"alice's explicit Deny on /admin", func() *Request { return signed(t, g, "pets", "/prod/admin", alice) },
			403, `{"Message":"User: arn:aws:iam::123456789012:user/alice is not authorized to perform: execute-api:Invoke on resource: ` + maskedPets + `admin with an explicit deny"}`, "AccessDeniedException"},
		{"bob: no identity policy, the resource policy allows (Table A)", func() *Request { return signed(t, g, "pets", "/prod/whoami", bob) },
			200, `{"userArn": "arn:aws:iam::123456789012:user/bob", "caller": "AIDALQFSZI5U4K6YJIYQD", "accessKey": "AKIABOB00EXAMPLE001", "accountId": "123456789012"}`, ""},
		{"role session: $context.identity is the assumed role", func() *Request { return signed(t, g, "pets", "/prod/whoami", role) },
			200, `{"userArn": "arn:aws:sts::123456789012:assumed-role/reporting/nightly-job", "caller": "AROA5RMYUHMP7VOHMGZ37:nightly-job", "accessKey": "ASIAREPORTEXAMPLE01", "accountId": "123456789012"}`, ""},
		{"IP deny in the resource policy beats alice's Allow", func() *Request {
			r := signed(t, g, "pets", "/prod/pets", alice)
			r.SourceIP = "198.51.100.7"
			return r
		}, 403, `{"Message":"User: arn:aws:iam::123456789012:user/alice is not authorized to perform: execute-api:Invoke on resource: ` + maskedPets + `pets with an explicit deny"}`, "AccessDeniedException"},
		{"another account: the resource policy's * allows and so does carol's (Table B)", func() *Request { return signed(t, g, "pets", "/prod/pets", carol) },
			200, `[{"id": 1, "type": "dog"}, {"id": 2, "type": "cat"}]`, ""},
		{"another account without a resource policy: denied (Table B)", func() *Request { return signed(t, g, "nopolicy", "/prod/pets", carol) },
			403, `{"Message":"User: arn:aws:iam::210987654321:user/carol is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:nopolicy01/prod/GET/pets"}`, "AccessDeniedException"},
		{"same account, identity policy allows, no resource policy", func() *Request { return signed(t, g, "nopolicy", "/prod/pets", alice) },
			200, ``, ""},
		{"no identity policy and no resource policy: implicit deny", func() *Request { return signed(t, g, "nopolicy", "/prod/pets", bob) },
			403, `{"Message":"User: arn:aws:iam::123456789012:user/bob is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:nopolicy01/prod/GET/pets"}`, "AccessDeniedException"},
		{"resource policy only: anonymous allowed", func() *Request { return &Request{API: "pets", Method: "GET", Path: "/prod/status"} },
			200, `{"status": "ok"}`, ""},
		{"resource policy only: explicit deny by IP", func() *Request {
			return &Request{API: "pets", Method: "GET", Path: "/prod/status", SourceIP: "198.51.100.9"}
		}, 403, `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ` + maskedPets + `status with an explicit deny"}`, "AccessDeniedException"},
		{"private API from outside any VPC endpoint", func() *Request { return &Request{API: "internal", Method: "GET", Path: "/prod/health"} },
			403, `{"message":"Forbidden"}`, "ForbiddenException"},
		{"private API through the allowed endpoint", func() *Request {
			return &Request{API: "internal", Method: "GET", Path: "/prod/health", SourceVpce: "vpce-0a1b2c3d4e5f60718"}
		}, 200, `{"healthy": true}`, ""},
		{"private API through another endpoint: StringNotEquals aws:SourceVpce denies", func() *Request {
			return &Request{API: "internal", Method: "GET", Path: "/prod/health", SourceVpce: "vpce-11111111111111111"}
		}, 403, `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:iamintern1/prod/GET/health with an explicit deny"}`, "AccessDeniedException"},
		{"Lambda authorizer: the resource policy's Deny stops the request first", func() *Request {
			return &Request{API: "custom", Method: "GET", Path: "/prod/items", SourceIP: "198.51.100.1", Header: wire.Headers{{Name: "Authorization", Value: "t"}}}
		}, 403, `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:customapi1/prod/GET/items with an explicit deny"}`, "AccessDeniedException"},
		{"Lambda authorizer: no Deny, the authorizer allows", func() *Request {
			return &Request{API: "custom", Method: "GET", Path: "/prod/items", Header: wire.Headers{{Name: "Authorization", Value: "t"}}}
		}, 200, ``, ""},
		{"a header the client signed was changed on the way", func() *Request {
			return withHeader(signed(t, g, "pets", "/prod/pets", alice), "X-Amz-Date", "20240101T000000Z")
		}, 403, "", "InvalidSignatureException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := g.Invoke(tt.req())
			if r.Status != tt.status {
				t.Fatalf("status %d, want %d; body %s", r.Status, tt.status, r.Body)
			}
			if tt.body != "" && r.Body != tt.body {
				t.Errorf("body\n got %s\nwant %s", r.Body, tt.body)
			}
			if got := r.Header.Value("x-amzn-ErrorType"); got != tt.errType {
				t.Errorf("x-amzn-ErrorType %q, want %q", got, tt.errType)
			}
		})
	}
}

func TestIAMSignatureMismatchQuotesTheCanonicalRequest(t *testing.T) {
	g, _ := iamGateway(t)
	req := signed(t, g, "pets", "/prod/pets", "AKIAALICE0EXAMPLE01:not-her-secret")
	req.Trace = true
	r := g.Invoke(req)
	if r.Status != 403 || r.Header.Value("x-amzn-ErrorType") != "InvalidSignatureException" {
		t.Fatalf("got %d %s", r.Status, r.Body)
	}
	var body struct{ Message string }
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		t.Fatal(err)
	}
	date := t0.UTC().Format(iam.TimeFormat)
	want := iam.MismatchMessage("GET\n/prod/pets\n\nhost:iampets001.execute-api.us-east-1.amazonaws.com\nx-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:"+date+
		"\n\nhost;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "")
	want = want[:strings.Index(want, "The String-to-Sign")]
	if !strings.HasPrefix(body.Message, want) {
		t.Errorf("message\n got %q\nwant prefix %q", body.Message, want)
	}
	if !strings.Contains(body.Message, "'AWS4-HMAC-SHA256\n"+date+"\n"+date[:8]+"/us-east-1/execute-api/aws4_request\n") {
		t.Errorf("no string-to-sign in %q", body.Message)
	}
	hop := findHop(r, "iam")
	if hop == nil || !strings.Contains(hop["canonicalRequest"], "host:iampets001") || !strings.Contains(hop["reason"], "differs") {
		t.Errorf("the iam hop should show the canonical request and why: %v", hop)
	}
}

func TestIAMSignatureExpiresInVirtualTime(t *testing.T) {
	g, clk := iamGateway(t)
	req := signed(t, g, "pets", "/prod/pets", alice)
	clk.Advance(5*time.Minute + time.Second)
	r := g.Invoke(req)
	signedAt := t0.UTC().Format(iam.TimeFormat)
	now := t0.Add(5*time.Minute + time.Second).UTC()
	want := `{"message":"Signature expired: ` + signedAt + ` is now earlier than ` + now.Add(-5*time.Minute).Format(iam.TimeFormat) +
		` (` + now.Format(iam.TimeFormat) + ` - 5 min.)"}`
	if r.Status != 403 || r.Body != want || r.Header.Value("x-amzn-ErrorType") != "InvalidSignatureException" {
		t.Errorf("got %d %s %s, want 403 %s", r.Status, r.Header.Value("x-amzn-ErrorType"), r.Body, want)
	}
	if r.GatewayResponse != "INVALID_SIGNATURE" {
		t.Errorf("gateway response %s", r.GatewayResponse)
	}
}

func TestIAMProxyEventIdentity(t *testing.T) {
	ws, err := model.Parse("proxy.yaml", []byte(`
iam:
  users: [{userName: alice, accessKeys: [{accessKeyId: AKIAALICE0EXAMPLE01, secretAccessKey: s}], policies: [{Statement: {Effect: Allow, Action: "execute-api:*", Resource: "*"}}]}]
restApis:
  - name: p
    resources:
      /e: {GET: {authorizationType: AWS_IAM, integration: {type: AWS_PROXY, uri: "function:echo"}}}
    stages: [{stageName: prod}]
functions: [{functionName: echo, echo: true}]
`))
	if err != nil {
		t.Fatal(err)
	}
	g := newGateway(t, ws)
	req := &Request{Method: "GET", Path: "/prod/e"}
	if err := g.SignRequest(req, "AKIAALICE0EXAMPLE01", "s"); err != nil {
		t.Fatal(err)
	}
	r := g.Invoke(req)
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var ev struct {
		RequestContext struct{ Identity map[string]any } `json:"requestContext"`
	}
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
		t.Fatal(err)
	}
	id := ev.RequestContext.Identity
	for k, want := range map[string]any{"userArn": "arn:aws:iam::123456789012:user/alice", "accessKey": "AKIAALICE0EXAMPLE01",
		"accountId": "123456789012", "caller": id["user"], "cognitoIdentityId": nil} {
		if id[k] != want {
			t.Errorf("identity.%s = %v, want %v", k, id[k], want)
		}
	}
	if u, _ := id["user"].(string); !strings.HasPrefix(u, "AIDA") || len(u) != 21 {
		t.Errorf("identity.user %v: want an IAM unique id AIDA…", id["user"])
	}
}

func findHop(r *Response, stage string) map[string]string {
	if r.Trace == nil {
		return nil
	}
	for _, h := range r.Trace.Hops {
		if h.Stage == stage {
			m := map[string]string{"decision": h.Decision}
			for _, f := range h.Facts {
				m[f.Key] = f.Value
			}
			return m
		}
	}
	return nil
}

// With a Cognito authorizer the resource policy is evaluated after the token and must
// explicitly allow (apigateway-authorization-flow.md, Cognito workflow).
func TestCognitoWithResourcePolicy(t *testing.T) {
	ws, err := model.Parse("c.yaml", []byte(`
userPools:
  - {name: users, users: [{username: alice}], clients: [{name: web}]}
restApis:
  - name: shop
    policy:
      Statement:
        - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: "execute-api:/*/GET/open"}
        - {Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: "execute-api:/*", Condition: {IpAddress: {aws:SourceIp: 198.51.100.0/24}}}
    authorizers: [{name: pool, type: COGNITO_USER_POOLS, providerARNs: [users]}]
    resources:
      /open: {GET: {authorizationType: COGNITO_USER_POOLS, authorizerId: pool, integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}}}
      /silent: {GET: {authorizationType: COGNITO_USER_POOLS, authorizerId: pool, integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}}}
    stages: [{stageName: prod}]
`))
	if err != nil {
		t.Fatal(err)
	}
	g := newGateway(t, ws)
	tok := mintFor(t, g, "users", "alice", "id", nil, t0)
	arn := "arn:aws:execute-api:us-east-1:********9012:" + g.apis[0].id + "/prod/GET/"
	tests := []struct {
		name, path, ip, token string
		status                int
		body                  string
	}{
		{"valid token, policy allows", "/prod/open", "203.0.113.1", tok, 200, ""},
		{"no token: the authorizer answers first", "/prod/open", "203.0.113.1", "", 401, `{"message":"Unauthorized"}`},
		{"valid token, policy silent: denied", "/prod/silent", "203.0.113.1", tok, 403,
			`{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ` + arn + `silent"}`},
		{"valid token, policy denies the IP", "/prod/open", "198.51.100.2", tok, 403,
			`{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ` + arn + `open with an explicit deny"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{Method: "GET", Path: tt.path, SourceIP: tt.ip}
			if tt.token != "" {
				req.Header = wire.Headers{{Name: "Authorization", Value: tt.token}}
			}
			r := g.Invoke(req)
			if r.Status != tt.status || (tt.body != "" && r.Body != tt.body) {
				t.Errorf("got %d %s", r.Status, r.Body)
			}
		})
	}
}

// A non-SigV4 Authorization header on a path, method or stage that does not exist gets
// the SigV4 parse failure, not "Missing Authentication Token" (aws-facts.md §7).
func TestBearerOnUnknownPath(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	bearerMsg := `{"message":"Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): 'w1Xc6WwWEogNEZQP/dkBTThsJT4MNlKmzQanIm970rY='."}`
	tests := []struct {
		name, method, path string
		header             wire.Headers
		status             int
		body, errType      string
	}{
		{"unknown path with Bearer", "GET", "/prod/nope", wire.Headers{{Name: "Authorization", Value: "Bearer abc"}}, 403, bearerMsg, "IncompleteSignatureException"},
		{"unknown method with Bearer", "DELETE", "/prod/pets", wire.Headers{{Name: "Authorization", Value: "Bearer abc"}}, 403, bearerMsg, "IncompleteSignatureException"},
		{"unknown stage with Bearer", "GET", "/dev/pets", wire.Headers{{Name: "Authorization", Value: "Bearer abc"}}, 403, bearerMsg, "IncompleteSignatureException"},
		{"unknown path without Authorization", "GET", "/prod/nope", nil, 403, `{"message":"Missing Authentication Token"}`, "MissingAuthenticationTokenException"},
		{"known path with Bearer: the method answers", "GET", "/prod/pets", wire.Headers{{Name: "Authorization", Value: "Bearer abc"}}, 200, `[{"id":1}]`, ""},
	}
	for _, tt := range tests {
		r := g.Invoke(&Request{Method: tt.method, Path: tt.path, Header: tt.header})
		if r.Status != tt.status || r.Body != tt.body || r.Header.Value("x-amzn-ErrorType") != tt.errType {
			t.Errorf("%s: %d %s %q", tt.name, r.Status, r.Body, r.Header.Value("x-amzn-ErrorType"))
		}
	}
}

// $context.identity.vpceId and vpcId reach a private API's mapping templates ("For private
// APIs only", the $context variables table of api-gateway-mapping-template-reference), and
// are empty on a public one.
func TestContextIdentityVpceInTemplates(t *testing.T) {
	ws, err := model.Parse("vpce.yaml", []byte(`
vpcEndpoints:
  - {id: vpce-0a1b2c3d4e5f60718, vpcId: vpc-0abc1234def567890}
restApis:
  - name: private
    endpointConfiguration: {types: [PRIVATE]}
    policy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: "execute-api:/*"}]}
    resources:
      /who:
        GET:
          integration:
            type: MOCK
            requestTemplates: {application/json: '{"statusCode": 200}'}
            integrationResponses:
              - statusCode: "200"
                responseTemplates: {application/json: '$context.identity.vpceId $context.identity.vpcId'}
    stages: [{stageName: prod}]
  - name: public
    resources:
      /who:
        GET:
          integration:
            type: MOCK
            requestTemplates: {application/json: '{"statusCode": 200}'}
            integrationResponses:
              - statusCode: "200"
                responseTemplates: {application/json: '[$context.identity.vpceId]'}
    stages: [{stageName: prod}]
`))
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0)})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	r := g.Invoke(&Request{API: "private", Method: "GET", Path: "/prod/who", SourceVpce: "vpce-0a1b2c3d4e5f60718"})
	if r.Status != 200 || r.Body != "vpce-0a1b2c3d4e5f60718 vpc-0abc1234def567890" {
		t.Errorf("private: %d %q", r.Status, r.Body)
	}
	r = g.Invoke(&Request{API: "public", Method: "GET", Path: "/prod/who", SourceVpce: "vpce-0a1b2c3d4e5f60718"})
	if r.Status != 200 || r.Body != "[]" {
		t.Errorf("public: %d %q", r.Status, r.Body)
	}
}
