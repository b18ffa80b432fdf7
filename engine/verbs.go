package engine

import (
	"fmt"
	"slices"
	"strings"

	"apigwlab/engine/names"
)

// verbFlags lists the options each control-plane verb takes, as the AWS CLI names them
// (without "--"), in the order its usage line shows them. A verb missing here takes no
// options; TestEveryVerbListsItsFlags keeps this table and Exec's switch together.
var verbFlags = map[string][]string{
	"create-deployment":             {"rest-api-id", "stage-name", "description", "canary-settings", "variables"},
	"create-usage-plan-key":         {"usage-plan-id", "key-id", "key-type"},
	"delete-usage-plan-key":         {"usage-plan-id", "key-id"},
	"flush-stage-authorizers-cache": {"rest-api-id", "stage-name"},
	"flush-stage-cache":             {"rest-api-id", "stage-name"},
	"get-deployments":               {"rest-api-id"},
	"get-stage":                     {"rest-api-id", "stage-name"},
	"get-usage":                     {"usage-plan-id", "start-date", "end-date", "key-id"},
	"set-function": {"function-name", "qualifier", "latency", "returns", "error", "error-type", "clear-error",
		"echo", "timeout", "reserved-concurrency"},
	"update-api-key":    {"api-key", "patch-operations"},
	"update-authorizer": {"rest-api-id", "authorizer-id", "patch-operations"},
	"update-stage":      {"rest-api-id", "stage-name", "patch-operations"},
	"update-usage-plan": {"usage-plan-id", "patch-operations"},
	// Lambda resource-based policy (permissions.go)
	"add-permission": {"function-name", "statement-id", "action", "principal", "source-arn", "source-account",
		"qualifier"},
	"remove-permission": {"function-name", "statement-id", "qualifier"},
	"get-policy":        {"function-name", "qualifier"},
	// the definition verbs (control_resources.go)
	"get-resources":   {"rest-api-id"},
	"create-resource": {"rest-api-id", "parent-id", "path-part"},
	"put-method": {"rest-api-id", "resource-id", "http-method", "authorization-type", "authorizer-id",
		"api-key-required", "no-api-key-required", "operation-name", "request-parameters", "request-models",
		"request-validator-id", "authorization-scopes"},
	"update-method":       {"rest-api-id", "resource-id", "http-method", "patch-operations"},
	"delete-method":       {"rest-api-id", "resource-id", "http-method"},
	"get-method":          {"rest-api-id", "resource-id", "http-method"},
	"put-method-response": {"rest-api-id", "resource-id", "http-method", "status-code", "response-parameters", "response-models"},
	"put-integration": {"rest-api-id", "resource-id", "http-method", "type", "integration-http-method", "uri",
		"request-parameters", "request-templates", "passthrough-behavior", "timeout-in-millis", "content-handling",
		"cache-namespace", "cache-key-parameters", "connection-type", "connection-id"},
	"update-integration": {"rest-api-id", "resource-id", "http-method", "patch-operations"},
	"delete-integration": {"rest-api-id", "resource-id", "http-method"},
	"get-integration":    {"rest-api-id", "resource-id", "http-method"},
	"get-resource":       {"rest-api-id", "resource-id", "embed"},
	"delete-resource":    {"rest-api-id", "resource-id"},
	// authorizers, models, request validators, gateway responses (control_defs.go)
	"create-authorizer": {"rest-api-id", "name", "type", "provider-arns", "auth-type", "authorizer-uri",
		"authorizer-credentials", "identity-source", "identity-validation-expression", "authorizer-result-ttl-in-seconds"},
	"get-authorizer":           {"rest-api-id", "authorizer-id"},
	"get-authorizers":          {"rest-api-id", "position", "limit"},
	"delete-authorizer":        {"rest-api-id", "authorizer-id"},
	"create-model":             {"rest-api-id", "name", "description", "schema", "content-type"},
	"get-model":                {"rest-api-id", "model-name", "flatten"},
	"get-models":               {"rest-api-id", "position", "limit"},
	"update-model":             {"rest-api-id", "model-name", "patch-operations"},
	"delete-model":             {"rest-api-id", "model-name"},
	"create-request-validator": {"rest-api-id", "name", "validate-request-body", "validate-request-parameters"},
	"get-request-validator":    {"rest-api-id", "request-validator-id"},
	"get-request-validators":   {"rest-api-id", "position", "limit"},
	"update-request-validator": {"rest-api-id", "request-validator-id", "patch-operations"},
	"delete-request-validator": {"rest-api-id", "request-validator-id"},
	"put-gateway-response":     {"rest-api-id", "response-type", "status-code", "response-parameters", "response-templates"},
	"get-gateway-response":     {"rest-api-id", "response-type"},
	"get-gateway-responses":    {"rest-api-id", "position", "limit"},
	"update-gateway-response":  {"rest-api-id", "response-type", "patch-operations"},
	"delete-gateway-response":  {"rest-api-id", "response-type"},
	"create-stage": {"rest-api-id", "stage-name", "deployment-id", "description", "cache-cluster-enabled",
		"cache-cluster-size", "variables", "documentation-version", "canary-settings", "tracing-enabled", "tags"},
	"delete-stage":    {"rest-api-id", "stage-name"},
	"create-rest-api": {"name", "description", "version", "api-key-source", "binary-media-types", "tags"},
	"import-rest-api": {"body", "fail-on-warnings", "no-fail-on-warnings", "parameters"},
	"put-rest-api":    {"rest-api-id", "body", "mode", "fail-on-warnings", "no-fail-on-warnings", "parameters"},
	"get-rest-apis":   {"position", "limit"},
	// @connections (control_ws.go): --endpoint-url is the AWS CLI's global option; --api-id
	// and --stage-name are apigwlab's shorter spelling of it
	"post-to-connection":  {"connection-id", "data", "api-id", "stage-name"},
	"get-connection":      {"connection-id", "api-id", "stage-name"},
	"delete-connection":   {"connection-id", "api-id", "stage-name"},
	"get-rest-api":        {"rest-api-id"},
	"delete-rest-api":     {"rest-api-id"},
	"get-stages":          {"rest-api-id", "deployment-id"},
	"create-api-key":      {"name", "description", "enabled", "value", "generate-distinct-id", "customer-id", "stage-keys"},
	"get-api-keys":        {"position", "limit", "name-query", "include-values", "customer-id"},
	"get-api-key":         {"api-key", "include-value"},
	"delete-api-key":      {"api-key"},
	"create-usage-plan":   {"name", "description", "api-stages", "throttle", "quota"},
	"get-usage-plans":     {"position", "limit", "key-id"},
	"get-usage-plan":      {"usage-plan-id"},
	"delete-usage-plan":   {"usage-plan-id"},
	"get-usage-plan-keys": {"usage-plan-id", "position", "limit", "name-query"},
	"get-export":          {"rest-api-id", "stage-name", "export-type", "parameters", "accepts", "extensions"},
	"test-invoke-method": {"rest-api-id", "resource-id", "http-method", "path-with-query-string", "body", "headers",
		"multi-value-headers", "stage-variables", "client-certificate-id"},
	"put-integration-response": {"rest-api-id", "resource-id", "http-method", "status-code", "selection-pattern",
		"response-parameters", "response-templates", "content-handling"},
	// control_update.go
	"update-rest-api":             {"rest-api-id", "patch-operations"},
	"update-resource":             {"rest-api-id", "resource-id", "patch-operations"},
	"get-method-response":         {"rest-api-id", "resource-id", "http-method", "status-code"},
	"update-method-response":      {"rest-api-id", "resource-id", "http-method", "status-code", "patch-operations"},
	"delete-method-response":      {"rest-api-id", "resource-id", "http-method", "status-code"},
	"get-integration-response":    {"rest-api-id", "resource-id", "http-method", "status-code"},
	"update-integration-response": {"rest-api-id", "resource-id", "http-method", "status-code", "patch-operations"},
	"delete-integration-response": {"rest-api-id", "resource-id", "http-method", "status-code"},
	"get-deployment":              {"rest-api-id", "deployment-id", "embed"},
	"update-deployment":           {"rest-api-id", "deployment-id", "patch-operations"},
	"delete-deployment":           {"rest-api-id", "deployment-id"},
	"test-invoke-authorizer": {"rest-api-id", "authorizer-id", "headers", "multi-value-headers", "path-with-query-string",
		"body", "stage-variables", "additional-context"},
	"tag-resource":   {"resource-arn", "tags"},
	"untag-resource": {"resource-arn", "tag-keys"},
	"get-tags":       {"resource-arn", "position", "limit"},
	// control_docs.go
	"create-documentation-part":    {"rest-api-id", "location", "properties"},
	"get-documentation-parts":      {"rest-api-id", "type", "name-query", "path", "location-status", "position", "limit"},
	"get-documentation-part":       {"rest-api-id", "documentation-part-id"},
	"update-documentation-part":    {"rest-api-id", "documentation-part-id", "patch-operations"},
	"delete-documentation-part":    {"rest-api-id", "documentation-part-id"},
	"create-documentation-version": {"rest-api-id", "documentation-version", "stage-name", "description"},
	"get-documentation-versions":   {"rest-api-id", "position", "limit"},
	"get-documentation-version":    {"rest-api-id", "documentation-version"},
	"update-documentation-version": {"rest-api-id", "documentation-version", "patch-operations"},
	"delete-documentation-version": {"rest-api-id", "documentation-version"},
	"import-documentation-parts":   {"rest-api-id", "body", "mode", "fail-on-warnings", "no-fail-on-warnings"},
}

// v2VerbFlags lists the options of the apigatewayv2 verbs (control_v2.go), as `aws
// apigatewayv2` names them. A name apigateway has too (get-stages, update-stage,
// create-deployment, …) is told apart by its options: v2Wanted.
var v2VerbFlags = map[string][]string{
	"get-apis": {"max-results", "next-token"},
	"get-api":  {"api-id"},
	"create-api": {"name", "protocol-type", "description", "target", "route-key", "cors-configuration", "disable-execute-api-endpoint", "no-disable-execute-api-endpoint",
		"route-selection-expression", "api-key-selection-expression"},
	"delete-api": {"api-id"},
	"update-api": {"api-id", "name", "description", "cors-configuration", "disable-execute-api-endpoint", "no-disable-execute-api-endpoint",
		"route-selection-expression", "api-key-selection-expression"},
	"get-routes": {"api-id", "max-results", "next-token"},
	"get-route":  {"api-id", "route-id"},
	"create-route": {"api-id", "route-key", "target", "authorization-type", "authorizer-id", "authorization-scopes",
		"operation-name", "route-response-selection-expression", "api-key-required", "no-api-key-required", "model-selection-expression", "request-models"},
	"update-route": {"api-id", "route-id", "route-key", "target", "authorization-type", "authorizer-id",
		"authorization-scopes", "operation-name", "route-response-selection-expression", "api-key-required", "no-api-key-required",
		"model-selection-expression", "request-models"},
	"delete-route":     {"api-id", "route-id"},
	"get-integrations": {"api-id", "max-results", "next-token"},
	"get-integration":  {"api-id", "integration-id"},
	"create-integration": {"api-id", "integration-type", "integration-uri", "integration-method", "payload-format-version",
		"timeout-in-millis", "request-parameters", "response-parameters", "connection-type", "request-templates",
		"template-selection-expression", "passthrough-behavior", "integration-response-selection-expression", "content-handling-strategy"},
	"update-integration": {"api-id", "integration-id", "integration-type", "integration-uri", "integration-method",
		"payload-format-version", "timeout-in-millis", "request-parameters", "response-parameters", "connection-type",
		"request-templates", "template-selection-expression", "passthrough-behavior", "integration-response-selection-expression",
		"content-handling-strategy"},
	"delete-integration": {"api-id", "integration-id"},
	"get-stages":         {"api-id", "max-results", "next-token"},
	"get-stage":          {"api-id", "stage-name"},
	"create-stage": {"api-id", "stage-name", "description", "auto-deploy", "no-auto-deploy", "deployment-id",
		"stage-variables", "default-route-settings", "route-settings", "access-log-settings"},
	"update-stage": {"api-id", "stage-name", "description", "auto-deploy", "no-auto-deploy", "deployment-id",
		"stage-variables", "default-route-settings", "route-settings", "access-log-settings"},
	"delete-stage":      {"api-id", "stage-name"},
	"create-deployment": {"api-id", "stage-name", "description"},
	"get-deployments":   {"api-id", "max-results", "next-token"},
	"get-deployment":    {"api-id", "deployment-id"},
	"get-authorizers":   {"api-id", "max-results", "next-token"},
	"get-authorizer":    {"api-id", "authorizer-id"},
	"create-authorizer": {"api-id", "name", "authorizer-type", "identity-source", "jwt-configuration", "authorizer-uri",
		"authorizer-payload-format-version", "authorizer-result-ttl-in-seconds", "enable-simple-responses",
		"no-enable-simple-responses", "authorizer-credentials-arn", "identity-validation-expression"},
	"update-authorizer": {"api-id", "authorizer-id", "name", "authorizer-type", "identity-source", "jwt-configuration",
		"authorizer-uri", "authorizer-payload-format-version", "authorizer-result-ttl-in-seconds", "enable-simple-responses",
		"no-enable-simple-responses", "authorizer-credentials-arn", "identity-validation-expression"},
	"delete-authorizer": {"api-id", "authorizer-id"},
	"create-integration-response": {"api-id", "integration-id", "integration-response-key", "response-templates",
		"template-selection-expression", "response-parameters", "content-handling-strategy"},
	"get-integration-responses": {"api-id", "integration-id", "max-results", "next-token"},
	"get-integration-response":  {"api-id", "integration-id", "integration-response-id"},
	"update-integration-response": {"api-id", "integration-id", "integration-response-id", "integration-response-key",
		"response-templates", "template-selection-expression", "response-parameters", "content-handling-strategy"},
	"delete-integration-response": {"api-id", "integration-id", "integration-response-id"},
	"create-route-response": {"api-id", "route-id", "route-response-key", "model-selection-expression", "response-models",
		"response-parameters"},
	"get-route-responses": {"api-id", "route-id", "max-results", "next-token"},
	"get-route-response":  {"api-id", "route-id", "route-response-id"},
	"update-route-response": {"api-id", "route-id", "route-response-id", "route-response-key", "model-selection-expression",
		"response-models", "response-parameters"},
	"delete-route-response": {"api-id", "route-id", "route-response-id"},
	"create-model":          {"api-id", "name", "schema", "content-type", "description"},
	"get-models":            {"api-id", "max-results", "next-token"},
	"get-model":             {"api-id", "model-id"},
	"update-model":          {"api-id", "model-id", "name", "schema", "content-type", "description"},
	"delete-model":          {"api-id", "model-id"},
	"export-api": {"api-id", "specification", "output-type", "stage-name", "include-extensions", "no-include-extensions",
		"export-version"},
	"import-api":   {"body", "basepath", "fail-on-warnings", "no-fail-on-warnings"},
	"reimport-api": {"api-id", "body", "basepath", "fail-on-warnings", "no-fail-on-warnings"},
}

// globalFlags are the AWS CLI's global options: accepted on every verb and ignored, so a
// command copied from a shell (--region us-east-1 --output json) runs unchanged.
// Source: aws/aws-cli awscli/data/cli.json "options".
var globalFlags = []string{"debug", "endpoint-url", "no-verify-ssl", "no-paginate", "output", "query", "profile",
	"region", "version", "color", "no-sign-request", "ca-bundle", "cli-read-timeout", "cli-connect-timeout",
	"cli-binary-format", "no-cli-pager", "cli-auto-prompt", "no-cli-auto-prompt"}

// Flags returns the options verb takes (without "--"), for usage lines and completion; for
// a verb both services have, apigateway's (V2Flags gives apigatewayv2's).
func Flags(verb string) []string { return slices.Clone(flagsOf(verbFlags, verb)) }

// V2Flags returns the options of an apigatewayv2 verb.
func V2Flags(verb string) []string { return slices.Clone(v2VerbFlags[verb]) }

// flagsOf is a verb's options in table, or apigatewayv2's for a verb only it has.
func flagsOf(table map[string][]string, verb string) []string {
	if fl, ok := table[verb]; ok {
		return fl
	}
	return v2VerbFlags[verb]
}

// Usage is a verb's one-line synopsis: "get-stage --rest-api-id … --stage-name …".
func Usage(verb string) string { return usageIn(verbFlags, verb) }

// V2Usage is an apigatewayv2 verb's synopsis: "get-stage --api-id … --stage-name …".
func V2Usage(verb string) string { return usageIn(v2VerbFlags, verb) }

func usageIn(table map[string][]string, verb string) string {
	var b strings.Builder
	b.WriteString(verb)
	for _, f := range flagsOf(table, verb) {
		b.WriteString(" --" + f + " …")
	}
	return b.String()
}

// checkFlags refuses options the verb does not take, as the AWS CLI does: it names every
// word it could not place ("Unknown options: --canary-setings, percentTraffic=10", from
// awscli/clidriver.py ServiceOperation.__call__: "Unknown options: " + ", ".join(remaining))
// and adds the option the user probably meant.
func checkFlags(verb string, args []string) error { return checkFlagsIn(verbFlags, verb, args) }

func checkFlagsIn(table map[string][]string, verb string, args []string) error {
	known := flagsOf(table, verb)
	var unknown []string
	var hint string
	inUnknown := false
	for _, a := range args {
		if !strings.HasPrefix(a, "--") {
			if inUnknown {
				unknown = append(unknown, a)
			}
			continue
		}
		name, _, _ := strings.Cut(a[2:], "=")
		inUnknown = !slices.Contains(known, name) && !slices.Contains(globalFlags, name)
		if inUnknown {
			unknown = append(unknown, a)
			if s := names.Suggest(name, known); s != "" && hint == "" {
				hint = fmt.Sprintf(" (did you mean --%s?)", s)
			}
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	return fmt.Errorf("Unknown options: %s%s; usage: %s", strings.Join(unknown, ", "), hint, usageIn(table, verb))
}
