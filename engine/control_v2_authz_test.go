package engine

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"apigwlab/engine/wire"
)

const authzHTTPYAML = `apiVersion: apigwlab/v1
userPools:
  - name: users
    users: [{username: alice, email: alice@example.com}]
    clients: [{name: web, clientId: webclient0001}]
httpApis:
  - name: shop
    routes:
      "GET /hello":
        integration: {integrationType: AWS_PROXY, integrationUri: "function:hello", payloadFormatVersion: "2.0"}
    stages:
      - {stageName: $default, autoDeploy: true}
      - {stageName: prod}
functions:
  - {functionName: hello, returns: "hi"}
  - {functionName: auth, returns: {isAuthorized: false}}
`

// create-authorizer, update-authorizer and delete-authorizer answer as the AWS CLI prints
// them, refuse what apigatewayv2 refuses, and the authorizers they make gate routes — on
// the autoDeploy stage at once, on prod after create-deployment.
func TestV2AuthorizerCRUD(t *testing.T) {
	g := shopHTTP(t, authzHTTPYAML)
	const issuer = "https://cognito-idp.us-east-1.amazonaws.com/"
	pool, _ := g.UserPool("users")
	iss := pool.Issuer()
	if !strings.HasPrefix(iss, issuer) {
		t.Fatalf("issuer %s", iss)
	}
	for _, tc := range []struct{ line, want string }{
		{"create-authorizer --api-id shop --name jwt --authorizer-type JWT --identity-source $request.header.Authorization --jwt-configuration Audience=webclient0001,Issuer=" + iss,
			`{"AuthorizerId":"890dwb","AuthorizerType":"JWT","IdentitySource":["$request.header.Authorization"],"JwtConfiguration":{"Audience":["webclient0001"],"Issuer":"` + iss + `"},"Name":"jwt"}`},
		{`create-authorizer --api-id shop --name lam --authorizer-type REQUEST --identity-source $request.header.X-Key --authorizer-uri arn:aws:lambda:us-east-1:123456789012:function:auth --authorizer-payload-format-version 2.0 --enable-simple-responses --authorizer-result-ttl-in-seconds 300`,
			`{"AuthorizerId":"8zhp0u","AuthorizerPayloadFormatVersion":"2.0","AuthorizerResultTtlInSeconds":300,"AuthorizerType":"REQUEST","AuthorizerUri":"arn:aws:lambda:us-east-1:123456789012:function:auth","EnableSimpleResponses":true,"IdentitySource":["$request.header.X-Key"],"Name":"lam"}`},
		{"update-authorizer --api-id shop --authorizer-id 8zhp0u --authorizer-result-ttl-in-seconds 0 --identity-source $request.header.X-Key,$request.querystring.k",
			`{"AuthorizerId":"8zhp0u","AuthorizerPayloadFormatVersion":"2.0","AuthorizerResultTtlInSeconds":0,"AuthorizerType":"REQUEST","AuthorizerUri":"arn:aws:lambda:us-east-1:123456789012:function:auth","EnableSimpleResponses":true,"IdentitySource":["$request.header.X-Key","$request.querystring.k"],"Name":"lam"}`},
	} {
		if got := compactJSON(t, mustExec(t, g, tc.line)); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.line, got, tc.want)
		}
	}
	for _, tc := range []struct{ line, want string }{
		{"create-authorizer --api-id shop --name r --authorizer-type REQUEST --identity-source $request.header.A --authorizer-uri function:auth",
			"BadRequestException: AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer"},
		{"create-authorizer --api-id shop --name r --authorizer-type REQUEST --identity-source $request.header.A --authorizer-uri function:auth --authorizer-payload-format-version 1.0 --enable-simple-responses",
			"BadRequestException: EnableSimpleResponses needs AuthorizerPayloadFormatVersion 2.0"},
		{"create-authorizer --api-id shop --name r --authorizer-type REQUEST --authorizer-uri function:auth --authorizer-payload-format-version 2.0 --authorizer-result-ttl-in-seconds 60",
			"BadRequestException: Identity source is required when authorizer caching is enabled (authorizerResultTtlInSeconds > 0)"},
		{"create-authorizer --api-id shop --name r --authorizer-type REQUEST --identity-source $request.header.A --authorizer-uri function:auth --authorizer-payload-format-version 2.0 --authorizer-result-ttl-in-seconds 3601",
			"BadRequestException: Invalid authorizerResultTtlInSeconds 3601: 0 (no caching) to 3600"},
		{"create-authorizer --api-id shop --name r --authorizer-type REQUEST --identity-source method.request.header.A --authorizer-uri function:auth --authorizer-payload-format-version 2.0",
			"BadRequestException: Invalid identity source method.request.header.A: write $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME"},
		{"create-authorizer --api-id shop --name r --authorizer-type TOKEN --identity-source $request.header.A",
			"BadRequestException: Invalid authorizer type TOKEN: JWT or REQUEST for an HTTP API"},
		{"create-authorizer --api-id shop --name j --authorizer-type JWT --identity-source $request.header.Authorization --jwt-configuration Audience=a,Issuer=https://example.auth0.com/",
			"BadRequestException: apigwlab verifies JWTs against the workspace's user pools only: https://example.auth0.com/ is not one; write a pool's issuer URL https://cognito-idp.us-east-1.amazonaws.com/POOL_ID (or its name)"},
		{"create-authorizer --api-id shop --name j --authorizer-type JWT --identity-source $request.header.Authorization",
			"BadRequestException: JwtConfiguration with an Issuer is required for a JWT authorizer: --jwt-configuration Audience=CLIENT_ID,Issuer=https://cognito-idp.us-east-1.amazonaws.com/POOL_ID"},
		{"create-authorizer --api-id shop --name jwt --authorizer-type JWT --identity-source $request.header.Authorization --jwt-configuration Audience=a,Issuer=users",
			"ConflictException: an authorizer named jwt already exists on this API (apigwlab refers to authorizers by id or name: choose another)"},
		{"update-authorizer --api-id shop --authorizer-id nope --name x", "NotFoundException: Invalid authorizer identifier specified nope"},
		{"create-route --api-id shop --route-key 'GET /x' --authorization-type JWT --authorizer-id 8zhp0u",
			"BadRequestException: Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer."},
		{"create-route --api-id shop --route-key 'GET /x' --authorization-type CUSTOM",
			"BadRequestException: Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer."},
	} {
		if _, err := g.Exec(tc.line); err == nil || err.Error() != tc.want {
			t.Errorf("%s:\n got %v\nwant %s", tc.line, err, tc.want)
		}
	}

	// A route using the Lambda authorizer (it answers isAuthorized: false): 403 on the
	// autoDeploy stage at once, prod keeps its deployment until create-deployment.
	mustExec(t, g, "update-route --api-id shop --route-id 'GET /hello' --authorization-type CUSTOM --authorizer-id lam")
	call := func(path string) int {
		h := wire.Headers{}
		h.Set("X-Key", "k")
		return g.Invoke(&Request{API: "shop", Method: "GET", Path: path, RawQuery: "k=1", Header: h}).Status
	}
	if s := call("/hello"); s != 403 {
		t.Errorf("GET /hello with the Lambda authorizer: %d, want 403", s)
	}
	if s := call("/prod/hello"); s != 200 {
		t.Errorf("GET /prod/hello before create-deployment: %d, want 200", s)
	}
	if _, err := g.Exec("delete-authorizer --api-id shop --authorizer-id 8zhp0u"); err == nil ||
		err.Error() != "ConflictException: Cannot delete authorizer 'lam', is referenced in route: GET /hello" {
		t.Errorf("delete-authorizer in use: %v", err)
	}
	// Switch the route to the JWT authorizer: a token of the pool passes, none is 401.
	mustExec(t, g, "update-route --api-id shop --route-id 'GET /hello' --authorization-type JWT --authorizer-id 890dwb")
	if s := call("/hello"); s != 401 {
		t.Errorf("GET /hello without a token: %d, want 401", s)
	}
	tok, err := g.MintToken(TokenRequest{UserPool: "users", User: "alice"}, g.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	h := wire.Headers{}
	h.Set("Authorization", tok)
	if r := g.Invoke(&Request{API: "shop", Method: "GET", Path: "/hello", Header: h}); r.Status != 200 || r.Body != "hi" {
		t.Errorf("GET /hello with a token: %d %s", r.Status, r.Body)
	}
	wantOut(t, g, "delete-authorizer --api-id shop --authorizer-id lam", "")
	if out := mustExec(t, g, "get-authorizers --api-id shop"); strings.Contains(out, `"lam"`) || !strings.Contains(out, `"jwt"`) {
		t.Errorf("get-authorizers after delete: %s", out)
	}
	// The quota: 10 authorizers per API, answered as a ConflictException with status 429.
	for i := range 9 {
		mustExec(t, g, "create-authorizer --api-id shop --authorizer-type JWT --identity-source $request.header.Authorization --jwt-configuration Audience=a,Issuer=users --name j"+string(rune('a'+i)))
	}
	_, err = g.Exec("create-authorizer --api-id shop --authorizer-type JWT --identity-source $request.header.Authorization --jwt-configuration Audience=a,Issuer=users --name one-too-many")
	le, ok := err.(*LimitError)
	if !ok || le.AWSStatus() != 429 || err.Error() != "ConflictException: Maximum number of Authorizers for this API has been reached. Please contact AWS if you need additional Authorizers." {
		t.Errorf("the 11th authorizer: %v", err)
	}
}

func compactJSON(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return b.String()
}

// What create-authorizer and update-route made survives export --format workspace and a
// reload: the authorizer keeps its id, the route still uses it.
func TestV2AuthorizerExportRoundTrip(t *testing.T) {
	g := shopHTTP(t, authzHTTPYAML)
	mustExec(t, g, "create-authorizer --api-id shop --name lam --authorizer-type REQUEST --identity-source $request.header.X-Key --authorizer-uri function:auth --authorizer-payload-format-version 2.0 --enable-simple-responses")
	mustExec(t, g, "update-route --api-id shop --route-id 'GET /hello' --authorization-type CUSTOM --authorizer-id lam")
	g2 := reloaded(t, g, "state.yaml")
	h := wire.Headers{}
	h.Set("X-Key", "k")
	if r := g2.Invoke(&Request{API: "shop", Method: "GET", Path: "/hello", Header: h}); r.Status != 403 {
		t.Errorf("GET /hello after reload: %d %s, want 403 from the authorizer", r.Status, r.Body)
	}
	want := `{"Items":[{"AuthorizerId":"8zhp0u","AuthorizerPayloadFormatVersion":"2.0","AuthorizerResultTtlInSeconds":0,"AuthorizerType":"REQUEST","AuthorizerUri":"function:auth","EnableSimpleResponses":true,"IdentitySource":["$request.header.X-Key"],"Name":"lam"}]}`
	if got := compactJSON(t, mustExec(t, g2, "get-authorizers --api-id shop")); got != want {
		t.Errorf("get-authorizers after reload:\n got %s\nwant %s", got, want)
	}
}
