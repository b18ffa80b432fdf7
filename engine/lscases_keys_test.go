package engine

import (
	"encoding/json"
	"testing"

	"apigwlab/engine/wire"
)

// test_api_key_required_for_methods (LocalStack's test_apigateway_common.py, recorded
// against AWS): a method requiring an API key, a usage plan on its stage, a key in the plan.
// Without the key 403; with it 200; once the key is disabled 403. The answers are AWS's but
// for what apigwlab does not keep: the plan's tags (--tags is not taken) and the key's
// createdDate and lastUpdatedDate.
func TestLSAPIKeyRequiredForMethods(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: test API key
    id: abcdef1234
    apiKeySource: HEADER
    resources:
      /test:
        GET:
          apiKeyRequired: true
          methodResponses: [{statusCode: "200"}]
          integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200", selectionPattern: ""}]}
    stages: [{stageName: dev}]
`)
	out := mustExec(t, g, `create-usage-plan --name test-plan --description 'Test Usage Plan for API key' --quota limit=10,period=DAY,offset=0 --throttle rateLimit=2,burstLimit=1 --api-stages apiId=abcdef1234,stage=dev`)
	var plan struct{ ID string }
	json.Unmarshal([]byte(out), &plan)
	if !jsonEqual(t, out, `{"apiStages": [{"apiId": "abcdef1234", "stage": "dev"}], "description": "Test Usage Plan for API key", "id": "`+plan.ID+`",
		"name": "test-plan", "quota": {"limit": 10, "offset": 0, "period": "DAY"}, "throttle": {"burstLimit": 1, "rateLimit": 2.0}}`) {
		t.Errorf("create-usage-plan: %s", out)
	}
	out = mustExec(t, g, "create-api-key --name testApiKey --enabled")
	var key struct{ ID, Value string }
	json.Unmarshal([]byte(out), &key)
	if len(key.Value) != 40 || !jsonEqual(t, out, `{"enabled": true, "id": "`+key.ID+`", "name": "testApiKey", "stageKeys": [], "value": "`+key.Value+`"}`) {
		t.Errorf("create-api-key: %s", out)
	}
	lsExecJSON(t, g, "create-usage-plan-key", "create-usage-plan-key --usage-plan-id "+plan.ID+" --key-id "+key.ID+" --key-type API_KEY",
		`{"id": "<id:2>", "name": "testApiKey", "type": "API_KEY", "value": "<value:1>"}`, "<id:2>", key.ID, "<value:1>", key.Value)
	get := func(withKey bool) int {
		r := &Request{Method: "GET", Path: "/dev/test"}
		if withKey {
			r.Header = wire.Headers{{Name: "x-api-key", Value: key.Value}}
		}
		return g.Invoke(r).Status
	}
	if a, b := get(false), get(true); a != 403 || b != 200 {
		t.Errorf("without the key %d, with it %d; want 403, 200", a, b)
	}
	out = mustExec(t, g, "update-api-key --api-key "+key.ID+" --patch-operations op=replace,path=/enabled,value=false")
	if !jsonEqual(t, out, `{"enabled": false, "id": "`+key.ID+`", "name": "testApiKey", "stageKeys": []}`) {
		t.Errorf("update-api-key: %s", out)
	}
	if s := get(true); s != 403 {
		t.Errorf("disabled key: %d, want 403", s)
	}
}
