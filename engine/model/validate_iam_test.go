package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIAMAndResourcePolicyErrors(t *testing.T) {
	const ws = `
iam:
  users:
    - userName: alice
      accessKeys:
        - {accessKeyId: AKIAALICE0EXAMPLE01}
        - {accessKeyId: short, secretAccessKey: s, sessionName: x}
      policies:
        - {Statement: [{Effect: Allow, Principal: "*", Action: "*", Resource: "*"}]}
    - userName: "bad name!"
  roles:
    - roleName: ops
      accessKeys: [{accessKeyId: AKIAALICE0EXAMPLE01, secretAccessKey: s}]
vpcEndpoints:
  - {id: vpce-0a1b2c3d4e5f60718, vpcId: vpc-x}
restApis:
  - name: a
    policy: '{"Statement":[{"Effect":"allow","Principal":"*","Action":"*","Resource":"*"}]}'
    endpointConfiguration: {types: [PRIVAT], vpcEndpointIds: [vpce-0a1b2c3d4e5f60719]}
    resources:
      /x: {GET: {authorizationType: AWS_IAM, integration: {type: MOCK}}}
  - name: b
    endpointConfiguration: {types: [REGIONAL], vpcEndpointIds: [vpce-0a1b2c3d4e5f60718]}
    resources:
      /x: {GET: {integration: {type: MOCK}}}
`
	_, err := Parse("t.yaml", []byte(ws))
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`t.yaml:6:11: iam.users[0].accessKeys[0].secretAccessKey: missing: the secret is what the signature is computed with`,
		`t.yaml:7:25: iam.users[0].accessKeys[1].accessKeyId: "short" is not an access key id: use 16–128 letters, digits or _ (e.g. AKIAIOSFODNN7EXAMPLE)`,
		`iam.users[0].accessKeys[1].sessionName: only a role's access keys have a session name`,
		`t.yaml:9:11: iam.users[0].policies[0]: not a valid identity policy: Statement[0].Principal: an identity policy must not name a Principal`,
		`iam.users[1].userName: "bad name!" is not an IAM user name`,
		`iam.roles[0].accessKeys[0].accessKeyId: access key AKIAALICE0EXAMPLE01 is already alice's`,
		`vpcEndpoints[0].vpcId: "vpc-x" is not a VPC id`,
		`restApis[0].policy: not a valid resource policy: Statement[0].Effect: allow is not Allow or Deny (case-sensitive)`,
		`restApis[0].endpointConfiguration.types[0]: "PRIVAT" is not an endpoint type: use one of REGIONAL, EDGE, PRIVATE (did you mean PRIVATE?)`,
		`restApis[0].endpointConfiguration.vpcEndpointIds[0]: "vpce-0a1b2c3d4e5f60719" is not one of the workspace's vpcEndpoints (vpce-0a1b2c3d4e5f60718) (did you mean vpce-0a1b2c3d4e5f60718?)`,
		`restApis[1].endpointConfiguration.vpcEndpointIds[0]: only a PRIVATE API is associated with VPC endpoints`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in\n%s", w, err)
		}
	}
}

func TestOpenAPIPolicyAndEndpointFromFile(t *testing.T) {
	dir := t.TempDir()
	oas := `openapi: 3.0.1
info: {title: p, version: "1"}
x-amazon-apigateway-endpoint-configuration: {types: [PRIVATE], vpcEndpointIds: [vpce-0a1b2c3d4e5f60718]}
x-amazon-apigateway-policy:
  Version: "2012-10-17"
  Statement:
    - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: "execute-api:/*"}
paths:
  /x:
    get:
      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{"statusCode": 200}'}}
`
	if err := os.WriteFile(filepath.Join(dir, "p.oas.yaml"), []byte(oas), 0o644); err != nil {
		t.Fatal(err)
	}
	ws := "restApis:\n  - name: p\n    openapi: p.oas.yaml\n    stages: [{stageName: prod}]\n"
	if err := os.WriteFile(filepath.Join(dir, "ws.yaml"), []byte(ws), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Load(filepath.Join(dir, "ws.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	api := w.RestAPIs[0]
	if api.EndpointType() != "PRIVATE" || api.Policy == nil || len(api.EndpointConfiguration.VpcEndpointIds) != 1 {
		t.Errorf("extensions not imported: %+v %+v", api.EndpointConfiguration, api.Policy)
	}
	bad := strings.Replace(oas, "Effect: Allow", "Effect: allow", 1)
	os.WriteFile(filepath.Join(dir, "p.oas.yaml"), []byte(bad), 0o644)
	if _, err := Load(filepath.Join(dir, "ws.yaml")); err == nil || !strings.Contains(err.Error(), "x-amazon-apigateway-policy: not a valid resource policy: Statement[0].Effect: allow is not Allow or Deny") {
		t.Errorf("bad policy in the OpenAPI file: %v", err)
	}
}

func TestOpenAPIPolicyAndEndpointExtensions(t *testing.T) {
	api := &RestAPI{}
	top := &oasTop{Policy: map[string]any{"Statement": []any{}}, EndpointConfiguration: &EndpointConfiguration{Types: []string{"PRIVATE"}}}
	im := &importer{s: newSession("t.yaml")}
	im.topLevelAccess(top, api)
	if api.Policy == nil || api.EndpointType() != "PRIVATE" {
		t.Fatalf("extensions not taken: %+v", api)
	}
	if (&RestAPI{}).EndpointType() != "EDGE" {
		t.Error("default endpoint type")
	}
}
