package engine

import "testing"

// put-integration-response refuses a header mapping its method response does not declare,
// with AWS's BadRequestException (user-posted AWS errors, docs/fidelity.md "Mapping
// expressions the control plane refuses").
func TestPutIntegrationResponseRefusesUndeclaredHeaders(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	mustExec(t, g, "put-method-response --rest-api-id pets --resource-id /mock --http-method GET --status-code 200")
	for _, tt := range []struct{ status, want string }{
		{"200", "BadRequestException: Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.response.header.X-Nope]"},
		{"404", "BadRequestException: Invalid mapping expression specified: Validation Result: warnings : [], errors : [No method response exists for method.]"},
	} {
		_, err := g.Exec(`put-integration-response --rest-api-id pets --resource-id /mock --http-method GET --status-code ` + tt.status +
			` --selection-pattern x --response-parameters '{"method.response.header.X-Nope":"'"'"'v'"'"'"}'`)
		if err == nil || err.Error() != tt.want {
			t.Errorf("status %s: %v\nwant %s", tt.status, err, tt.want)
		}
	}
	// declared: accepted
	mustExec(t, g, `put-method-response --rest-api-id pets --resource-id /mock --http-method GET --status-code 200 --response-parameters '{"method.response.header.X-Ok":false}'`)
	mustExec(t, g, `put-integration-response --rest-api-id pets --resource-id /mock --http-method GET --status-code 200 --response-parameters '{"method.response.header.X-Ok":"'"'"'v'"'"'"}'`)
}
