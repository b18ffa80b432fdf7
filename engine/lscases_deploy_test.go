package engine

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// LocalStack's deployment, stage and canary CRUD tests recorded against AWS
// (tests/aws/services/apigateway/test_apigateway_common.py TestStages and TestDeployments,
// test_apigateway_canary.py, test_apigateway_api.py TestApiGatewayStage), replayed case by
// case through the same verbs as the aws CLI. lsRecorded (lscases_recorded_test.go) holds
// their recorded bodies as LocalStack's .snapshot.json files have them (without
// ResponseMetadata); each answer here is compared with the whole recorded body, after
// LocalStack's own transformers: dates become "datetime", deployment ids "<deployment-id:N>".
// What cannot be expressed is listed in docs/fidelity.md.

// lsReplay replays one recorded test.
type lsReplay struct {
	t     *testing.T
	g     *Gateway
	rec   map[string]string
	names map[string]string // apigwlab's id → LocalStack's placeholder
}

func newLSReplay(t *testing.T, test string) *lsReplay {
	t.Helper()
	rec := lsRecorded[test]
	if rec == nil {
		t.Fatalf("no recording %s", test)
	}
	g := cpDefsGateway(t)
	if _, err := g.Exec("create-rest-api --name ls"); err != nil {
		t.Fatal(err)
	}
	return &lsReplay{t: t, g: g, rec: rec, names: map[string]string{}}
}

// recorded is the recorded body named key; a missing one fails the test.
func (r *lsReplay) recorded(key string) json.RawMessage {
	r.t.Helper()
	want, ok := r.rec[key]
	if !ok {
		r.t.Fatalf("no recorded %q", key)
	}
	return json.RawMessage(want)
}

// run runs a step that has no recording (setup), failing the test on an error.
func (r *lsReplay) run(line string) map[string]any {
	r.t.Helper()
	out, err := r.g.Exec(line)
	if err != nil {
		r.t.Fatalf("%s: %v", line, err)
	}
	var m map[string]any
	_ = json.Unmarshal([]byte(out), &m)
	return m
}

// deploy runs create-deployment (with args) and names its id as LocalStack's placeholder.
func (r *lsReplay) deploy(args, placeholder string) string {
	r.t.Helper()
	id, _ := r.run("create-deployment --rest-api-id ls " + args)["id"].(string)
	r.names[id] = placeholder
	return id
}

// match runs line and compares its answer with the recorded body named key.
func (r *lsReplay) match(key, line string) {
	r.t.Helper()
	out, err := r.g.Exec(line)
	r.compare(key, line, out, err)
}

// compare compares a verb's answer (or error) with the recorded body named key.
func (r *lsReplay) compare(key, line, out string, err error) {
	r.t.Helper()
	want := r.recorded(key)
	var got any
	if err != nil {
		msg := err.Error()
		var h interface{ AWSMessage() string }
		if errors.As(err, &h) {
			msg = h.AWSMessage()
		}
		typ, text, _ := strings.Cut(msg, ": ")
		got = map[string]any{"Error": map[string]any{"Code": typ, "Message": text}}
	} else if out == "" {
		got = map[string]any{}
	} else if jerr := json.Unmarshal([]byte(out), &got); jerr != nil {
		r.t.Fatalf("%s: %v\n%s", line, jerr, out)
	}
	got = r.normalise(got, "")
	var w any
	if err := json.Unmarshal(want, &w); err != nil {
		r.t.Fatal(err)
	}
	if !reflect.DeepEqual(got, w) {
		g, _ := json.Marshal(got)
		r.t.Errorf("%s (%s)\n got: %s\nwant: %s", key, line, g, want)
	}
}

// normalise applies LocalStack's transformers to an answer: dates, ids and the account.
func (r *lsReplay) normalise(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = r.normalise(e, k)
		}
	case []any:
		for i, e := range x {
			x[i] = r.normalise(e, key)
		}
	case string:
		if key == "createdDate" || key == "lastUpdatedDate" {
			return "datetime"
		}
		if p, ok := r.names[x]; ok {
			return p
		}
		for name, p := range r.names {
			if strings.HasPrefix(p, "<name:") {
				x = strings.ReplaceAll(x, name, p) // LocalStack's name transformer replaces inside strings too
			}
		}
		if key == "properties" {
			// LocalStack's snapshots show a documentation part's JSON text parsed
			var v any
			if json.Unmarshal([]byte(x), &v) == nil {
				return v
			}
		}
		// LocalStack's snapshots write the account as 111111111111
		return strings.ReplaceAll(x, "123456789012", "111111111111")
	case float64:
		if key == "createdDate" || key == "lastUpdatedDate" {
			return "datetime"
		}
	}
	return v
}

// forDeployment is the canary tests' create_api_for_deployment fixture: GET / with a MOCK
// integration answering template.
func (r *lsReplay) forDeployment(template string) {
	r.t.Helper()
	q, _ := json.Marshal(map[string]string{"application/json": template})
	for _, line := range []string{
		"put-method --rest-api-id ls --resource-id / --http-method GET --authorization-type NONE",
		"put-method-response --rest-api-id ls --resource-id / --http-method GET --status-code 200",
		`put-integration --rest-api-id ls --resource-id / --http-method GET --type MOCK --request-templates '{"application/json": "{\"statusCode\": 200}"}'`,
		"put-integration-response --rest-api-id ls --resource-id / --http-method GET --status-code 200 --selection-pattern '' --response-templates '" + string(q) + "'",
	} {
		r.run(line)
	}
}

const defaultDeployment = `{"statusCode": 200, "message": "default deployment"}`

func TestLSDeploymentsCreateDelete(t *testing.T) {
	for _, manual := range []bool{true, false} {
		name := "test_apigateway_common.py::TestDeployments::test_create_delete_deployments[False]"
		if manual {
			name = strings.Replace(name, "False", "True", 1)
		}
		t.Run(name, func(t *testing.T) {
			r := newLSReplay(t, name)
			r.run("put-method --rest-api-id ls --resource-id / --http-method GET --authorization-type NONE")
			r.run("put-integration --rest-api-id ls --resource-id / --http-method GET --type MOCK")
			args := "--stage-name s1"
			if manual {
				args = ""
			}
			id := r.deploy(args, "<deployment-id:1>")
			if manual {
				r.run("create-stage --rest-api-id ls --stage-name s1 --deployment-id " + id)
			}
			r.match("get-deployment", "get-deployment --rest-api-id ls --deployment-id "+id)
			r.match("get-stages", "get-stages --rest-api-id ls")
			for i := range 3 {
				n := string(rune('0' + i))
				r.match("delete-deployment-error-"+n, "delete-deployment --rest-api-id ls --deployment-id "+id)
				r.run("delete-stage --rest-api-id ls --stage-name s1")
				r.run("delete-deployment --rest-api-id ls --deployment-id " + id)
				id = r.deploy(args, "<id:"+string(rune('1'+i))+">")
				if manual {
					r.run("create-stage --rest-api-id ls --stage-name s1 --deployment-id " + id)
				}
				r.match("get-deployments-"+n, "get-deployments --rest-api-id ls")
				r.match("get-stages-"+n, "get-stages --rest-api-id ls")
			}
		})
	}
}

func TestLSDeploymentsCreateUpdate(t *testing.T) {
	r := newLSReplay(t, "test_apigateway_common.py::TestDeployments::test_create_update_deployments")
	r.run("put-method --rest-api-id ls --resource-id / --http-method GET --authorization-type NONE")
	r.run("put-integration --rest-api-id ls --resource-id / --http-method GET --type MOCK")
	d1 := r.deploy("", "<deployment-id:1>")
	r.run("create-stage --rest-api-id ls --stage-name s1 --deployment-id " + d1)
	r.match("get-deployment-1", "get-deployment --rest-api-id ls --deployment-id "+d1)
	r.match("get-stages", "get-stages --rest-api-id ls")
	r.match("delete-deployment-error", "delete-deployment --rest-api-id ls --deployment-id "+d1)
	d2 := r.deploy("--stage-name s1", "<deployment-id:2>")
	r.match("get-deployment-1-after-update", "get-deployment --rest-api-id ls --deployment-id "+d1)
	r.match("get-deployment-2", "get-deployment --rest-api-id ls --deployment-id "+d2)
	r.match("get-stages-after-update", "get-stages --rest-api-id ls")
	r.match("delete-deployment-1", "delete-deployment --rest-api-id ls --deployment-id "+d1)
	r.match("delete-deployment-2-error", "delete-deployment --rest-api-id ls --deployment-id "+d2)
}

// TestStages' fixture: a MOCK GET /, a deployment, stage s1 (the documentation part and
// version it also makes are not modelled: --documentation-version is kept as given).
func (r *lsReplay) stageFixture() {
	r.t.Helper()
	r.run("put-method --rest-api-id ls --resource-id / --http-method GET --authorization-type NONE")
	r.run("put-integration --rest-api-id ls --resource-id / --http-method GET --type MOCK")
	id := r.deploy("", "<deployment-id:1>")
	r.match("create-stage", `create-stage --rest-api-id ls --stage-name s1 --deployment-id `+id+` --description "my stage" --documentation-version v123`)
}

func TestLSStagesCreateUpdate(t *testing.T) {
	r := newLSReplay(t, "test_apigateway_common.py::TestStages::test_create_update_stages")
	r.stageFixture()
	r.match("error-update-doc-version", "update-stage --rest-api-id ls --stage-name s1 --patch-operations op=replace,path=/documentation_version,value=123")
	r.match("error-update-tags", "update-stage --rest-api-id ls --stage-name s1 --patch-operations op=replace,path=/tags/tag1,value=value1")
	r.match("update-stage", "update-stage --rest-api-id ls --stage-name s1 --patch-operations "+
		`op=replace,path=/description,value="stage new" op=replace,path=/variables/var1,value=test op=replace,path=/variables/var2,value=test2 `+
		"op=replace,path=/*/*/throttling/burstLimit,value=123 op=replace,path=/*/*/caching/enabled,value=true op=replace,path=/tracingEnabled,value=true "+
		"op=replace,path=/test/GET/throttling/burstLimit,value=124")
	r.match("get-stage", "get-stage --rest-api-id ls --stage-name s1")
	r.match("update-stage-override", "update-stage --rest-api-id ls --stage-name s1 --patch-operations op=replace,path=/*/*/throttling/burstLimit,value=100")
}

func TestLSStagesRemoveWildcard(t *testing.T) {
	r := newLSReplay(t, "test_apigateway_common.py::TestStages::test_update_stage_remove_wildcard")
	r.stageFixture()
	r.match("get-stage", "get-stage --rest-api-id ls --stage-name s1")
	r.match("delete-error", "update-stage --rest-api-id ls --stage-name s1 --patch-operations op=remove,path=/*/*")
	r.match("update-stage", "update-stage --rest-api-id ls --stage-name s1 --patch-operations op=replace,path=/*/*/caching/enabled,value=true")
	r.match("update-stage-reset", "update-stage --rest-api-id ls --stage-name s1 --patch-operations op=remove,path=/*/*")
	r.match("get-stage-after-reset", "get-stage --rest-api-id ls --stage-name s1")
}

func TestLSGetStagesFiltersByDeploymentID(t *testing.T) {
	r := newLSReplay(t, "test_apigateway_api.py::TestApiGatewayStage::test_get_stages_filters_by_deployment_id")
	r.forDeployment(defaultDeployment)
	d1 := r.deploy("--stage-name stage1", "<deployment-id:1>")
	d2 := r.deploy("--stage-name stage2", "<deployment-id:2>")
	r.match("all-stages", "get-stages --rest-api-id ls")
	r.match("stages-deploy1", "get-stages --rest-api-id ls --deployment-id "+d1)
	r.match("stages-deploy2", "get-stages --rest-api-id ls --deployment-id "+d2)
}

const canaryTests = "test_apigateway_canary.py::TestStageCrudCanary::"

func TestLSCanaryCreateUpdateStages(t *testing.T) {
	r := newLSReplay(t, canaryTests+"test_create_update_stages")
	r.forDeployment(defaultDeployment)
	d1 := r.deploy("", "<deployment-id:2>")
	r.match("create-deployment-1", "get-deployment --rest-api-id ls --deployment-id "+d1)
	r.run(`update-integration-response --rest-api-id ls --resource-id / --http-method GET --status-code 200 --patch-operations '[{"op": "replace", "path": "/responseTemplates/application~1json", "value": "{\"statusCode\": 200, \"message\": \"second deployment\"}"}]'`)
	d2 := r.deploy("", "<deployment-id:1>")
	r.match("create-deployment-2", "get-deployment --rest-api-id ls --deployment-id "+d2)
	r.match("create-stage", `create-stage --rest-api-id ls --stage-name dev --deployment-id `+d1+` --description "dev stage" --variables testVar=default --canary-settings '{"deploymentId": "`+d2+`", "percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary"}}'`)
	r.match("get-stage", "get-stage --rest-api-id ls --stage-name dev")
	r.match("update-stage-canary-settings-overrides", "update-stage --rest-api-id ls --stage-name dev --patch-operations op=replace,path=/canarySettings/stageVariableOverrides/testVar,value=updated")
	r.match("update-stage-remove-canary-settings", "update-stage --rest-api-id ls --stage-name dev --patch-operations op=remove,path=/canarySettings")
	r.match("get-stage-after-remove", "get-stage --rest-api-id ls --stage-name dev")
}

func TestLSCanaryDeploymentWithStage(t *testing.T) {
	r := newLSReplay(t, canaryTests+"test_create_canary_deployment_with_stage")
	r.forDeployment(defaultDeployment)
	d1 := r.deploy("", "<deployment-id:1>")
	r.match("create-deployment", "get-deployment --rest-api-id ls --deployment-id "+d1)
	r.match("create-stage", `create-stage --rest-api-id ls --stage-name dev --deployment-id `+d1+` --description "dev stage" --variables testVar=default`)
	d2 := r.deploy(`--stage-name dev --canary-settings '{"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary"}}'`, "<deployment-id:2>")
	r.match("create-canary-deployment", "get-deployment --rest-api-id ls --deployment-id "+d2)
	r.match("get-stage", "get-stage --rest-api-id ls --stage-name dev")
}

func TestLSCanaryDeployment(t *testing.T) {
	r := newLSReplay(t, canaryTests+"test_create_canary_deployment")
	r.forDeployment(defaultDeployment)
	d1 := r.deploy("", "<deployment-id:1>")
	r.match("create-deployment", "get-deployment --rest-api-id ls --deployment-id "+d1)
	r.match("create-stage", `create-stage --rest-api-id ls --stage-name dev1 --deployment-id `+d1+` --description "dev stage" --variables testVar=default --canary-settings '{"deploymentId": "`+d1+`", "percentTraffic": 40, "stageVariableOverrides": {"testVar": "canary1"}}'`)
	d2 := r.deploy(`--stage-name dev1 --canary-settings '{"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary2"}}'`, "<deployment-id:2>")
	r.match("create-canary-deployment", "get-deployment --rest-api-id ls --deployment-id "+d2)
	r.match("get-stage-1", "get-stage --rest-api-id ls --stage-name dev1")
	r.match("create-stage-2", `create-stage --rest-api-id ls --stage-name dev2 --deployment-id `+d1+` --description "dev stage" --variables testVar=default --canary-settings '{"deploymentId": "`+d2+`", "percentTraffic": 60, "stageVariableOverrides": {"testVar": "canary-overridden"}}'`)
	r.match("bad-canary-deployment-id", `create-stage --rest-api-id ls --stage-name dev3 --deployment-id `+d1+` --description "dev stage" --canary-settings '{"deploymentId": "deploy"}'`)
}

func TestLSCanaryDeploymentByStageUpdate(t *testing.T) {
	r := newLSReplay(t, canaryTests+"test_create_canary_deployment_by_stage_update")
	r.forDeployment(defaultDeployment)
	d1 := r.deploy("", "<deployment-id:1>")
	r.match("create-deployment", "get-deployment --rest-api-id ls --deployment-id "+d1)
	d2 := r.deploy("", "<deployment-id:2>")
	r.match("create-deployment-2", "get-deployment --rest-api-id ls --deployment-id "+d2)
	r.match("create-stage", `create-stage --rest-api-id ls --stage-name dev --deployment-id `+d1+` --description "dev stage" --variables testVar=default`)
	r.match("update-stage-with-deployment", "update-stage --rest-api-id ls --stage-name dev --patch-operations op=replace,path=/canarySettings/deploymentId,value="+d2)
	r.match("remove-stage-canary", "update-stage --rest-api-id ls --stage-name dev --patch-operations op=remove,path=/canarySettings")
	r.match("update-stage-with-percent", "update-stage --rest-api-id ls --stage-name dev --patch-operations op=replace,path=/canarySettings/percentTraffic,value=50")
	r.match("get-stage", "get-stage --rest-api-id ls --stage-name dev")
}

func TestLSCanaryDeploymentValidation(t *testing.T) {
	r := newLSReplay(t, canaryTests+"test_create_canary_deployment_validation")
	r.forDeployment(defaultDeployment)
	cs := ` --canary-settings '{"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary"}}'`
	r.match("create-canary-deployment-no-stage", "create-deployment --rest-api-id ls"+cs)
	r.match("create-canary-deployment-empty-stage", "create-deployment --rest-api-id ls --stage-name ''"+cs)
	r.match("create-canary-deployment-non-existing-stage", "create-deployment --rest-api-id ls --stage-name non-existing"+cs)
}

func TestLSCanaryUpdateStageValidation(t *testing.T) {
	r := newLSReplay(t, canaryTests+"test_update_stage_canary_deployment_validation")
	r.forDeployment(defaultDeployment)
	r.deploy("--stage-name dev", "<deployment-id:1>")
	r.match("get-stage", "get-stage --rest-api-id ls --stage-name dev")
	r.run(`create-deployment --rest-api-id ls --stage-name dev --canary-settings '{"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary"}}'`)
	up := "update-stage --rest-api-id ls --stage-name dev --patch-operations "
	r.match("update-stage-canary-settings-remove-overrides", up+"op=remove,path=/canarySettings/stageVariableOverrides")
	r.match("update-stage-canary-settings-bad-path", up+"op=remove,path=/canarySettings/badPath")
	r.match("update-stage-canary-settings-bad-path-2", up+"op=replace,path=/canarySettings,value=test")
	r.match("update-stage-canary-settings-replace-bad-path", up+"op=replace,path=/canarySettings/badPath,value=badPath")
	d2 := r.run("create-deployment --rest-api-id ls --stage-name dev2")["id"].(string)
	up2 := "update-stage --rest-api-id ls --stage-name dev2 --patch-operations "
	r.match("update-stage-add-deployment", up2+"op=add,path=/canarySettings/deploymentId,value="+d2)
	r.match("update-stage-no-deployment", up2+"op=replace,path=/canarySettings/deploymentId,value=deploy")
}

func TestLSCanaryUpdateStageWithCopyOps(t *testing.T) {
	r := newLSReplay(t, canaryTests+"test_update_stage_with_copy_ops")
	r.forDeployment(defaultDeployment)
	d1 := r.deploy("--stage-name dev --variables testVar=test,testVar2=test2", "<deployment-id:1>")
	r.match("deployment-1", "get-deployment --rest-api-id ls --deployment-id "+d1)
	up := "update-stage --rest-api-id ls --stage-name dev --patch-operations "
	r.match("copy-with-bad-statement", up+"op=copy,path=/canarySettings/stageVariableOverrides,from=/variables op=copy,path=/canarySettings/deploymentId,from=/deploymentId")
	r.match("copy-with-no-replace", up+"op=copy,from=/canarySettings/stageVariableOverrides,path=/variables op=copy,from=/canarySettings/deploymentId,path=/deploymentId")
	promote := up + "op=replace,value=0.0,path=/canarySettings/percentTraffic op=copy,from=/canarySettings/deploymentId,path=/deploymentId op=copy,from=/canarySettings/stageVariableOverrides,path=/variables"
	r.match("update-stage-with-copy", promote)
	d2 := r.deploy(`--stage-name dev --canary-settings '{"percentTraffic": 50, "stageVariableOverrides": {"testVar": "override"}}'`, "<deployment-id:2>")
	r.match("deployment-canary", "get-deployment --rest-api-id ls --deployment-id "+d2)
	r.match("get-stage", "get-stage --rest-api-id ls --stage-name dev")
	r.match("update-stage-with-copy-2", promote)
}

// TestCanaryDeployments::test_invoking_canary_deployment, step by step through the verbs
// (lscases_test.go replays it on a workspace file): 0 % goes to the deployment, 100 %
// to the canary, with its stage variable overrides and $context.isCanaryRequest.
func TestLSInvokingCanaryDeploymentByVerbs(t *testing.T) {
	r := newLSReplay(t, "test_apigateway_canary.py::TestCanaryDeployments::test_invoking_canary_deployment")
	tpl := func(msg string) string {
		return `{"statusCode": 200, "message": "` + msg + `", "variable": "$stageVariables.testVar", "nonExistingDefault": "$stageVariables.noStageVar", "nonOverridden": "$stageVariables.defaultVar", "isCanary": "$context.isCanaryRequest"}`
	}
	r.forDeployment(tpl("default deployment"))
	d1 := r.deploy("--stage-name dev --variables testVar=default,defaultVar=default", "<deployment-id:2>")
	r.match("create-deployment-1", "get-deployment --rest-api-id ls --deployment-id "+d1)
	q, _ := json.Marshal([]map[string]string{{"op": "replace", "path": "/responseTemplates/application~1json", "value": tpl("canary deployment")}})
	r.run("update-integration-response --rest-api-id ls --resource-id / --http-method GET --status-code 200 --patch-operations '" + string(q) + "'")
	d2 := r.deploy(`--stage-name dev --canary-settings '{"percentTraffic": 0, "stageVariableOverrides": {"testVar": "canary", "noStageVar": "canary"}}'`, "<deployment-id:1>")
	r.match("create-deployment-2", "get-deployment --rest-api-id ls --deployment-id "+d2)
	call := func(key string) {
		t.Helper()
		resp := r.g.Invoke(&Request{API: "ls", Method: "GET", Path: "/dev/"})
		var got, want any
		if err := json.Unmarshal([]byte(resp.Body), &got); err != nil {
			t.Fatalf("%s: %d %s", key, resp.Status, resp.Body)
		}
		_ = json.Unmarshal(r.recorded(key), &want)
		if resp.Status != 200 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d %s, want %s", key, resp.Status, resp.Body, r.recorded(key))
		}
	}
	call("response-deployment-1")
	r.match("update-stage", "update-stage --rest-api-id ls --stage-name dev --patch-operations op=replace,path=/canarySettings/percentTraffic,value=100.0")
	call("response-canary-deployment")
}

// createMatch runs line (a create verb), names the id it answers placeholder and compares
// the answer with the recorded body named key (key "": no recording).
func (r *lsReplay) createMatch(key, line, placeholder string) string {
	r.t.Helper()
	out, err := r.g.Exec(line)
	if err != nil {
		r.t.Fatalf("%s: %v", line, err)
	}
	var m map[string]any
	_ = json.Unmarshal([]byte(out), &m)
	id, _ := m["id"].(string)
	r.names[id] = placeholder
	if key == "" {
		return id
	}
	var want any
	_ = json.Unmarshal(r.recorded(key), &want)
	if got := r.normalise(m, ""); !reflect.DeepEqual(got, want) {
		r.t.Errorf("%s: got %s, want %s", key, out, r.recorded(key))
	}
	return id
}

const apiStageTests = "test_apigateway_api.py::TestApiGatewayStage::"

func TestLSStageAccessLogSettings(t *testing.T) {
	r := newLSReplay(t, apiStageTests+"test_stage_access_log_settings")
	r.forDeployment(defaultDeployment)
	id := r.createMatch("create-deployment", "create-deployment --rest-api-id ls", "<id:1>")
	r.match("create-stage", `create-stage --rest-api-id ls --stage-name dev --deployment-id `+id+` --description "dev stage"`)
	up := "update-stage --rest-api-id ls --stage-name dev --patch-operations "
	r.match("update-stage-access-log-dest-add", up+"op=add,path=/accessLogSettings/destinationArn,value=<log-group-arn>")
	r.match("update-stage-access-log-dest-replace", up+"op=replace,path=/accessLogSettings/destinationArn,value=<log-group-arn>a")
	r.match("update-stage-access-log-format-add", up+`'op=add,path=/accessLogSettings/format,value=$context.requestId $context.identity.sourceIp'`)
	r.match("update-stage-access-log-remove-all", up+"op=remove,path=/accessLogSettings")
}

func TestLSStageAccessLogSettingsValidation(t *testing.T) {
	r := newLSReplay(t, apiStageTests+"test_stage_access_log_settings_validation")
	r.forDeployment(defaultDeployment)
	id := r.createMatch("create-deployment", "create-deployment --rest-api-id ls", "<id:1>")
	r.match("create-stage", `create-stage --rest-api-id ls --stage-name dev --deployment-id `+id+` --description "dev stage"`)
	up := "update-stage --rest-api-id ls --stage-name dev --patch-operations "
	for _, op := range []string{"add", "replace", "remove"} {
		r.match("invalid-path-"+op, up+"op="+op+",path=/accessLogSettings/randomValue,value=updated")
		r.match("star-and-"+op, up+"op="+op+",path=/accessLogSettings/*,value=updated")
	}
	for _, op := range []string{"add", "replace"} {
		r.match("root-and-"+op, up+"op="+op+",path=/accessLogSettings,value=test")
	}
	r.match("update-stage-access-log-dest-add", up+"op=add,path=/accessLogSettings/destinationArn,value=<log-group-arn>")
	for _, p := range []string{"destinationArn", "format"} {
		r.match("update-stage-access-log-"+p+"-empty", up+"op=replace,path=/accessLogSettings/"+p+",value=")
	}
	r.match("update-stage-access-log-dest-remove", up+"op=remove,path=/accessLogSettings/destinationArn")
}
