package model

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// errLines parses src as t.yaml and returns the error lines (nil when valid).
func errLines(t *testing.T, src string) []string {
	t.Helper()
	w, err := Parse("t.yaml", []byte(strings.TrimPrefix(src, "\n")))
	if err == nil {
		if w == nil {
			t.Fatal("Parse returned neither a workspace nor an error")
		}
		return nil
	}
	if w != nil {
		t.Error("Parse returned a workspace with errors")
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error is %T, want Errors", err)
	}
	if len(es) == 0 || es.Len() != len(es) {
		t.Fatalf("empty Errors returned")
	}
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return lines
}

func TestLoadPets(t *testing.T) {
	w, err := Load("testdata/pets.yaml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := w.Summary(), "testdata/pets.yaml: valid — 1 REST API (pets: 3 resources, 4 methods, stage prod), 3 functions, 1 usage plan, 1 API key"; got != want {
		t.Errorf("Summary:\n got %s\nwant %s", got, want)
	}
	if w.Source != "testdata/pets.yaml" || w.Region != "us-east-1" || w.AccountID != "123456789012" {
		t.Errorf("Source/Region/AccountID = %q %q %q", w.Source, w.Region, w.AccountID)
	}
	api := w.RestAPIs[0]
	if !regexp.MustCompile(`^[a-z0-9]{10}$`).MatchString(api.ID) || api.ID != deriveID("restapi", "pets") {
		t.Errorf("api id %q", api.ID)
	}
	if api.Pos != (Pos{"testdata/pets.yaml", 4, 5}) {
		t.Errorf("api pos %v", api.Pos)
	}
	var paths []string
	for _, r := range api.Resources {
		paths = append(paths, r.Path)
	}
	if want := []string{"/pets", "/pets/{petId}", "/health"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("resource order %v, want %v", paths, want)
	}
	pets := api.Resources[0]
	if pets.Pos != (Pos{"testdata/pets.yaml", 7, 7}) {
		t.Errorf("/pets pos %v", pets.Pos)
	}
	get, post := pets.Methods[0], pets.Methods[1]
	if get.HTTPMethod != "GET" || post.HTTPMethod != "POST" || get.Pos != (Pos{"testdata/pets.yaml", 8, 9}) {
		t.Errorf("methods %q %q pos %v", get.HTTPMethod, post.HTTPMethod, get.Pos)
	}
	if !get.APIKeyRequired || get.Integration.Type != IntegrationAWSProxy || get.Integration.URI != "function:listPets" {
		t.Errorf("GET /pets = %+v %+v", get, get.Integration)
	}
	// Defaults: httpMethod POST for Lambda; passthrough WHEN_NO_MATCH for AWS/HTTP/MOCK only.
	if get.Integration.HTTPMethod != "POST" || get.Integration.PassthroughBehavior != "" {
		t.Errorf("AWS_PROXY defaults: %q %q", get.Integration.HTTPMethod, get.Integration.PassthroughBehavior)
	}
	if post.Integration.TimeoutInMillis != 5000 || post.Integration.Timeout() != 5*time.Second {
		t.Errorf("timeout %d", post.Integration.TimeoutInMillis)
	}
	getPet := api.Resources[1].Methods[0]
	in := getPet.Integration
	if in.PassthroughBehavior != PassthroughWhenNoMatch || in.HTTPMethod != "POST" {
		t.Errorf("AWS defaults: %q %q", in.PassthroughBehavior, in.HTTPMethod)
	}
	if got := in.RequestTemplates["application/json"]; got != `{"id": "$input.params('petId')"}` {
		t.Errorf("request template %q", got)
	}
	if len(in.IntegrationResponses) != 2 || in.IntegrationResponses[1].SelectionPattern != ".*not found.*" || in.IntegrationResponses[1].StatusCode != "404" {
		t.Errorf("integration responses %+v", in.IntegrationResponses)
	}
	if !getPet.RequestParameters["method.request.path.petId"] {
		t.Errorf("request parameters %v", getPet.RequestParameters)
	}
	if gr := api.GatewayResponses["THROTTLED"]; gr == nil || gr.StatusCode != "429" || gr.ResponseParameters["gatewayresponse.header.Retry-After"] != "'1'" {
		t.Errorf("gateway response %+v", gr)
	}
	st := api.Stages[0]
	if st.StageName != "prod" || st.DeploymentID != "" || st.Variables["alias"] != "live" || st.CacheClusterSize != "0.5" || !st.CacheClusterEnabled {
		t.Errorf("stage %+v", st)
	}
	all := st.MethodSettings["*/*"]
	if all == nil || *all.ThrottlingRateLimit != 100 || *all.ThrottlingBurstLimit != 50 || all.CachingEnabled == nil || !*all.CachingEnabled || all.CacheTTLInSeconds != nil {
		t.Errorf("*/* %+v", all)
	}
	if ms := st.MethodSettings["pets/{petId}/GET"]; ms == nil || *ms.CacheTTLInSeconds != 60 || ms.Pos.Line != 46 {
		t.Errorf("pets/{petId}/GET %+v", ms)
	}
	if c := st.CanarySettings; c == nil || c.PercentTraffic != 10 || c.StageVariableOverrides["alias"] != "canary" {
		t.Errorf("canary %+v", c)
	}

	list, get2, create := w.Functions[0], w.Functions[1], w.Functions[2]
	if list.Latency.P50 != 20*time.Millisecond || list.Latency.P99 != 180*time.Millisecond || list.Latency.Fixed != 0 {
		t.Errorf("latency %+v", list.Latency)
	}
	if want := map[string]any{"statusCode": 200.0, "body": `[{"id":1}]`}; !reflect.DeepEqual(list.Returns, want) {
		t.Errorf("returns %#v", list.Returns)
	}
	if get2.Latency.Fixed != 15*time.Millisecond {
		t.Errorf("fixed latency %v", get2.Latency.Fixed)
	}
	c := get2.Cases[0]
	if c.When["id"] != "404" || c.Error.ErrorMessage != "Pet 404 not found" || c.Error.ErrorType != "Error" {
		t.Errorf("case %+v %+v", c, c.Error)
	}
	if time.Duration(create.Timeout) != 3*time.Second || time.Duration(create.ColdStart) != 250*time.Millisecond {
		t.Errorf("timeout %v cold start %v", time.Duration(create.Timeout), time.Duration(create.ColdStart))
	}
	if create.Versions[1].Version != "2" || create.Versions[1].Returns == nil {
		t.Errorf("versions %+v", create.Versions)
	}
	if a := create.Aliases["live"]; a.Version != "1" || a.Weights != nil {
		t.Errorf("alias live %+v", a)
	}
	if a := create.Aliases["canary"]; a.Version != "" || !reflect.DeepEqual(a.Weights, map[string]float64{"1": 0.9, "2": 0.1}) || a.Pos.Line != 69 {
		t.Errorf("alias canary %+v", a)
	}
	plan := w.UsagePlans[0]
	if plan.ID != deriveID("usageplan", "basic") || plan.Quota.Period != "DAY" || plan.Quota.Limit != 1000 || plan.Throttle.BurstLimit != 20 {
		t.Errorf("plan %+v", plan)
	}
	if th := plan.APIStages[0].Throttle["/pets/GET"]; th == nil || th.RateLimit != 5 {
		t.Errorf("plan method throttle %+v", th)
	}
	key := w.APIKeys[0]
	if key.ID != deriveID("apikey", "alice") || key.ID == plan.ID || key.Value != "alice-key-0123456789" || key.Enabled != nil || key.UsagePlans[0] != "basic" {
		t.Errorf("key %+v", key)
	}
	if err := w.Validate(); err != nil {
		t.Errorf("Validate after Load: %v", err)
	}
}

func TestDeriveID(t *testing.T) {
	a, b := deriveID("restapi", "pets"), deriveID("restapi", "pets")
	if a != b || len(a) != 10 {
		t.Errorf("deriveID not stable: %q %q", a, b)
	}
	if deriveID("restapi", "orders") == a || deriveID("apikey", "pets") == a {
		t.Error("deriveID collides across names or kinds")
	}
}

func TestReturnsJSONValues(t *testing.T) {
	w, err := Parse("r.yaml", []byte(`
functions:
  - functionName: f
    returns:
      int: 3
      float: 1.5
      hex: 0x10
      str: "3"
      bool: true
      null: ~
      list: [1, "a", {b: false}]
      body: '[{"id":1}]'
      200: numeric key
      merged: {<<: {a: 1, b: 2}, b: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"int": 3.0, "float": 1.5, "hex": 16.0, "str": "3", "bool": true, "null": nil,
		"list": []any{1.0, "a", map[string]any{"b": false}}, "body": `[{"id":1}]`,
		"200": "numeric key", "merged": map[string]any{"a": 1.0, "b": 3.0},
	}
	if got := w.Functions[0].Returns; !reflect.DeepEqual(got, want) {
		t.Errorf("returns\n got %#v\nwant %#v", got, want)
	}
}

func TestSpecialForms(t *testing.T) {
	w, err := Parse("s.yaml", []byte(`
restApis:
  - name: a
    resources:
      /:
        GET: {integration: {type: MOCK}}
    stages:
      - stageName: s
        variables: {n: 3, f: 0.5, b: true}
        methodSettings:
          "~1/GET": {}
          "/GET": {metricsEnabled: true}
functions:
  - functionName: f
    latency: 250
    versions: [{version: 1}, {version: "2"}]
    aliases:
      a: 2
      b: "1"
      c: {fixed: 1.5s}
`))
	if err == nil {
		t.Fatal("want an error for the bad alias")
	}
	if got := err.Error(); !strings.Contains(got, `s.yaml:20:18: functions[0].aliases.c.fixed: want a number, got "1.5s"`) || strings.Count(got, "\n") != 0 {
		t.Errorf("got %s", got)
	}
	w, err = Parse("s.yaml", []byte(`
functions:
  - functionName: f
    latency: 250
    coldStart: 1.5s
    versions: [{version: 1}, {version: "2"}]
    aliases: {a: 2, b: "1", latest: $LATEST}
restApis:
  - name: a
    resources: {/: {GET: {integration: {type: MOCK}}}}
    stages:
      - stageName: s
        variables: {n: 3, f: 0.5, b: true}
        methodSettings: {"~1/GET": {}, "/GET": {metricsEnabled: true}}
`))
	if err != nil {
		t.Fatal(err)
	}
	f := w.Functions[0]
	if f.Latency.Fixed != 250*time.Millisecond || time.Duration(f.ColdStart) != 1500*time.Millisecond {
		t.Errorf("durations %v %v", f.Latency.Fixed, time.Duration(f.ColdStart))
	}
	if f.Versions[0].Version != "1" || f.Aliases["a"].Version != "2" || f.Aliases["b"].Version != "1" || f.Aliases["latest"].Version != "$LATEST" {
		t.Errorf("versions/aliases %+v %+v", f.Versions[0], f.Aliases)
	}
	if v := w.RestAPIs[0].Stages[0].Variables; !reflect.DeepEqual(v, map[string]string{"n": "3", "f": "0.5", "b": "true"}) {
		t.Errorf("variables %v", v)
	}
}

func TestErrors(t *testing.T) {
	const fn = "functions: [{functionName: listPets}]\n"
	tests := []struct {
		name string
		src  string
		want []string
	}{
		// Decoding.
		{"unknown field with suggestion", `
restApis:
  - name: pets
    resources:
      /pets:
        GET:
          integration: {type: MOCK, timeout: 5}
`, []string{`t.yaml:6:37: restApis[0].resources./pets.GET.integration.timeout: unknown field "timeout" in integration (did you mean timeoutInMillis?); accepted: type, uri, httpMethod, timeoutInMillis, requestParameters, requestTemplates, passthroughBehavior, contentHandling, cacheKeyParameters, cacheNamespace, connectionType, connectionId, integrationResponses`}},
		{"unknown top-level field, other case", `
restAPIs: []
`, []string{`t.yaml:1:1: restAPIs: unknown field "restAPIs" in the workspace (did you mean restApis?); accepted: apiVersion, region, accountId, account, restApis, httpApis, websocketApis, functions, backends, usagePlans, apiKeys, userPools, iam, vpcEndpoints, domainNames, vpcLinks, clientCertificates, import`}},
		{"permission statements as add-permission refuses them", `
functions:
  - functionName: f
    permissions:
      - {statementId: a, principal: apigateway.amazonaws.com, action: lambda:GetFunction}
      - {statementId: a, principal: apigateway.amazonaws.com, sourceArn: "execute-api:*"}
      - {principal: "", qualifier: $LATEST}
`, []string{
			`t.yaml:4:71: functions[0].permissions[0].action: "lambda:GetFunction" does not let API Gateway invoke the function: use lambda:InvokeFunction`,
			`t.yaml:5:23: functions[0].permissions[1].statementId: The statement id (a) provided already exists (first at t.yaml:4:9): statement ids are unique`,
			`t.yaml:5:74: functions[0].permissions[1].sourceArn: "execute-api:*" is not an ARN: write arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH (wildcards * and ?)`,
			`t.yaml:6:9: functions[0].permissions[2].statementId: missing: every statement has an id, as aws lambda add-permission --statement-id writes it`,
			`t.yaml:6:21: functions[0].permissions[2].principal: missing: API Gateway's principal is apigateway.amazonaws.com`,
			`t.yaml:6:36: functions[0].permissions[2].qualifier: Lambda does not support adding policies to version $LATEST: leave qualifier out for the function itself`,
		}},
		{"unknown field without suggestion", `
functions: [{functionName: f, zzz: 128}]
`, []string{`t.yaml:1:31: functions[0].zzz: unknown field "zzz" in function; accepted: functionName, returns, error, latency, echo, pushes, timeout, coldStart, reservedConcurrency, cases, versions, aliases, runtime, handler, code, command, environment, memorySize, permissions`}},
		{"code function declaring an answer", `
functions: [{functionName: f, code: "exports.handler = async () => 1", returns: 1}]
`, []string{`t.yaml:1:81: functions[0].returns: returns declares an answer, but a code function computes it: remove it (latency stays: it is the duration replays simulate)`}},
		{"runtime without command", `
functions: [{functionName: f, runtime: python3.12, handler: app.handler}]
`, []string{`t.yaml:1:40: functions[0].runtime: runtime python3.12 runs only through command: (the Lambda Runtime API); in-process code is JavaScript: runtime nodejs20.x`}},
		{"handler not file.export", `
functions: [{functionName: f, handler: index}]
`, []string{`t.yaml:1:40: functions[0].handler: "index" is not file.export: write handler: index.handler for the export handler of index.js beside the workspace`}},
		{"wrong type: number", `
restApis:
  - name: pets
    resources:
      /pets:
        GET:
          integration: {type: MOCK, timeoutInMillis: abc}
`, []string{`t.yaml:6:54: restApis[0].resources./pets.GET.integration.timeoutInMillis: want a whole number, got "abc"`}},
		{"wrong type: float", `
usagePlans: [{name: p, throttle: {rateLimit: fast}}]
`, []string{`t.yaml:1:46: usagePlans[0].throttle.rateLimit: want a number, got "fast"`}},
		{"wrong type: list", `
usagePlans: [{name: basic}]
apiKeys: [{name: a, value: a-key-0123456789abcdef, usagePlans: basic}]
`, []string{`t.yaml:2:64: apiKeys[0].usagePlans: want a list, got "basic": write [basic]`}},
		{"wrong type: mapping", `
restApis:
  - name: pets
    resources:
      /pets:
        GET: {integration: MOCK}
`, []string{`t.yaml:5:28: restApis[0].resources./pets.GET.integration: want a mapping (key: value lines), got "MOCK"`}},
		{"wrong type: bool", `
restApis:
  - name: pets
    resources:
      /pets:
        GET: {apiKeyRequired: yes, integration: {type: MOCK}}
`, []string{`t.yaml:5:31: restApis[0].resources./pets.GET.apiKeyRequired: want true or false, got "yes"`}},
		{"wrong type: string", `
restApis:
  - name: [pets]
`, []string{`t.yaml:2:11: restApis[0].name: want a string, got a list`}},
		{"resources not a mapping", `
restApis:
  - name: pets
    resources: [/pets]
`, []string{"t.yaml:3:16: restApis[0].resources: want a mapping of resource paths to methods, e.g.\n  /pets:\n    GET: {integration: {type: MOCK}}\ngot a list"}},
		{"duplicate key", `
restApis:
  - name: pets
    resources:
      /pets:
        GET: {integration: {type: MOCK}}
        GET: {integration: {type: MOCK}}
`, []string{`t.yaml:6:9: restApis[0].resources./pets.GET: duplicate key "GET" (first at line 5): remove one`}},
		{"YAML syntax error", `
restApis: [
`, []string{"t.yaml:1: YAML syntax error: did not find expected node content"}},
		{"empty file", ``, []string{"t.yaml: the file is empty: want a workspace, e.g.\n  apiVersion: apigwlab/v1\n  restApis:\n    - name: pets\n      resources: {...}"}},
		{"not a mapping", `
- restApis
`, []string{`t.yaml:1:1: want a mapping (key: value lines), got a list`}},
		{"two documents", `
functions: []
---
apiKeys: []
`, []string{"t.yaml:3:1: a second YAML document (after ---): the file must hold one document, a workspace, e.g.\n  apiVersion: apigwlab/v1\n  restApis:\n    - name: pets\n      resources: {...}"}},
		{"empty list entry", `
functions:
  -
  - functionName: f
`, []string{`t.yaml:2:4: functions[0]: empty list entry: fill it in or remove the dash`}},
		{"bad duration", `
functions: [{functionName: f, latency: fast}]
`, []string{`t.yaml:1:40: functions[0].latency: want a duration such as 20ms, 1.5s or 2m (a bare whole number means milliseconds), got "fast"`}},
		{"bare fractional duration", `
functions: [{functionName: f, coldStart: 1.5}]
`, []string{`t.yaml:1:42: functions[0].coldStart: want a duration such as 20ms, 1.5s or 2m, got 1.5: a bare number means milliseconds and must be whole; write "1.5ms" or "1.5s"`}},
		{"latency key typo", `
functions: [{functionName: f, latency: {p50: 10ms, p95: 20ms}}]
`, []string{`t.yaml:1:52: functions[0].latency.p95: unknown field "p95" in latency (did you mean p99?); accepted: p50, p99, fixed`}},
		{"returns NaN", `
functions: [{functionName: f, returns: {x: .nan}}]
`, []string{`t.yaml:1:44: functions[0].returns.x: .nan is not a JSON number: quote it to make it a string`}},
		{"alias cycle", `
functions: &f [*f]
`, []string{`t.yaml:1:16: functions[0]: an alias refers to a value that contains it: remove the cycle`}},
		{"alias map values must be numbers", `
functions:
  - functionName: f
    versions: [{version: "1"}]
    aliases: {live: {"1": all}}
`, []string{"t.yaml:4:27: functions[0].aliases.live.1: want a number, got \"all\""}},
		{"map[string]string wants scalars", `
restApis:
  - name: a
    resources: {/: {GET: {integration: {type: MOCK}}}}
    stages: [{stageName: s, variables: {x: [1]}}]
`, []string{"t.yaml:4:44: restApis[0].stages[0].variables.x: want a text value, got a list"}},

		// Workspace and APIs.
		{"apiVersion", `
apiVersion: apigwlab/v2
`, []string{`t.yaml:1:13: apiVersion: "apigwlab/v2" is not supported: use apigwlab/v1 (or leave apiVersion out)`}},
		{"region and account", `
region: useast1
accountId: "12345"
`, []string{
			`t.yaml:1:9: region: "useast1" is not an AWS Region name: write one such as us-east-1 or eu-west-2`,
			`t.yaml:2:12: accountId: "12345" is not an AWS account id: use 12 digits, e.g. 123456789012`,
		}},
		{"API names", `
restApis:
  - resources: {/: {GET: {integration: {type: MOCK}}}}
  - {name: pets, resources: {/: {GET: {integration: {type: MOCK}}}}}
  - {name: pets, id: PETS, resources: {/: {GET: {integration: {type: MOCK}}}}}
`, []string{
			"t.yaml:2:5: restApis[0].name: missing: every REST API needs a name (usage plans and --api refer to it)",
			"t.yaml:4:12: restApis[2].name: duplicate REST API name \"pets\" (first at t.yaml:3:5): give each API its own name; usage plans and --api refer to APIs by name",
			"t.yaml:4:22: restApis[2].id: \"PETS\" is not a REST API id: use 10 lowercase letters and digits like AWS's ids (e.g. a1b2c3d4e5), or leave id out to derive one from the name",
		}},
		{"apiKeySource and binary media types", `
restApis:
  - name: a
    apiKeySource: header
    binaryMediaTypes: [image]
    resources: {/: {GET: {integration: {type: MOCK}}}}
`, []string{
			`t.yaml:3:19: restApis[0].apiKeySource: "header" is not an API key source: use one of HEADER, AUTHORIZER (did you mean HEADER?)`,
			`t.yaml:4:24: restApis[0].binaryMediaTypes[0]: "image" is not a media type: write type/subtype, e.g. image/png or */*`,
		}},
		{"no methods", `
restApis:
  - name: a
    resources: {/pets: {}}
    stages: [{stageName: prod}]
`, []string{`t.yaml:3:16: restApis[0].resources: the API has no methods, so its stages cannot serve anything: add one, e.g. /: {GET: {integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}}} (AWS: "The REST API doesn't contain any methods")`}},

		// Resource paths.
		{"path without leading slash", `
restApis:
  - name: pets
    resources:
      pets:
        GET: {integration: {type: MOCK}}
`, []string{`t.yaml:4:7: restApis[0].resources.pets: path "pets" must start with "/": write /pets`}},
		{"trailing slash, empty part, bad characters", `
restApis:
  - name: pets
    resources:
      /pets/: {GET: {integration: {type: MOCK}}}
      /a//b: {GET: {integration: {type: MOCK}}}
      /pets list: {GET: {integration: {type: MOCK}}}
      /x/{id: {GET: {integration: {type: MOCK}}}
      /y/{}: {GET: {integration: {type: MOCK}}}
      /v1:call/file.json: {GET: {integration: {type: MOCK}}}
`, []string{
			`t.yaml:4:7: restApis[0].resources./pets/: path "/pets/" ends with "/": write /pets (only the root resource is "/")`,
			`t.yaml:5:7: restApis[0].resources./a//b: path "/a//b" has an empty part (//): remove the extra slash`,
			`t.yaml:6:7: restApis[0].resources./pets list: path part "pets list" is not valid: use letters, digits and . _ - : in a literal part, or {name} / {name+} for a variable (AWS: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.")`,
			`t.yaml:7:7: restApis[0].resources./x/{id: path part "{id" is not a valid variable: write {name} or, for the rest of the path, {name+}, with letters, digits and . _ - in the name (AWS: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.")`,
			`t.yaml:8:7: restApis[0].resources./y/{}: path part "{}" is not a valid variable: write {name} or, for the rest of the path, {name+}, with letters, digits and . _ - in the name (AWS: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.")`,
		}},
		{"two variable siblings", `
restApis:
  - name: pets
    resources:
      /pets/{id}: {GET: {integration: {type: MOCK}}}
      /pets/{proxy+}: {ANY: {integration: {type: MOCK}}}
      /pets/{petId}/toys: {GET: {integration: {type: MOCK}}}
      /{proxy+}: {ANY: {integration: {type: MOCK}}}
      /{path+}: {ANY: {integration: {type: MOCK}}}
`, []string{
			`t.yaml:5:7: restApis[0].resources./pets/{proxy+}: A sibling ({id}) of this resource already has a variable path part -- only one is allowed (AWS): under /pets use {id} (as in /pets/{id}), not {proxy+}`,
			`t.yaml:6:7: restApis[0].resources./pets/{petId}/toys: A sibling ({id}) of this resource already has a variable path part -- only one is allowed (AWS): under /pets use {id} (as in /pets/{id}), not {petId}`,
			`t.yaml:8:7: restApis[0].resources./{path+}: A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed (AWS): under / use {proxy+} (as in /{proxy+}), not {path+}`,
		}},
		{"child of a greedy resource", `
restApis:
  - name: pets
    resources:
      /files/{proxy+}/meta: {GET: {integration: {type: MOCK}}}
`, []string{`t.yaml:4:7: restApis[0].resources./files/{proxy+}/meta: path "/files/{proxy+}/meta" puts a resource under the greedy variable {proxy+}, which must be the last part of a path (AWS: "Cannot create a child of a resource with a greedy path variable: {proxy+}")`}},

		// Methods and integrations.
		{"method FETCH and lower case", `
restApis:
  - name: pets
    resources:
      /pets:
        FETCH: {integration: {type: MOCK}}
        get: {integration: {type: MOCK}}
`, []string{
			`t.yaml:5:9: restApis[0].resources./pets.FETCH: "FETCH" is not an HTTP method API Gateway supports: use one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY`,
			`t.yaml:6:9: restApis[0].resources./pets.get: "get": method names are upper case: write GET`,
		}},
		{"method fields", `
restApis:
  - name: pets
    resources:
      /pets:
        GET:
          authorizationType: IAM
          requestParameters: {querystring.limit: true}
          methodResponses: [{statusCode: "200"}, {statusCode: "200"}, {responseParameters: {X-Foo: true}}]
          integration: {type: MOCK}
        POST: {}
`, []string{
			"t.yaml:6:30: restApis[0].resources./pets.GET.authorizationType: \"IAM\" is not an authorization type: use one of NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS",
			"t.yaml:7:31: restApis[0].resources./pets.GET.requestParameters: \"querystring.limit\" is not a method request parameter: write method.request.path.NAME, method.request.querystring.NAME or method.request.header.NAME (AWS: \"Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: querystring.limit]\")",
			"t.yaml:8:63: restApis[0].resources./pets.GET.methodResponses[1].statusCode: status 200 is already declared by methodResponses[0]",
			"t.yaml:8:71: restApis[0].resources./pets.GET.methodResponses[2].statusCode: missing: a method response needs a statusCode, e.g. \"200\"",
			"t.yaml:8:93: restApis[0].resources./pets.GET.methodResponses[2].responseParameters: \"X-Foo\" is not a method response parameter: write method.response.header.NAME",
			"t.yaml:10:9: restApis[0].resources./pets.POST.integration: missing: every method needs an integration, e.g. integration: {type: MOCK} (AWS: \"No integration defined for method\")",
		}},
		{"integration type", `
restApis:
  - name: pets
    resources:
      /a: {GET: {integration: {type: aws_proxy, uri: "function:listPets"}}}
      /b: {GET: {integration: {type: LAMBDA}}}
      /c: {GET: {integration: {uri: "function:listPets"}}}
` + fn, []string{
			"t.yaml:4:38: restApis[0].resources./a.GET.integration.type: \"aws_proxy\" is not an integration type: use one of AWS_PROXY, AWS, HTTP_PROXY, HTTP, MOCK (did you mean AWS_PROXY?)",
			"t.yaml:5:38: restApis[0].resources./b.GET.integration.type: \"LAMBDA\" is not an integration type: use one of AWS_PROXY, AWS, HTTP_PROXY, HTTP, MOCK (Lambda proxy integrations are AWS_PROXY, Lambda custom integrations AWS)",
			"t.yaml:6:18: restApis[0].resources./c.GET.integration.type: missing: use one of AWS_PROXY, AWS, HTTP_PROXY, HTTP, MOCK",
		}},
		{"lambda uris", `
restApis:
  - name: pets
    resources:
      /a: {GET: {integration: {type: AWS_PROXY}}}
      /b: {GET: {integration: {type: AWS_PROXY, uri: "lambda:listPets"}}}
      /c: {GET: {integration: {type: AWS_PROXY, uri: "function:listPet"}}}
      /d: {GET: {integration: {type: AWS, uri: "function:listPets:live"}}}
      /e: {GET: {integration: {type: AWS_PROXY, uri: "function:${stageVariables.fn}"}}}
      /f: {GET: {integration: {type: AWS_PROXY, uri: "function:listPets:${stageVariables.alias}"}}}
      /g: {GET: {integration: {type: AWS_PROXY, uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:listPets:$LATEST/invocations"}}}
      /h: {GET: {integration: {type: AWS_PROXY, uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:other/invocations"}}}
      /i: {GET: {integration: {type: AWS, uri: "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", httpMethod: POST}}}
      /j: {GET: {integration: {type: AWS_PROXY, uri: "function:listPets", httpMethod: GET}}} # AWS takes it (and answers 500)
      /k: {GET: {integration: {type: AWS_PROXY, uri: "function:${stage.fn}"}}}
` + fn, []string{
			"t.yaml:4:18: restApis[0].resources./a.GET.integration.uri: missing: a AWS_PROXY integration needs the function to call: uri: function:NAME (or function:NAME:ALIAS, or the full arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:…:function:NAME/invocations)",
			"t.yaml:5:54: restApis[0].resources./b.GET.integration.uri: \"lambda:listPets\" is not a Lambda function uri: write function:NAME, function:NAME:ALIAS or arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME/invocations",
			"t.yaml:6:54: restApis[0].resources./c.GET.integration.uri: function \"listPet\" is not declared: declared functions are listPets (did you mean listPets?)",
			"t.yaml:7:48: restApis[0].resources./d.GET.integration.uri: function \"listPets\" has no alias or version \"live\": it has no aliases or versions; use $LATEST or declare them under aliases: and versions:",
			"t.yaml:11:54: restApis[0].resources./h.GET.integration.uri: function \"other\" is not declared: declared functions are listPets",
			`t.yaml:12:48: restApis[0].resources./i.GET.integration.uri: "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem" is an AWS service integration: apigwlab simulates Lambda, HTTP and MOCK integrations, not other AWS services yet`,
			"t.yaml:14:54: restApis[0].resources./k.GET.integration.uri: \"function:${stage.fn}\": only ${stageVariables.NAME} can be substituted in a uri",
		}},
		{"http uris", `
restApis:
  - name: pets
    resources:
      /a: {GET: {integration: {type: HTTP_PROXY, uri: "https://example.com/{proxy}", httpMethod: ANY}}}
      /b: {GET: {integration: {type: HTTP, uri: "${stageVariables.url}/pets", httpMethod: GET}}}
      /c: {GET: {integration: {type: HTTP, uri: "example.com/pets", httpMethod: GET}}}
      /d: {GET: {integration: {type: HTTP_PROXY, uri: "https://${stageVariables.host}/x"}}}
      /e: {GET: {integration: {type: HTTP, httpMethod: FETCH}}}
`, []string{
			"t.yaml:6:49: restApis[0].resources./c.GET.integration.uri: \"example.com/pets\" is not an absolute http(s) URL: write e.g. https://example.com/pets/{id} (${stageVariables.NAME} and {param} may appear in it)",
			"t.yaml:7:18: restApis[0].resources./d.GET.integration.httpMethod: missing: the method used to call the backend, e.g. httpMethod: GET (ANY passes the client's method on)",
			"t.yaml:8:18: restApis[0].resources./e.GET.integration.uri: missing: a HTTP integration needs the backend URL, e.g. uri: https://example.com/pets/{id}",
			"t.yaml:8:56: restApis[0].resources./e.GET.integration.httpMethod: \"FETCH\" is not an HTTP method: use one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY",
		}},
		{"timeout of 40000", `
restApis:
  - name: pets
    resources:
      /pets:
        GET:
          integration: {type: MOCK, timeoutInMillis: 40000}
      /fast:
        GET:
          integration: {type: MOCK, timeoutInMillis: 10}
`, []string{
			`t.yaml:6:54: restApis[0].resources./pets.GET.integration.timeoutInMillis: 40000 is out of range: accepted 50–29000 (only Regional and private APIs can go beyond 29 s, after a quota increase: endpointConfiguration: {types: [REGIONAL]})`,
			`t.yaml:9:54: restApis[0].resources./fast.GET.integration.timeoutInMillis: 10 is out of range: accepted 50–29000`,
		}},
		{"Regional API timeout beyond 29 s", `
restApis:
  - name: pets
    endpointConfiguration: {types: [REGIONAL]}
    resources:
      /pets:
        GET:
          integration: {type: MOCK, timeoutInMillis: 120000}
      /slow:
        GET:
          integration: {type: MOCK, timeoutInMillis: 400000}
`, []string{
			`t.yaml:10:54: restApis[0].resources./slow.GET.integration.timeoutInMillis: 400000 is out of range: accepted 50–300000`,
		}},
		{"integration fields", `
restApis:
  - name: pets
    resources:
      /pets:
        GET:
          integration:
            type: MOCK
            passthroughBehavior: WHEN_NO_TEMPLATE
            contentHandling: BINARY
            requestParameters: {integration.request.header.x: "method.request.header.y", querystring.z: "$input.body"}
            requestTemplates: {json: "{}"}
            cacheKeyParameters: [limit]
`, []string{
			"t.yaml:8:34: restApis[0].resources./pets.GET.integration.passthroughBehavior: \"WHEN_NO_TEMPLATE\" is not a passthrough behavior: use one of WHEN_NO_MATCH, WHEN_NO_TEMPLATES, NEVER (did you mean WHEN_NO_TEMPLATES?)",
			"t.yaml:9:30: restApis[0].resources./pets.GET.integration.contentHandling: \"BINARY\" is not a content handling: use one of CONVERT_TO_TEXT, CONVERT_TO_BINARY",
			`t.yaml:10:63: restApis[0].resources./pets.GET.integration.requestParameters.integration.request.header.x: method.request.header.y is not declared by the method: add method.request.header.y: false (or true when required) to the method's requestParameters (AWS: "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.request.header.y]")`,
			"t.yaml:10:90: restApis[0].resources./pets.GET.integration.requestParameters: \"querystring.z\" is not an integration request parameter: write integration.request.path.NAME, integration.request.querystring.NAME or integration.request.header.NAME",
			"t.yaml:10:105: restApis[0].resources./pets.GET.integration.requestParameters.querystring.z: \"$input.body\" is not a parameter source: use method.request.{path|querystring|header}.NAME, method.request.body, a 'quoted literal', stageVariables.NAME or context.NAME",
			"t.yaml:11:32: restApis[0].resources./pets.GET.integration.requestTemplates: \"json\" is not a content type: templates are keyed by content type, e.g. application/json",
			"t.yaml:12:34: restApis[0].resources./pets.GET.integration.cacheKeyParameters[0]: \"limit\" is not a request parameter: cache keys are written method.request.querystring.NAME, method.request.path.NAME or method.request.header.NAME",
		}},
		{"integration responses", `
restApis:
  - name: pets
    resources:
      /pets:
        GET:
          integration:
            type: MOCK
            integrationResponses:
              - {statusCode: "200"}
              - {statusCode: "200", selectionPattern: "x"}
              - {statusCode: "2000", selectionPattern: "(?<=x)y"}
              - {statusCode: "500"}
              - {selectionPattern: ".*", responseParameters: {header.x: "'1'"}}
`, []string{
			"t.yaml:10:30: restApis[0].resources./pets.GET.integration.integrationResponses[1].statusCode: status 200 is already mapped by integrationResponses[0]: AWS keys integration responses by status code, so give each its own",
			"t.yaml:11:30: restApis[0].resources./pets.GET.integration.integrationResponses[2].statusCode: \"2000\" is not an HTTP status code: use three digits from 100 to 599, e.g. \"200\"",
			"t.yaml:11:56: restApis[0].resources./pets.GET.integration.integrationResponses[2].selectionPattern: \"(?<=x)y\" is not a valid regular expression: invalid named capture: `(?<=x)y` (apigwlab uses Go's RE2 syntax; AWS uses Java's, so avoid lookarounds and backreferences)",
			"t.yaml:12:17: restApis[0].resources./pets.GET.integration.integrationResponses[3].selectionPattern: missing: integrationResponses[0] is already the default (no selectionPattern); give this one a pattern",
			"t.yaml:13:17: restApis[0].resources./pets.GET.integration.integrationResponses[4].statusCode: missing: the method response status this maps to, e.g. statusCode: \"200\"",
			"t.yaml:13:63: restApis[0].resources./pets.GET.integration.integrationResponses[4].responseParameters: \"header.x\" is not a method response parameter: write method.response.header.NAME",
		}},

		// Stages.
		{"stage variable with a dash", `
restApis:
  - name: pets
    resources: {/: {GET: {integration: {type: MOCK}}}}
    stages:
      - stageName: prod
        variables: {my-var: x}
`, []string{`t.yaml:6:21: restApis[0].stages[0].variables: "my-var" is not a valid stage variable name: use letters, digits and underscores (AWS: [A-Za-z0-9_]+)`}},
		{"stage variable values", `
restApis:
  - name: pets
    resources: {/: {GET: {integration: {type: MOCK}}}}
    stages:
      - stageName: prod
        variables: {ok: "a-b.c_d~e:f/g?h#i&j=k,l m", bang: "hi!", empty: ""}
`, []string{
			"t.yaml:6:60: restApis[0].stages[0].variables.bang: \"hi!\" contains '!', which AWS does not allow in a stage variable value: use letters, digits, spaces and - . _ ~ : / ? # & = ,",
			"t.yaml:6:74: restApis[0].stages[0].variables.empty: empty value: AWS requires at least one character (remove the variable instead)",
		}},
		{"stage names and deployments", `
restApis:
  - name: pets
    resources: {/: {GET: {integration: {type: MOCK}}}}
    deployments: [{id: v1}, {id: v1}, {}]
    stages:
      - {stageName: prod, deploymentId: v2}
      - {stageName: prod}
      - {stageName: "my stage"}
      - {deploymentId: v1}
`, []string{
			"t.yaml:4:34: restApis[0].deployments[1].id: duplicate deployment id \"v1\" (first at t.yaml:4:19): deployment ids are unique in an API",
			"t.yaml:4:39: restApis[0].deployments[2].id: missing: stages refer to a deployment by its id, e.g. id: v1",
			"t.yaml:6:41: restApis[0].stages[0].deploymentId: no deployment \"v2\" in this API: its deployments are v1",
			"t.yaml:7:21: restApis[0].stages[1].stageName: duplicate stage name \"prod\" (first at t.yaml:6:9): stage names are unique in an API",
			"t.yaml:8:21: restApis[0].stages[2].stageName: \"my stage\" is not a valid stage name: use letters, digits, hyphens and underscores, at most 128 (AWS: \"Stage names can only contain alphanumeric characters, hyphens, and underscores. Maximum length is 128 characters.\")",
			"t.yaml:9:9: restApis[0].stages[3].stageName: missing: every stage needs a stageName, the first part of its URL (/prod/pets)",
		}},
		{"method settings", `
restApis:
  - name: pets
    resources:
      /pets: {GET: {integration: {type: MOCK}}}
      /pets/{petId}: {GET: {integration: {type: MOCK}}}
    stages:
      - stageName: prod
        methodSettings:
          "*/*": {throttlingRateLimit: -1, throttlingBurstLimit: -2, cacheTtlInSeconds: 4000}
          "pets/GET": {loggingLevel: DEBUG}
          "~1pets~1{petId}/GET": {unauthorizedCacheControlHeaderStrategy: IGNORE}
          "/pets/POST": {}
          "pet/GET": {}
          "GET": {}
`, []string{
			"t.yaml:9:40: restApis[0].stages[0].methodSettings.*/*.throttlingRateLimit: -1 is negative: use 0 or more requests per second",
			"t.yaml:9:66: restApis[0].stages[0].methodSettings.*/*.throttlingBurstLimit: -2 is negative: use 0 or more requests",
			"t.yaml:9:89: restApis[0].stages[0].methodSettings.*/*.cacheTtlInSeconds: 4000 is out of range: accepted 0–3600 seconds",
			"t.yaml:10:38: restApis[0].stages[0].methodSettings.pets/GET.loggingLevel: \"DEBUG\" is not a logging level: use one of OFF, ERROR, INFO",
			"t.yaml:11:75: restApis[0].stages[0].methodSettings.~1pets~1{petId}/GET.unauthorizedCacheControlHeaderStrategy: \"IGNORE\" is not a cache control strategy: use one of FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER, SUCCEED_WITHOUT_RESPONSE_HEADER",
			"t.yaml:12:11: restApis[0].stages[0].methodSettings: \"/pets/POST\": resource /pets has no POST method: its methods are GET",
			"t.yaml:13:11: restApis[0].stages[0].methodSettings: \"pet/GET\": no resource /pet in this API: its resources are /pets, /pets/{petId} (did you mean /pets?)",
			"t.yaml:14:11: restApis[0].stages[0].methodSettings: \"GET\" is not a method setting key: use */* for all methods, or the resource path without its leading slash, a slash and the method, e.g. pets/GET or pets/{petId}/DELETE",
		}},
		{"cache size and canary", `
restApis:
  - name: pets
    resources: {/: {GET: {integration: {type: MOCK}}}}
    stages:
      - stageName: prod
        cacheClusterSize: 2
        canarySettings: {percentTraffic: 120, deploymentId: v9, stageVariableOverrides: {a.b: x}}
`, []string{
			`t.yaml:6:27: restApis[0].stages[0].cacheClusterSize: "2" is not a cache cluster size (GB): use one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237`,
			`t.yaml:7:42: restApis[0].stages[0].canarySettings.percentTraffic: 120 is out of range: accepted 0–100 (percent of the stage's requests)`,
			`t.yaml:7:61: restApis[0].stages[0].canarySettings.deploymentId: no deployment "v9": the API has no deployments; declare it under deployments: (- id: v9), or leave deploymentId out to serve the API as written`,
			`t.yaml:7:90: restApis[0].stages[0].canarySettings.stageVariableOverrides: "a.b" is not a valid stage variable name: use letters, digits and underscores (AWS: [A-Za-z0-9_]+)`,
		}},
		{"gateway responses", `
restApis:
  - name: pets
    resources: {/: {GET: {integration: {type: MOCK}}}}
    gatewayResponses:
      THROTTLE: {statusCode: "429"}
      DEFAULT_4XX: {statusCode: "4xx", responseParameters: {header.x: "'1'"}}
`, []string{
			`t.yaml:5:7: restApis[0].gatewayResponses: "THROTTLE" is not a gateway response type: use one of ACCESS_DENIED, API_CONFIGURATION_ERROR, AUTHORIZER_CONFIGURATION_ERROR, AUTHORIZER_FAILURE, BAD_REQUEST_BODY, BAD_REQUEST_PARAMETERS, DEFAULT_4XX, DEFAULT_5XX, EXPIRED_TOKEN, INTEGRATION_FAILURE, INTEGRATION_TIMEOUT, INVALID_API_KEY, INVALID_SIGNATURE, MISSING_AUTHENTICATION_TOKEN, QUOTA_EXCEEDED, REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, THROTTLED, UNAUTHORIZED, UNSUPPORTED_MEDIA_TYPE, WAF_FILTERED (did you mean THROTTLED?)`,
			`t.yaml:6:33: restApis[0].gatewayResponses.DEFAULT_4XX.statusCode: "4xx" is not an HTTP status code: use three digits from 100 to 599, e.g. "200"`,
			`t.yaml:6:61: restApis[0].gatewayResponses.DEFAULT_4XX.responseParameters: "header.x" is not a gateway response parameter: use gatewayresponse.header.NAME (the response header to set)`,
		}},

		// Functions.
		{"function names", `
functions:
  - {returns: 1}
  - {functionName: "my fn"}
  - {functionName: f}
  - {functionName: f}
`, []string{
			"t.yaml:2:5: functions[0].functionName: missing: every function needs a functionName (integrations call function:NAME)",
			"t.yaml:3:20: functions[1].functionName: \"my fn\" is not a valid Lambda function name: use letters, digits, hyphens and underscores, at most 64 characters",
			"t.yaml:5:20: functions[3].functionName: duplicate function \"f\" (first at t.yaml:4:5): function names are unique",
		}},
		{"function behaviour", `
functions:
  - functionName: f
    returns: {ok: true}
    error: {errorMessage: boom}
    latency: {p50: 200ms, p99: 20ms}
    timeout: 1000s
    reservedConcurrency: -1
    cases:
      - {returns: 1}
      - {when: {id: "1"}, echo: true, returns: 2}
  - functionName: g
    latency: {p50: 20ms}
    timeout: 500ms
`, []string{
			`t.yaml:4:12: functions[0].error: both returns and error are set: a handler either returns a value or raises an error; remove one`,
			`t.yaml:5:32: functions[0].latency.p99: 20ms is below p50 (200ms): p99 must be at least p50`,
			`t.yaml:6:14: functions[0].timeout: 16m40s is out of range: accepted 1s–900s (Lambda's limits)`,
			`t.yaml:7:26: functions[0].reservedConcurrency: -1 is negative: use 0 or more concurrent executions`,
			`t.yaml:9:9: functions[0].cases[0].when: missing: a case needs when: {field: value} to pick the events it handles (the function's own behaviour is the fallback)`,
			`t.yaml:10:33: functions[0].cases[1].echo: echo returns the event it receives: remove returns and error, or the echo`,
			`t.yaml:12:14: functions[1].latency.p99: missing: a distribution needs both p50 and p99, e.g. {p50: 20ms, p99: 200ms}`,
			`t.yaml:13:14: functions[1].timeout: 500ms is out of range: accepted 1s–900s (Lambda's limits)`,
		}},
		{"versions and aliases", `
functions:
  - functionName: f
    versions: [{version: "1"}, {version: "1"}, {version: v2}, {version: $LATEST}, {returns: 1}]
    aliases:
      live: 3
      latest: $LATEST
      "42": 1
      split: {"1": 0.5, "3": 0.2}
      heavy: {"1": 1.5}
`, []string{
			"t.yaml:3:42: functions[0].versions[1].version: duplicate version 1 (first at t.yaml:3:16)",
			"t.yaml:3:58: functions[0].versions[2].version: \"v2\" is not a version number: Lambda versions are whole numbers 1, 2, 3, …",
			"t.yaml:3:73: functions[0].versions[3].version: $LATEST is the function itself: published versions are numbered 1, 2, 3, …",
			"t.yaml:3:83: functions[0].versions[4].version: missing: a published version has a number, e.g. version: 1",
			"t.yaml:5:13: functions[0].aliases.live.version: alias live points at version \"3\", which is not published: published versions are 1 (and $LATEST)",
			"t.yaml:7:7: functions[0].aliases: \"42\" is not a valid alias name: use letters, digits, hyphens and underscores, not only digits (AWS: (?!^[0-9]+$)([a-zA-Z0-9-_]+))",
			"t.yaml:8:7: functions[0].aliases.split: the weights add up to 0.7: they must add up to 1, e.g. {\"3\": 0.9, \"4\": 0.1}",
			"t.yaml:8:25: functions[0].aliases.split.weights: alias split routes to version \"3\", which is not published: published versions are 1 (and $LATEST)",
			"t.yaml:9:7: functions[0].aliases.heavy: the weights add up to 1.5: they must add up to 1, e.g. {\"3\": 0.9, \"4\": 0.1}",
			"t.yaml:9:20: functions[0].aliases.heavy.weights.1: weight 1.5 is out of range: accepted 0–1",
		}},

		// Usage plans and API keys.
		{"usage plans", `
restApis:
  - name: pets
    resources: {/pets: {GET: {integration: {type: MOCK}}}}
    stages: [{stageName: prod}]
usagePlans:
  - name: p
    throttle: {rateLimit: -1, burstLimit: -1}
    quota: {limit: -5, period: YEAR}
    apiStages:
      - {api: pet, stage: prod}
      - {api: pets, stage: dev}
      - api: pets
        stage: prod
        throttle: {"/pets/GET": {rateLimit: 1}, "/pets/POST": {}, "/*/*": {}, "pets": {}}
      - {api: pets, stage: prod}
  - name: p
    quota: {limit: 10}
`, []string{
			"t.yaml:7:27: usagePlans[0].throttle.rateLimit: -1 is negative: use 0 or more requests per second",
			"t.yaml:7:43: usagePlans[0].throttle.burstLimit: -1 is negative: use 0 or more requests",
			"t.yaml:8:20: usagePlans[0].quota.limit: -5 is negative: use 0 or more requests",
			"t.yaml:8:32: usagePlans[0].quota.period: \"YEAR\" is not a quota period: use one of DAY, WEEK, MONTH",
			"t.yaml:10:15: usagePlans[0].apiStages[0].api: no REST API named \"pet\": the APIs are pets (did you mean pets?)",
			"t.yaml:11:28: usagePlans[0].apiStages[1].stage: API pets has no stage \"dev\": its stages are prod",
			`t.yaml:14:45: usagePlans[0].apiStages[2].throttle./pets/GET.rateLimit: give both rateLimit and burstLimit (got rateLimit 1, burstLimit 0): a bucket with burst 0 refuses every request, one with rate 0 never refills`,
			"t.yaml:14:49: usagePlans[0].apiStages[2].throttle: \"/pets/POST\": resource /pets has no POST method: its methods are GET",
			"t.yaml:14:79: usagePlans[0].apiStages[2].throttle: \"pets\": not a method throttle key: write /RESOURCE-PATH/METHOD (e.g. /pets/GET or /pets/{petId}/DELETE), or /*/* for all methods",
			"t.yaml:15:9: usagePlans[0].apiStages[3]: the plan already includes pets/prod (apiStages[2])",
			"t.yaml:16:11: usagePlans[1].name: duplicate usage plan name \"p\" (first at t.yaml:6:5): give each plan its own name",
			"t.yaml:17:5: usagePlans[1].quota.period: missing: a quota counts requests per DAY, WEEK or MONTH",
		}},
		{"API keys", `
restApis:
  - name: pets
    resources: {/pets: {GET: {integration: {type: MOCK}}}}
    stages: [{stageName: prod}]
usagePlans:
  - {name: a, apiStages: [{api: pets, stage: prod}]}
  - {name: b, apiStages: [{api: pets, stage: prod}]}
apiKeys:
  - {name: k1, value: short}
  - {name: k2, value: same-value-0123456789, usagePlans: [a, b, c, a]}
  - {name: k2, value: same-value-0123456789}
  - {usagePlans: []}
`, []string{
			"t.yaml:9:23: apiKeys[0].value: \"short\" has 5 characters: AWS requires at least 20",
			"t.yaml:10:62: apiKeys[1].usagePlans[1]: plans a and b both include pets/prod: AWS lets a key belong to only one usage plan per API stage",
			"t.yaml:10:65: apiKeys[1].usagePlans[2]: no usage plan named \"c\": the plans are a, b",
			"t.yaml:10:68: apiKeys[1].usagePlans[3]: plan a is already listed (usagePlans[0])",
			"t.yaml:11:12: apiKeys[2].name: duplicate API key name \"k2\" (first at t.yaml:10:5): give each key its own name",
			"t.yaml:11:23: apiKeys[2].value: the same value as apiKeys[1]: API key values must be unique",
			"t.yaml:12:5: apiKeys[3].name: missing: every API key needs a name",
			"t.yaml:12:5: apiKeys[3].value: missing: the key clients send in x-api-key, at least 20 characters (AWS's minimum)",
		}},
		{"backends", `
backends:
  - name: orders
    url: http://orders.internal/v1
    latency: {p50: 200ms, p99: 20ms}
    routes:
      - {path: orders, method: GIT, status: 700}
      - {path: "/a/{p+}/b", echo: true, body: x, latency: measured}
      - {path: "/h", headers: {"bad name": x}}
  - {name: orders, url: "ftp://x"}
  - {name: b3, url: "http://Orders.internal"}
  - {name: b4, url: "http://orders.internal:80"}
  - {name: b5, url: "http://orders.internal", rutes: []}
`, []string{
			`t.yaml:3:10: backends[0].url: "http://orders.internal/v1" has more than a scheme and host: write http://orders.internal and put paths in routes`,
			`t.yaml:4:32: backends[0].latency.p99: 20ms is below p50 (200ms): p99 must be at least p50`,
			`t.yaml:6:16: backends[0].routes[0].path: "orders" does not start with /: write /orders`,
			`t.yaml:6:32: backends[0].routes[0].method: "GIT" is not an HTTP method: use one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY (did you mean GET?)`,
			`t.yaml:6:45: backends[0].routes[0].status: 700 is not an HTTP status code: accepted 100–599`,
			`t.yaml:7:16: backends[0].routes[1].path: segment "{p+}": {name+} matches the rest of the path, so it must be the last segment`,
			`t.yaml:7:35: backends[0].routes[1].echo: echo answers with the request it receives: remove body, or the echo`,
			`t.yaml:7:59: backends[0].routes[1].latency: measured is for code functions: give a backend a duration (latency: 20ms) or a distribution ({p50: 20ms, p99: 200ms})`,
			`t.yaml:8:32: backends[0].routes[2].headers: "bad name" is not a header name: use letters, digits and hyphens, e.g. Content-Type`,
			`t.yaml:9:12: backends[1].name: duplicate backend "orders" (first at t.yaml:2:5): backend names are unique`,
			`t.yaml:9:25: backends[1].url: "ftp://x" is not an http(s) URL: write the scheme and host integrations call, e.g. http://orders.internal or https://api.example.com`,
			`t.yaml:12:21: backends[4].url: http://orders.internal is already backend "b3"'s URL (at t.yaml:10:5): one backend per scheme and host`,
			`t.yaml:12:47: backends[4].rutes: unknown field "rutes" in backend (did you mean routes?); accepted: name, url, routes, status, headers, body, echo, latency`,
		}},
		{"openapi file missing", `
restApis:
  - name: pets
    openapi: nope.yaml
`, []string{`t.yaml:3:14: restApis[0].openapi: cannot read nope.yaml: no such file or directory (openapi names an OpenAPI 3 or Swagger 2 file, relative to the workspace file)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errLines(t, tt.src)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
				if os.Getenv("DUMP") != "" {
					for _, l := range got {
						fmt.Printf("DUMP\t%s\t%q\n", tt.name, l)
					}
				}
			}
		})
	}
}

// TestManyErrors checks that every problem in one file is reported, sorted by position.
func TestManyErrors(t *testing.T) {
	_, err := Load("testdata/many-errors.yaml")
	if err == nil {
		t.Fatal("want errors")
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("%T", err)
	}
	if len(es) < 40 {
		t.Errorf("only %d errors reported", len(es))
	}
	for i, e := range es {
		if e.Pos.File != "testdata/many-errors.yaml" || e.Pos.Line == 0 || e.Pos.Col == 0 || e.Field == "" || e.Msg == "" {
			t.Errorf("error without position or field: %#v", e)
		}
		if i > 0 && (es[i-1].Pos.Line > e.Pos.Line || es[i-1].Pos.Line == e.Pos.Line && es[i-1].Pos.Col > e.Pos.Col) {
			t.Errorf("errors out of order: %v before %v", es[i-1], e)
		}
	}
	golden(t, "testdata/many-errors.golden", err.Error()+"\n")
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{Pos{"pets.yaml", 12, 7}, "restApis[0].resources./pets.GET.integration.timeoutInMillis", "40000 is out of range: accepted 50–29000"},
			"pets.yaml:12:7: restApis[0].resources./pets.GET.integration.timeoutInMillis: 40000 is out of range: accepted 50–29000"},
		{Error{Pos{"pets.yaml", 3, 0}, "", "YAML syntax error: x"}, "pets.yaml:3: YAML syntax error: x"},
		{Error{Pos{"pets.yaml", 0, 0}, "", "cannot read"}, "pets.yaml: cannot read"},
		{Error{Pos{}, "apiVersion", "bad"}, "apiVersion: bad"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	es := Errors{&tests[0].e, &tests[1].e}
	if got := es.Error(); got != tests[0].want+"\n"+tests[1].want {
		t.Errorf("Errors.Error() = %q", got)
	}
}

func TestLoadErrors(t *testing.T) {
	_, err := Load("testdata/does-not-exist.yaml")
	if err == nil || err.Error() != "testdata/does-not-exist.yaml: cannot read the workspace: no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	_, err = Load("testdata")
	if err == nil || err.Error() != "testdata: cannot read the workspace: it is a directory, want a file" {
		t.Errorf("directory: %v", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func indent(s, pre string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = pre + lines[i]
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestValidateInMemory(t *testing.T) {
	w, err := Load("testdata/pets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ttl := 7200
	w.RestAPIs[0].Stages[0].MethodSettings["*/*"].CacheTTLInSeconds = &ttl
	w.RestAPIs[0].Resources = append(w.RestAPIs[0].Resources, nil, &Resource{Path: "/x/", Methods: []*Method{nil}})
	err = w.Validate()
	want := "testdata/pets.yaml:45:11: restApis[0].stages[0].methodSettings.*/*.cacheTtlInSeconds: 7200 is out of range: accepted 0–3600 seconds\n" +
		"restApis[0].resources./x/: path \"/x/\" ends with \"/\": write /x (only the root resource is \"/\")"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestOpenAPI3Import(t *testing.T) {
	w, err := Load("testdata/oas3.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.Summary(), "testdata/oas3.yaml: valid — 1 REST API (pets: 4 resources, 6 methods, stage prod), 2 functions, 0 usage plans, 0 API keys"; got != want {
		t.Errorf("Summary: %s", got)
	}
	api := w.RestAPIs[0]
	var got []string
	for _, r := range api.Resources {
		for _, m := range r.Methods {
			got = append(got, m.HTTPMethod+" "+r.Path+" "+m.Integration.Type+" "+filepath.Base(m.Pos.File))
		}
	}
	want := []string{
		"GET /pets AWS_PROXY pets.oas3.yaml",
		"POST /pets MOCK oas3.yaml",
		"GET /pets/{petId} AWS pets.oas3.yaml",
		"DELETE /pets/{petId} AWS_PROXY oas3.yaml", // the workspace's method replaces the file's
		"ANY /{proxy+} HTTP_PROXY pets.oas3.yaml",
		"GET /health MOCK oas3.yaml",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("methods:\n got %v\nwant %v", got, want)
	}
	list := api.Resources[0].Methods[0]
	if list.Pos != (Pos{"testdata/pets.oas3.yaml", 5, 5}) || api.Resources[0].Pos != (Pos{"testdata/pets.oas3.yaml", 4, 3}) {
		t.Errorf("positions %v %v", list.Pos, api.Resources[0].Pos)
	}
	if !list.APIKeyRequired || list.OperationName != "listPets" {
		t.Errorf("listPets method %+v", list)
	}
	if want := map[string]bool{"method.request.querystring.limit": false, "method.request.header.X-Trace-Id": true}; !reflect.DeepEqual(list.RequestParameters, want) {
		t.Errorf("request parameters %v", list.RequestParameters)
	}
	if len(list.MethodResponses) != 1 || list.MethodResponses[0].StatusCode != "200" || !reflect.DeepEqual(list.MethodResponses[0].ResponseParameters, map[string]bool{"method.response.header.X-Count": false}) {
		t.Errorf("method responses %+v", list.MethodResponses)
	}
	in := list.Integration
	if in.URI != "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:listPets/invocations" || in.PassthroughBehavior != "WHEN_NO_MATCH" || in.HTTPMethod != "POST" {
		t.Errorf("listPets integration %+v", in)
	}
	if name, q, ok := LambdaTarget(in.URI); name != "listPets" || q != "" || !ok {
		t.Errorf("LambdaTarget = %q %q %v", name, q, ok)
	}
	getPet := api.Resources[1].Methods[0]
	if !getPet.RequestParameters["method.request.path.petId"] || getPet.Integration.TimeoutInMillis != 3000 {
		t.Errorf("getPet %+v %+v", getPet, getPet.Integration)
	}
	irs := getPet.Integration.IntegrationResponses
	if len(irs) != 2 || irs[0].SelectionPattern != "" || irs[0].StatusCode != "200" || irs[1].SelectionPattern != ".*not found.*" || irs[1].StatusCode != "404" ||
		irs[1].ResponseTemplates["application/json"] != `{"message": "no such pet"}` {
		t.Errorf("integration responses %+v %+v", irs[0], irs[1])
	}
	proxy := api.Resources[2].Methods[0]
	if proxy.Integration.HTTPMethod != "ANY" || proxy.Integration.RequestParameters["integration.request.path.proxy"] != "method.request.path.proxy" || !proxy.RequestParameters["method.request.path.proxy"] {
		t.Errorf("proxy %+v %+v", proxy, proxy.Integration)
	}
	if !reflect.DeepEqual(api.BinaryMediaTypes, []string{"application/octet-stream", "image/png"}) || api.APIKeySource != "HEADER" {
		t.Errorf("binary media types %v, key source %q", api.BinaryMediaTypes, api.APIKeySource)
	}
	if gr := api.GatewayResponses["DEFAULT_4XX"]; gr == nil || gr.ResponseParameters["gatewayresponse.header.Access-Control-Allow-Origin"] != "'*'" {
		t.Errorf("DEFAULT_4XX %+v", gr)
	}
	if gr := api.GatewayResponses["THROTTLED"]; gr == nil || gr.StatusCode != "503" {
		t.Errorf("THROTTLED from the workspace should win: %+v", gr)
	}
}

func TestSwagger2Import(t *testing.T) {
	w, err := Load("testdata/swagger2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.Summary(), "testdata/swagger2.yaml: valid — 1 REST API (legacy: 2 resources, 2 methods, stages old, live), 2 functions, 0 usage plans, 0 API keys"; got != want {
		t.Errorf("Summary: %s", got)
	}
	api := w.RestAPIs[0]
	if api.APIKeySource != "AUTHORIZER" {
		t.Errorf("api key source %q", api.APIKeySource)
	}
	list := api.Resources[0].Methods[0]
	if api.Resources[0].Path != "/pets" || !list.APIKeyRequired || list.Integration.Type != IntegrationAWSProxy || !list.RequestParameters["method.request.querystring.type"] {
		t.Errorf("GET /pets %+v %+v", list, list.Integration)
	}
	if list.Pos.File != "testdata/pets.swagger.json" || list.Pos.Line != 7 {
		t.Errorf("JSON position %v", list.Pos)
	}
	anyM := api.Resources[1].Methods[0]
	if api.Resources[1].Path != "/{proxy+}" || anyM.HTTPMethod != "ANY" || anyM.Integration.Type != IntegrationMock ||
		!anyM.RequestParameters["method.request.path.proxy"] || len(anyM.Integration.IntegrationResponses) != 1 {
		t.Errorf("ANY /{proxy+} %+v %+v", anyM, anyM.Integration)
	}
	dep := api.Deployments[0]
	if len(dep.Resources) != 3 || dep.Resources[0].Methods[0].Integration.URI == "" {
		t.Errorf("deployment v1 resources %+v", dep.Resources)
	}
}

func TestOpenAPIErrors(t *testing.T) {
	_, err := Load("testdata/bad-oas.yaml")
	if err == nil {
		t.Fatal("want errors")
	}
	golden(t, "testdata/bad-oas.golden", err.Error()+"\n")
}

func TestOpenAPIRejectsNonOpenAPI(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.yaml", "hello: world\n")
	write("b.yaml", "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {/x: {get: {parameters: 5}}}\n")
	write("c.yaml", "swagger: '1.2'\n")
	write("w.yaml", "restApis:\n  - {name: a, openapi: a.yaml}\n  - {name: b, openapi: b.yaml}\n  - {name: c, openapi: c.yaml}\n")
	_, err := Load(filepath.Join(dir, "w.yaml"))
	if err == nil {
		t.Fatal("want errors")
	}
	msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
	for _, want := range []string{
		`a.yaml:1:1: not an OpenAPI document: want openapi: 3.0.1 (OpenAPI 3) or swagger: "2.0" (Swagger 2) at the top`,
		`b.yaml: not a valid OpenAPI 3 document: `,
		`c.yaml:1:10: unsupported version "1.2": apigwlab reads OpenAPI 3.x and Swagger 2.0`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in\n%s", want, msg)
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	jsons, _ := filepath.Glob("testdata/*.json")
	for _, name := range append(files, jsons...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("functions: &f [*f]\n"))
	f.Add([]byte("a: &a {b: *a}\n"))
	f.Add([]byte("restApis: [{name: a, resources: {/: {GET: {<<: {integration: {type: MOCK}}}}}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := Parse("fuzz.yaml", data)
		if err != nil {
			if w != nil {
				t.Fatal("workspace returned with errors")
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %T %v is not a non-empty Errors", err, err)
			}
			for _, e := range es {
				if e.Msg == "" {
					t.Fatalf("error without message: %#v", e)
				}
			}
			return
		}
		if w.Summary() == "" {
			t.Fatal("empty summary")
		}
		if err := w.Validate(); err != nil {
			t.Fatalf("Parse accepted what Validate rejects: %v", err)
		}
	})
}

func TestStageVariableLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("restApis:\n  - name: a\n    resources: {/: {GET: {integration: {type: MOCK}}}}\n    stages:\n      - stageName: s\n        variables:\n")
	for i := 0; i < 101; i++ {
		b.WriteString("          v" + strconv.Itoa(i) + ": x\n")
	}
	b.WriteString("          " + strings.Repeat("n", 65) + ": x\n")
	b.WriteString("          long: " + strings.Repeat("v", 513) + "\n")
	got := errLines(t, b.String())
	want := []string{
		"t.yaml:7:11: restApis[0].stages[0].variables: 103 stage variables: AWS allows at most 100 per stage",
		"t.yaml:108:11: restApis[0].stages[0].variables: \"" + strings.Repeat("n", 65) + "\" is too long for a stage variable name: AWS allows at most 64 characters",
		"t.yaml:109:17: restApis[0].stages[0].variables.long: the value has 513 characters: AWS allows at most 512",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDeploymentResources(t *testing.T) {
	// A stage on a deployment with its own resources is checked against those resources.
	got := errLines(t, `
restApis:
  - name: a
    resources: {/v2: {GET: {integration: {type: MOCK}}}}
    deployments:
      - id: v1
        resources: {/v1: {GET: {integration: {type: MOCK}}}}
      - id: empty
        resources: {/x: {}}
    stages:
      - stageName: old
        deploymentId: v1
        methodSettings: {v1/GET: {}, v2/GET: {}}
      - stageName: new
        methodSettings: {v2/GET: {}}
usagePlans:
  - name: p
    apiStages: [{api: a, stage: old, throttle: {/v1/GET: {}, /v2/GET: {}}}]
`)
	want := []string{
		"t.yaml:8:20: restApis[0].deployments[1].resources: the deployment has no methods: add at least one (AWS: \"The REST API doesn't contain any methods\")",
		"t.yaml:12:38: restApis[0].stages[0].methodSettings: \"v2/GET\": no resource /v2 in this API: its resources are /v1 (did you mean /v1?)",
		"t.yaml:17:62: usagePlans[0].apiStages[0].throttle: \"/v2/GET\": no resource /v2 in this API: its resources are /v1 (did you mean /v1?)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOpenAPISecuritySchemes(t *testing.T) {
	dir := t.TempDir()
	oas := `openapi: 3.0.1
info: {title: s, version: "1"}
security: [{sigv4: []}]
paths:
  /iam:
    get:
      responses: {}
      x-amazon-apigateway-integration: {type: mock}
  /custom:
    get:
      security: [{lambda: []}, {api_key: []}]
      responses: {}
      x-amazon-apigateway-integration: {type: mock}
  /cognito:
    get:
      security: [{pool: []}]
      responses: {}
      x-amazon-apigateway-integration: {type: mock}
  /open:
    get:
      security: []
      responses: {}
      x-amazon-apigateway-integration: {type: mock}
components:
  securitySchemes:
    api_key: {type: apiKey, name: x-api-key, in: header}
    sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
    lambda:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer: {type: token, authorizerUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"}
    pool:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer: {type: cognito_user_pools, providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x"]}
`
	if err := os.WriteFile(filepath.Join(dir, "s.oas.yaml"), []byte(oas), 0o644); err != nil {
		t.Fatal(err)
	}
	// Parse resolves a relative openapi path against the directory of name.
	w, err := Parse(filepath.Join(dir, "w.yaml"), []byte("restApis: [{name: s, openapi: s.oas.yaml}]\nuserPools: [{name: p, id: us-east-1_x, clients: [{name: web}]}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range w.RestAPIs[0].Resources {
		m := r.Methods[0]
		got[r.Path] = m.AuthorizationType + "/" + m.AuthorizerID + "/" + strconv.FormatBool(m.APIKeyRequired)
	}
	want := map[string]string{
		"/iam":     "AWS_IAM//false",
		"/custom":  "CUSTOM/lambda/true",
		"/cognito": "COGNITO_USER_POOLS/pool/false",
		"/open":    "//false",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func TestAnchorsMergeKeysAndAccount(t *testing.T) {
	w, err := Parse("m.yaml", []byte(`
x-defaults: &mock {integration: {type: MOCK}}
restApis:
  - name: a
    resources:
      /a: {GET: *mock}
      /b: {GET: {<<: *mock, apiKeyRequired: true}}
      /c: {GET: {x-note: 1, integration: {type: MOCK}}}
`))
	if err == nil || err.Error() != `m.yaml:8:18: restApis[0].resources./c.GET.x-note: unknown field "x-note" in method; accepted: authorizationType, authorizerId, apiKeyRequired, operationName, requestParameters, requestModels, requestValidatorId, authorizationScopes, methodResponses, integration` {
		t.Fatalf("only top-level x- keys are free; got %v", err)
	}
	w, err = Parse("m.yaml", []byte(`
account:
  throttle: {rateLimit: 10000, burstLimit: 5000}
functions:
  - &f {functionName: f, returns: {ok: true}}
  - {<<: *f, functionName: g}
restApis:
  - name: a
    resources:
      /a: {GET: &m {integration: {type: MOCK}}}
      /b: {GET: {<<: *m, apiKeyRequired: true}}
`))
	if err != nil {
		t.Fatal(err)
	}
	if th := w.Account.Throttle; th == nil || th.RateLimit != 10000 || th.BurstLimit != 5000 {
		t.Errorf("account throttle %+v", th)
	}
	if g := w.Functions[1]; g.FunctionName != "g" || !reflect.DeepEqual(g.Returns, map[string]any{"ok": true}) {
		t.Errorf("merged function %+v", g)
	}
	b := w.RestAPIs[0].Resources[1].Methods[0]
	if !b.APIKeyRequired || b.Integration == nil || b.Integration.Type != IntegrationMock {
		t.Errorf("merged method %+v", b)
	}
}
