package engine

import (
	"apigwlab/engine/gwresponse"
	"apigwlab/engine/model"
)

// step is one pipeline stage: it reads and updates the call, appends its hop to the trace,
// and may answer early by returning a gateway response error.
type step struct {
	name    string
	run     func(c *call) *gwresponse.Error
	applies func(m *method) bool // nil: always
	// notInTest: test-invoke-method leaves the step out. AWS's TestInvokeMethod runs the
	// method "without authorization" (no resource policy, IAM, authorizer or API key) and
	// outside any stage, so no stage throttle or stage cache.
	notInTest bool
}

// pipeline is API Gateway's order of work after routing (DESIGN.md "The pipeline"):
// resource policy → route → auth → API key & usage plan → throttling → request validation →
// cache → request mapping → integration → response mapping. Routing runs first in Invoke,
// since the method decides the rest. Stages that later issues add (auth, keys, throttling,
// validation, cache) slot into this list; a stage that does not apply to a method is left
// out of that method's compiled list, so it costs nothing.
var pipeline = []step{
	{name: "resource policy", run: resourcePolicyStep, applies: needsPolicyCheck, notInTest: true},
	{name: "iam", run: iamStep, applies: usesIAM, notInTest: true},
	{name: "authorizer", run: authorizerStep, applies: hasAuthorizer, notInTest: true},
	{name: "authorizer", run: cognitoStep, applies: hasCognito, notInTest: true},
	{name: "resource policy", run: cognitoPolicyStep, applies: needsCognitoPolicy, notInTest: true},
	{name: "api key", run: apiKeyStep, applies: requiresKey, notInTest: true},
	{name: "throttle", run: throttleStep, notInTest: true},
	{name: "validate", run: validateStep, applies: hasValidator},
	{name: "cache", run: cacheLookup, notInTest: true},
	{name: "integration request", run: integrationRequest, applies: nonProxy},
	{name: "integration", run: integrate},
	{name: "integration response", run: integrationResponseStep, applies: nonProxy},
}

func nonProxy(m *method) bool {
	t := m.integ.Type
	return t != model.IntegrationAWSProxy && t != model.IntegrationHTTPProxy
}

// stepsFor compiles the pipeline for one method.
func stepsFor(m *method) []step {
	var out []step
	for _, s := range pipeline {
		if s.applies == nil || s.applies(m) {
			out = append(out, s)
		}
	}
	return out
}
