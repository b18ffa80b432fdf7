package engine

import (
	"slices"
	"strings"
	"testing"
)

func TestEveryVerbListsItsFlags(t *testing.T) {
	for _, v := range restVerbs() {
		if _, ok := verbFlags[v]; !ok {
			t.Errorf("verb %s has no entry in verbFlags: every option it takes would be refused", v)
		}
	}
	for v := range verbFlags {
		if !slices.Contains(restVerbs(), v) {
			t.Errorf("verbFlags lists %s, which restVerbs() does not", v)
		}
	}
	for _, v := range V2Verbs() {
		if _, ok := v2VerbFlags[v]; !ok {
			t.Errorf("apigatewayv2 verb %s has no entry in v2VerbFlags", v)
		}
		if !slices.Contains(Verbs(), v) {
			t.Errorf("Verbs() does not list apigatewayv2's %s", v)
		}
	}
	for v := range v2VerbFlags {
		if v2Verbs[v] == nil {
			t.Errorf("v2VerbFlags lists %s, which v2Verbs does not", v)
		}
	}
}

// Issue 15 bug 4: a misspelt option used to be swallowed and the command run without it.
func TestUnknownOptionsRefusedAsTheAWSCLIDoes(t *testing.T) {
	tests := []struct{ line, want string }{
		{"create-deployment --stage-name prod --canary-setings percentTraffic=10",
			"Unknown options: --canary-setings, percentTraffic=10 (did you mean --canary-settings?); usage: create-deployment --rest-api-id … --stage-name … --description … --canary-settings …"},
		{"get-stage --stage-name prod --bogus-flag 1", "Unknown options: --bogus-flag, 1; usage: get-stage"},
		{"get-stage --stage-name prod --stage=prod", "Unknown options: --stage=prod (did you mean --stage-name?)"},
		{"set-function --function-name listPets --latencey 3s", "(did you mean --latency?)"},
		{"get-stag --stage-name prod", `unknown command "get-stag" (did you mean get-stage?)`},
	}
	for _, tt := range tests {
		g := newGateway(t, petsWorkspace())
		before := mustExec(t, g, "get-deployments")
		_, err := g.Exec(tt.line)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Exec(%q) = %v, want error containing %q", tt.line, err, tt.want)
		}
		if after := mustExec(t, g, "get-deployments"); after != before {
			t.Errorf("Exec(%q) was refused but still deployed:\n%s", tt.line, after)
		}
	}
}

func TestGlobalOptionsAccepted(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	mustExec(t, g, "aws apigateway get-stage --rest-api-id pets --stage-name prod --region us-east-1 --output json --no-cli-pager")
}
