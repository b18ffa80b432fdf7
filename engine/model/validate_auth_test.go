package model

import (
	"strings"
	"testing"
)

func TestAuthorizerAndUserPoolErrors(t *testing.T) {
	const api = `
restApis:
  - name: a
    authorizers:
      - {name: pool, type: COGNITO_USER_POOLS, providerARNs: [web-user]}
      - {name: lam, type: TOKEN}
      - {name: odd, type: TOKN, authorizerUri: "function:f"}
    resources:
      /me:
        GET:
          authorizationType: COGNITO_USER_POOLS
          authorizerId: lam
          integration: {type: MOCK}
      /you:
        GET:
          authorizationType: CUSTOM
          authorizerId: pol
          authorizationScopes: [shop/read]
          integration: {type: MOCK}
userPools:
  - name: web-users
    id: nope
    users: [{username: a}, {username: a}]
    clients: [{scopes: ["bad scope"]}]
  - name: empty
`
	_, err := Parse("t.yaml", []byte(api))
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`t.yaml:5:63: restApis[0].authorizers[0].providerARNs[0]: "web-user" names no user pool of the workspace (userPools: web-users, empty) (did you mean web-users?)`,
		`t.yaml:6:9: restApis[0].authorizers[1].authorizerUri: missing: a TOKEN authorizer names its Lambda function, e.g. authorizerUri: function:my-authorizer`,
		`t.yaml:7:27: restApis[0].authorizers[2].type: "TOKN" is not an authorizer type: use one of TOKEN, REQUEST, COGNITO_USER_POOLS (did you mean TOKEN?)`,
		`t.yaml:12:25: restApis[0].resources./me.GET.authorizerId: authorizer lam is a TOKEN authorizer; authorizationType COGNITO_USER_POOLS needs a COGNITO_USER_POOLS authorizer`,
		`t.yaml:18:32: restApis[0].resources./you.GET.authorizationScopes: OAuth scopes apply only to methods with authorizationType COGNITO_USER_POOLS`,
		`t.yaml:17:25: restApis[0].resources./you.GET.authorizerId: "pol" names no authorizer of this API: use one of lam`,
		`t.yaml:22:9: userPools[0].id: "nope" is not a user pool id`,
		`userPools[0].users[1].username: duplicate username "a" in pool web-users`,
		`userPools[0].clients[0].name: missing: an app client needs a name`,
		`userPools[0].clients[0].scopes[0]: "bad scope" is not an OAuth scope`,
		`userPools[1].clients: missing: a user pool issues tokens through an app client`,
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
}

func TestCognitoAuthorizerValid(t *testing.T) {
	_, err := Parse("t.yaml", []byte(`
userPools: [{name: p, id: us-east-1_Abc123, clients: [{name: web, scopes: [shop/read]}], users: [{username: u}]}]
restApis:
  - name: a
    authorizers:
      - {name: byName, type: COGNITO_USER_POOLS, providerARNs: [p]}
      - {name: byARN, type: COGNITO_USER_POOLS, providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc123"]}
    resources:
      /a: {GET: {authorizationType: COGNITO_USER_POOLS, authorizerId: byARN, authorizationScopes: [shop/read], integration: {type: MOCK}}}
`))
	if err != nil {
		t.Fatal(err)
	}
}

func TestMethodReferenceErrors(t *testing.T) {
	_, err := Parse("t.yaml", []byte(`
restApis:
  - name: a
    models:
      Pet: {schema: {type: object}}
    requestValidators:
      - {name: body, validateRequestBody: true}
    resources:
      /p:
        POST:
          requestValidatorId: bodyy
          requestModels: {application/json: Pett, text/plain: Empty}
          integration: {type: MOCK}
`))
	want := []string{
		`t.yaml:11:31: restApis[0].resources./p.POST.requestValidatorId: "bodyy" names no request validator of this API (requestValidators: body) (did you mean body?)`,
		`t.yaml:12:45: restApis[0].resources./p.POST.requestModels.application/json: "Pett" names no model of this API (models: Pet) (did you mean Pet?)`,
	}
	if err == nil {
		t.Fatal("accepted")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in\n%v", w, err)
		}
	}
	if strings.Contains(err.Error(), "Empty") {
		t.Errorf("Empty is a model every API has: %v", err)
	}
}
