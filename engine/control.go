package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
	"apigwlab/engine/names"
)

// Exec runs one control-plane command written as the AWS CLI writes it, without the
// "aws apigateway" prefix: create-deployment, update-stage (with patch operations),
// get-stage, get-deployments, and set-function for the simulated Lambda functions. The
// TUI palette, scenario events and lab steps all come through here, so what a learner
// types is what they would type in a shell. It returns what the AWS CLI would print (JSON).
func (g *Gateway) Exec(line string) (string, error) {
	args, err := splitArgs(line)
	if err != nil {
		return "", err
	}
	service := awsService(args)
	args = trimAWSPrefix(args)
	if len(args) == 0 {
		return "", fmt.Errorf("empty command: try %s", strings.Join(Verbs(), ", "))
	}
	verb, flags, err := parseFlags(args)
	if err != nil {
		return "", err
	}
	if !slices.Contains(Verbs(), verb) {
		hint := ""
		if s := names.Suggest(verb, Verbs()); s != "" && names.Distance(verb, s) <= 2 {
			hint = fmt.Sprintf(" (did you mean %s?)", s)
		}
		return "", fmt.Errorf("unknown command %q%s: use %s", verb, hint, strings.Join(Verbs(), ", "))
	}
	if g.v2Wanted(service, verb, flags) {
		if err := checkFlagsIn(v2VerbFlags, verb, args[1:]); err != nil {
			return "", err
		}
		return g.RunV2(verb, flags)
	}
	if err := checkFlags(verb, args[1:]); err != nil {
		return "", err
	}
	return g.Run(verb, flags)
}

// awsService is the service a command line names after "aws" (apigateway, apigatewayv2,
// lambda, apigatewaymanagementapi), or "".
func awsService(args []string) string {
	if len(args) > 0 && args[0] == "aws" {
		args = args[1:]
	}
	if len(args) > 0 && (args[0] == "apigateway" || args[0] == "apigatewayv2" || args[0] == "lambda" ||
		args[0] == "apigatewaymanagementapi") {
		return args[0]
	}
	return ""
}

// Run runs one control-plane verb with its options already parsed (name without "--" →
// values): the control-plane HTTP API in serve calls it with what a request's path, query
// and JSON body say, so the aws CLI and the palette share one implementation.
func (g *Gateway) Run(verb string, flags map[string][]string) (string, error) {
	f := flagSet(flags)
	if f == nil {
		f = flagSet{}
	}
	if verb == "invoke" {
		// Lambda's Invoke changes no definition: it runs without the gateway's lock, so a
		// slow code function does not hold up API requests (lambda_invoke.go).
		return g.invokeVerb(f)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.run(verb, f)
}

func (g *Gateway) run(verb string, flags flagSet) (string, error) {
	if run := verbTable[verb]; run != nil {
		return run(g, flags)
	}
	return "", fmt.Errorf("unknown command %q: use %s", verb, strings.Join(Verbs(), ", "))
}

// verbTable holds every verb Exec and Run answer, by name. The definition verbs
// (control_resources.go) change or show an API's current definition: what they change
// reaches a stage only through create-deployment. Stage settings, keys, plans, functions and
// the Lambda permission verbs (permissions.go) take effect at once, as on AWS.
var verbTable = map[string]func(*Gateway, flagSet) (string, error){
	// stages, deployments and caches (control.go, control_auth.go)
	"create-deployment":             (*Gateway).createDeployment,
	"update-stage":                  (*Gateway).updateStage,
	"get-stage":                     (*Gateway).getStage,
	"get-deployments":               (*Gateway).getDeployments,
	"flush-stage-cache":             (*Gateway).flushStageCache,
	"flush-stage-authorizers-cache": (*Gateway).flushStageAuthorizersCache,
	"update-authorizer":             (*Gateway).updateAuthorizer,
	// simulated Lambda functions
	"set-function":      (*Gateway).setFunction,
	"add-permission":    (*Gateway).addPermission,
	"remove-permission": (*Gateway).removePermission,
	"get-policy":        (*Gateway).getPolicy,
	// resources, methods and integrations (control_resources.go)
	"get-resources":            (*Gateway).getResources,
	"create-resource":          (*Gateway).createResource,
	"put-method":               (*Gateway).putMethod,
	"update-method":            (*Gateway).updateMethod,
	"delete-method":            (*Gateway).deleteMethod,
	"get-method":               (*Gateway).getMethod,
	"put-method-response":      (*Gateway).putMethodResponse,
	"put-integration":          (*Gateway).putIntegration,
	"update-integration":       (*Gateway).updateIntegration,
	"delete-integration":       (*Gateway).deleteIntegration,
	"get-integration":          (*Gateway).getIntegration,
	"put-integration-response": (*Gateway).putIntegrationResponse,
	"test-invoke-method":       (*Gateway).testInvokeMethod, // testinvoke.go
	"get-resource":             (*Gateway).getResource,
	"delete-resource":          (*Gateway).deleteResource,
	// settings, resource moves, one method or integration response (control_update.go)
	"update-rest-api":             (*Gateway).updateRestAPI,
	"update-resource":             (*Gateway).updateResource,
	"get-method-response":         (*Gateway).getMethodResponse,
	"update-method-response":      (*Gateway).updateMethodResponse,
	"delete-method-response":      (*Gateway).deleteMethodResponse,
	"get-integration-response":    (*Gateway).getIntegrationResponse,
	"update-integration-response": (*Gateway).updateIntegrationResponse,
	"delete-integration-response": (*Gateway).deleteIntegrationResponse,
	// one deployment (control_deploy.go), test-invoke-authorizer (control_testauth.go),
	// tags (control_tags.go)
	"get-deployment":         (*Gateway).getDeployment,
	"update-deployment":      (*Gateway).updateDeployment,
	"delete-deployment":      (*Gateway).deleteDeployment,
	"test-invoke-authorizer": (*Gateway).testInvokeAuthorizer,
	"tag-resource":           (*Gateway).tagResource,
	"untag-resource":         (*Gateway).untagResource,
	"get-tags":               (*Gateway).getTags,
	// documentation parts and versions (control_docs.go)
	"create-documentation-part":    (*Gateway).createDocumentationPart,
	"get-documentation-parts":      (*Gateway).getDocumentationParts,
	"get-documentation-part":       (*Gateway).getDocumentationPart,
	"update-documentation-part":    (*Gateway).updateDocumentationPart,
	"delete-documentation-part":    (*Gateway).deleteDocumentationPart,
	"create-documentation-version": (*Gateway).createDocumentationVersion,
	"get-documentation-versions":   (*Gateway).getDocumentationVersions,
	"get-documentation-version":    (*Gateway).getDocumentationVersion,
	"update-documentation-version": (*Gateway).updateDocumentationVersion,
	"delete-documentation-version": (*Gateway).deleteDocumentationVersion,
	"import-documentation-parts":   (*Gateway).importDocumentationParts,
	// authorizers, models, request validators and gateway responses (control_defs.go)
	"create-authorizer":        (*Gateway).createAuthorizer,
	"get-authorizer":           (*Gateway).getAuthorizer,
	"get-authorizers":          (*Gateway).getAuthorizers,
	"delete-authorizer":        (*Gateway).deleteAuthorizer,
	"create-model":             (*Gateway).createModel,
	"get-model":                (*Gateway).getModel,
	"get-models":               (*Gateway).getModels,
	"update-model":             (*Gateway).updateModel,
	"delete-model":             (*Gateway).deleteModel,
	"create-request-validator": (*Gateway).createRequestValidator,
	"get-request-validator":    (*Gateway).getRequestValidator,
	"get-request-validators":   (*Gateway).getRequestValidators,
	"update-request-validator": (*Gateway).updateRequestValidator,
	"delete-request-validator": (*Gateway).deleteRequestValidator,
	"put-gateway-response":     (*Gateway).putGatewayResponse,
	"get-gateway-response":     (*Gateway).getGatewayResponse,
	"get-gateway-responses":    (*Gateway).getGatewayResponses,
	"update-gateway-response":  (*Gateway).updateGatewayResponse,
	"delete-gateway-response":  (*Gateway).deleteGatewayResponse,
	// REST APIs, stages and exports (control_apis.go)
	"import-rest-api": (*Gateway).importRestAPI, // control_import.go
	"put-rest-api":    (*Gateway).putRestAPI,
	"create-stage":    (*Gateway).createStage,
	"delete-stage":    (*Gateway).deleteStage,
	"create-rest-api": (*Gateway).createRestAPI,
	"get-rest-apis":   (*Gateway).getRestAPIs,
	"get-rest-api":    (*Gateway).getRestAPI,
	"delete-rest-api": (*Gateway).deleteRestAPI,
	"get-stages":      (*Gateway).getStages,
	"get-export":      (*Gateway).getExport,
	// API keys and usage plans (control_keys.go, control.go)
	"update-usage-plan":     (*Gateway).updateUsagePlan,
	"create-usage-plan-key": (*Gateway).createUsagePlanKey,
	"delete-usage-plan-key": (*Gateway).deleteUsagePlanKey,
	"update-api-key":        (*Gateway).updateAPIKey,
	"get-usage":             (*Gateway).getUsage,
	"create-api-key":        (*Gateway).createAPIKey,
	"get-api-keys":          (*Gateway).getAPIKeys,
	"get-api-key":           (*Gateway).getAPIKey,
	"delete-api-key":        (*Gateway).deleteAPIKey,
	"create-usage-plan":     (*Gateway).createUsagePlan,
	"get-usage-plans":       (*Gateway).getUsagePlans,
	"get-usage-plan":        (*Gateway).getUsagePlan,
	"delete-usage-plan":     (*Gateway).deleteUsagePlan,
	"get-usage-plan-keys":   (*Gateway).getUsagePlanKeys,
	// @connections, as aws apigatewaymanagementapi (control_ws.go)
	"post-to-connection": (*Gateway).postToConnection,
	"get-connection":     (*Gateway).getConnection,
	"delete-connection":  (*Gateway).deleteConnection,
}

// Verbs lists the control-plane verbs Exec understands: apigateway's and lambda's, and
// apigatewayv2's (control_v2.go; a name both services have appears once).
func Verbs() []string {
	v := restVerbs()
	for _, name := range V2Verbs() {
		if !slices.Contains(v, name) {
			v = append(v, name)
		}
	}
	slices.Sort(v)
	return v
}

// restVerbs lists the apigateway and lambda verbs (verbTable).
func restVerbs() []string {
	return slices.Sorted(maps.Keys(verbTable))
}

func trimAWSPrefix(args []string) []string {
	if len(args) > 0 && args[0] == "aws" {
		args = args[1:]
	}
	if awsService(args) != "" {
		args = args[1:]
	}
	return args
}

// flagSet holds --name value pairs; a flag may repeat or take several values
// (--patch-operations op=… op=…).
type flagSet map[string][]string

func (f flagSet) get(name string) string {
	if v := f[name]; len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

func (f flagSet) has(name string) bool { _, ok := f[name]; return ok }

func parseFlags(args []string) (string, flagSet, error) {
	verb := args[0]
	flags := flagSet{}
	cur := ""
	for _, a := range args[1:] {
		if strings.HasPrefix(a, "--") {
			name, val, hasVal := strings.Cut(a[2:], "=")
			cur = name
			if _, ok := flags[cur]; !ok {
				flags[cur] = nil
			}
			if hasVal {
				flags[cur] = append(flags[cur], val)
			}
			continue
		}
		if cur == "" {
			return "", nil, fmt.Errorf("%s: unexpected %q: options are written --name value", verb, a)
		}
		flags[cur] = append(flags[cur], a)
	}
	return verb, flags, nil
}

// splitArgs splits a command line as a POSIX shell would for words and quotes.
func splitArgs(line string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			} else if ch == '\\' && quote == '"' && i+1 < len(line) {
				i++
				cur.WriteByte(line[i])
			} else {
				cur.WriteByte(ch)
			}
		case ch == '\'' || ch == '"':
			quote, inWord = ch, true
		case ch == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
			inWord = true
		case ch == ' ' || ch == '\t' || ch == '\n':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote in %q", quote, line)
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

// apiFor resolves --rest-api-id (an id or a name); the workspace's only API when absent.
func (g *Gateway) apiFor(f flagSet) (*restAPI, error) {
	id := f.get("rest-api-id")
	if id == "" {
		if len(g.apis) == 1 {
			return g.apis[0], nil
		}
		return nil, fmt.Errorf("--rest-api-id is required: the workspace has %d REST APIs", len(g.apis))
	}
	if a := g.byKey[id]; a != nil {
		return a, nil
	}
	// AWS: NotFoundException "Invalid API identifier specified 123456789012:abc"
	return nil, fmt.Errorf("NotFoundException: Invalid API identifier specified %s:%s", g.accountID(), id)
}

func (g *Gateway) accountID() string {
	if g.ws.AccountID != "" {
		return g.ws.AccountID
	}
	return "123456789012"
}

// apiStage resolves --rest-api-id and --stage-name.
func (g *Gateway) apiStage(f flagSet) (*restAPI, *stage, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return nil, nil, err
	}
	st, err := g.stageFor(api, f)
	return api, st, err
}

func (g *Gateway) stageFor(api *restAPI, f flagSet) (*stage, error) {
	name := f.get("stage-name")
	if name == "" {
		return nil, fmt.Errorf("--stage-name is required")
	}
	st := api.stages[name]
	if st == nil {
		return nil, fmt.Errorf("NotFoundException: Invalid Stage identifier specified")
	}
	return st, nil
}

// createDeployment freezes the API's current resources into a new deployment and, with
// --stage-name, points the stage at it (creating the stage if needed), or with
// --canary-settings makes it the stage's canary (aws-facts.md §6).
func (g *Gateway) createDeployment(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	stageName := f.get("stage-name")
	canaryArg := f.has("canary-settings")
	if canaryArg && stageName == "" {
		given := "null" // LS test_create_canary_deployment_validation: absent, or empty
		if f.has("stage-name") {
			given = ""
		}
		return "", fmt.Errorf("BadRequestException: Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is %s", given)
	}
	vars, err := stringMapArg(f, "variables")
	if err != nil {
		return "", err
	}
	if canaryArg && api.stages[stageName] == nil {
		return "", fmt.Errorf("BadRequestException: Invalid deployment content specified.Stage %s must already be created before making a canary release deployment", stageName)
	}
	id := api.newDeploymentID(fmt.Sprintf("deployment:%s:%d", api.id, len(api.deploymentOrder)))
	d, err := api.deploy(id, f.get("description"), g.clock.Now())
	if err != nil {
		// AWS's exception first, then where: "BadRequestException: No integration defined for
		// method … (GET /hello)"
		where, aws, ok := strings.Cut(err.Error(), "BadRequestException: ")
		if ok {
			return "", fmt.Errorf("BadRequestException: %s (%s)", aws, strings.TrimSuffix(where, ": "))
		}
		return "", fmt.Errorf("BadRequestException: %v", err)
	}
	if stageName != "" {
		s := api.stageModel(stageName)
		if canaryArg {
			cs, err := parseCanarySettings(f.get("canary-settings"))
			if err != nil {
				return "", err
			}
			cs.DeploymentID = id
			s.CanarySettings = cs
		} else {
			if s == nil {
				s = &model.Stage{StageName: stageName, CreatedDate: g.clock.Now()}
				api.model.Stages = append(api.model.Stages, s)
			}
			s.DeploymentID = id
		}
		if len(vars) > 0 {
			if s.Variables == nil {
				s.Variables = map[string]string{}
			}
			maps.Copy(s.Variables, vars)
		}
		s.LastUpdatedDate = g.clock.Now()
		if err := api.recompileStage(s); err != nil {
			return "", err
		}
	}
	return toJSON(deploymentJSON(d)), nil
}

func (a *restAPI) stageModel(name string) *model.Stage {
	for _, s := range a.model.Stages {
		if s.StageName == name {
			return s
		}
	}
	return nil
}

func (a *restAPI) recompileStage(s *model.Stage) error {
	st, err := compileStage(a, s)
	if err != nil {
		return err
	}
	a.stages[s.StageName] = st
	return nil
}

// parseCanarySettings reads the CLI shorthand percentTraffic=10,stageVariableOverrides={alias=canary},useStageCache=false
// or its JSON form.
func parseCanarySettings(v string) (*model.CanarySettings, error) {
	cs := &model.CanarySettings{}
	if strings.HasPrefix(strings.TrimSpace(v), "{") && strings.Contains(v, `"`) {
		var raw struct {
			DeploymentID           string            `json:"deploymentId"`
			PercentTraffic         float64           `json:"percentTraffic"`
			StageVariableOverrides map[string]string `json:"stageVariableOverrides"`
			UseStageCache          bool              `json:"useStageCache"`
		}
		if err := json.Unmarshal([]byte(v), &raw); err != nil {
			return nil, fmt.Errorf("--canary-settings: %v", err)
		}
		cs.DeploymentID, cs.PercentTraffic, cs.StageVariableOverrides, cs.UseStageCache = raw.DeploymentID, raw.PercentTraffic, raw.StageVariableOverrides, raw.UseStageCache
		return cs, checkPercent(cs.PercentTraffic)
	}
	for _, part := range splitShorthand(v) {
		k, val, _ := strings.Cut(part, "=")
		switch k {
		case "percentTraffic":
			p, err := strconv.ParseFloat(val, 64)
			if err != nil {
				return nil, fmt.Errorf("--canary-settings percentTraffic %q is not a number", val)
			}
			cs.PercentTraffic = p
		case "useStageCache":
			cs.UseStageCache = val == "true"
		case "deploymentId":
			cs.DeploymentID = val
		case "stageVariableOverrides":
			cs.StageVariableOverrides = map[string]string{}
			for _, kv := range strings.Split(strings.Trim(val, "{}"), ",") {
				if name, value, ok := strings.Cut(kv, "="); ok {
					cs.StageVariableOverrides[name] = value
				}
			}
		default:
			return nil, fmt.Errorf("--canary-settings: unknown key %q (percentTraffic, stageVariableOverrides, useStageCache)", k)
		}
	}
	return cs, checkPercent(cs.PercentTraffic)
}

func checkPercent(p float64) error {
	if p < 0 || p > 100 {
		return fmt.Errorf("BadRequestException: percentTraffic %v is out of range: accepted 0.0–100.0", p)
	}
	return nil
}

// splitShorthand splits a,b={c,d},e on commas outside braces.
func splitShorthand(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// patchOp is one JSON Patch operation of update-stage.
type patchOp struct {
	Op, Path, Value, From string
}

func parsePatchOps(values []string) ([]patchOp, error) {
	var ops []patchOp
	for _, v := range values {
		if strings.HasPrefix(strings.TrimSpace(v), "[") {
			var raw []struct{ Op, Path, Value, From string }
			if err := json.Unmarshal([]byte(v), &raw); err != nil {
				return nil, fmt.Errorf("--patch-operations: %v", err)
			}
			for _, r := range raw {
				ops = append(ops, patchOp(r))
			}
			continue
		}
		var op patchOp
		var last *string
		for _, part := range strings.Split(v, ",") {
			k, val, ok := strings.Cut(part, "=")
			switch {
			case ok && k == "op":
				op.Op, last = val, &op.Op
			case ok && k == "path":
				op.Path, last = val, &op.Path
			case ok && k == "value":
				op.Value, last = val, &op.Value
			case ok && k == "from":
				op.From, last = val, &op.From
			case last != nil: // a comma inside a value
				*last += "," + part
			default:
				return nil, fmt.Errorf("--patch-operations %q: write op=replace,path=/variables/alias,value=v2", v)
			}
		}
		ops = append(ops, op)
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("update-stage needs --patch-operations op=replace,path=/variables/alias,value=v2")
	}
	return ops, nil
}

// updateStage applies patch operations to a stage, as UpdateStage does, all or nothing.
func (g *Gateway) updateStage(f flagSet) (string, error) {
	api, st, err := g.apiStage(f)
	if err != nil {
		return "", err
	}
	ops, err := parsePatchOps(f["patch-operations"])
	if err != nil {
		return "", err
	}
	cp := cloneStage(st.model)
	for _, op := range ops {
		if err := applyStagePatch(api, st, cp, op); err != nil {
			return "", err
		}
	}
	cp.LastUpdatedDate = g.clock.Now()
	if id := cp.ClientCertificateID; id != "" && g.ws.ClientCertificateByID(id) == nil {
		return "", fmt.Errorf("%s", errNoClientCert) // control_domains.go
	}
	if err := api.recompileStage(cp); err != nil {
		return "", err
	}
	*st.model = *cp
	api.stages[cp.StageName].model = st.model
	return stageJSON(api.stages[cp.StageName]), nil
}

func cloneStage(s *model.Stage) *model.Stage {
	cp := *s
	cp.Variables = cloneMap(s.Variables)
	cp.Tags = cloneMap(s.Tags)
	if s.CanarySettings != nil {
		c := *s.CanarySettings
		c.StageVariableOverrides = cloneMap(c.StageVariableOverrides)
		cp.CanarySettings = &c
	}
	cp.MethodSettings = map[string]*model.MethodSetting{}
	for k, v := range s.MethodSettings {
		ms := *v
		cp.MethodSettings[k] = &ms
	}
	return &cp
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// errStagePath is AWS's answer to an update-stage path it does not know, with its list as
// AWS writes it (LS snapshots test_create_update_stages, test_update_stage_canary_deployment_validation).
const errStagePath = "BadRequestException: Invalid method setting path: %s. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]"

func applyStagePatch(api *restAPI, st *stage, s *model.Stage, op patchOp) error {
	bad := func() error { return fmt.Errorf(errStagePath, op.Path) }
	switch op.Op {
	case "replace", "add", "remove", "copy":
	default:
		return fmt.Errorf("BadRequestException: Invalid patch operation %q: use replace, add, remove or copy", op.Op)
	}
	p := op.Path
	switch {
	case op.Op == "copy":
		// the paths first, then the canary (LS test_update_stage_with_copy_ops)
		if (p != "/deploymentId" && p != "/variables") || (op.From != "/canarySettings/deploymentId" && op.From != "/canarySettings/stageVariableOverrides") {
			return fmt.Errorf("BadRequestException: Invalid copy operation with path: %s and from %s. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]", p, op.From)
		}
		if s.CanarySettings == nil {
			return fmt.Errorf("BadRequestException: Promotion not available. Canary does not exist.")
		}
		switch {
		case op.From == "/canarySettings/deploymentId" && p == "/deploymentId":
			s.DeploymentID = s.CanarySettings.DeploymentID
		case op.From == "/canarySettings/stageVariableOverrides" && p == "/variables":
			if s.Variables == nil {
				s.Variables = map[string]string{}
			}
			for k, v := range s.CanarySettings.StageVariableOverrides {
				s.Variables[k] = v
			}
		default:
			return fmt.Errorf("BadRequestException: Invalid copy operation from '%s' to '%s'", op.From, p)
		}
	case p == "/deploymentId":
		if api.deployments[op.Value] == nil {
			return fmt.Errorf("BadRequestException: Deployment id does not exist")
		}
		s.DeploymentID = op.Value
	case p == "/description":
		s.Description = op.Value
	case p == "/cacheClusterEnabled":
		s.CacheClusterEnabled = op.Value == "true"
	case p == "/cacheClusterSize":
		s.CacheClusterSize = op.Value
	case p == "/tracingEnabled":
		s.TracingEnabled = op.Value == "true"
	case p == "/clientCertificateId":
		s.ClientCertificateID = op.Value // checked by updateStage (control_domains.go)
	case strings.HasPrefix(p, "/variables/"):
		patchMap(&s.Variables, strings.TrimPrefix(p, "/variables/"), op)
	case p == "/accessLogSettings" && op.Op == "remove":
		s.AccessLogSettings = nil
	case p == "/accessLogSettings" || strings.HasPrefix(p, "/accessLogSettings/") && op.Op != "remove":
		// AWS's messages: LS snapshot test_stage_access_log_settings_validation (a remove of
		// /accessLogSettings/X is a method setting's: the default case)
		sub := strings.TrimPrefix(p, "/accessLogSettings/")
		if sub != "destinationArn" && sub != "format" {
			return fmt.Errorf("BadRequestException: Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]")
		}
		if op.Value == "" {
			return fmt.Errorf("BadRequestException: Access Log value must not be empty")
		}
		l := model.AccessLogSettings{}
		if s.AccessLogSettings != nil {
			l = *s.AccessLogSettings
		}
		if sub == "destinationArn" {
			l.DestinationArn = op.Value
		} else {
			l.Format = op.Value
		}
		s.AccessLogSettings = &l
	case p == "/canarySettings" && op.Op == "remove":
		s.CanarySettings = nil
	case strings.HasPrefix(p, "/canarySettings/") && op.Op == "remove" && !strings.Contains(strings.TrimPrefix(p, "/canarySettings/"), "/"):
		// AWS reads /canarySettings/X as a method setting "canarySettings/X" here
		return applyMethodSettingPatch(s, op)
	case strings.HasPrefix(p, "/canarySettings/"):
		if s.CanarySettings == nil {
			// a canary made by a patch starts on the stage's own deployment, at 0 % (LS
			// test_create_canary_deployment_by_stage_update, test_update_stage_with_copy_ops)
			s.CanarySettings = &model.CanarySettings{DeploymentID: st.deployment.id}
		}
		c := s.CanarySettings
		sub := strings.TrimPrefix(p, "/canarySettings/")
		switch {
		case sub == "percentTraffic":
			v, err := strconv.ParseFloat(op.Value, 64)
			if err != nil {
				return fmt.Errorf("BadRequestException: percentTraffic %q is not a number", op.Value)
			}
			if err := checkPercent(v); err != nil {
				return err
			}
			c.PercentTraffic = v
		case sub == "deploymentId":
			if op.Op == "add" {
				return fmt.Errorf("BadRequestException: Invalid add operation with path: /canarySettings/deploymentId")
			}
			if api.deployments[op.Value] == nil {
				return fmt.Errorf("BadRequestException: Deployment id does not exist")
			}
			c.DeploymentID = op.Value
		case sub == "useStageCache":
			c.UseStageCache = op.Value == "true"
		case strings.HasPrefix(sub, "stageVariableOverrides/"):
			patchMap(&c.StageVariableOverrides, strings.TrimPrefix(sub, "stageVariableOverrides/"), op)
		default:
			return bad()
		}
	default:
		return applyMethodSettingPatch(s, op)
	}
	return nil
}

// patchMap applies one operation to a map of variables: remove deletes, others set.
func patchMap(m *map[string]string, name string, op patchOp) {
	if op.Op == "remove" {
		delete(*m, name)
		return
	}
	if *m == nil {
		*m = map[string]string{}
	}
	(*m)[name] = op.Value
}

// applyMethodSettingPatch handles /{resource}/{method}/{area}/{setting} paths such as
// /*/*/throttling/rateLimit or /~1pets/GET/caching/enabled ("~1" escapes "/"); the
// methodSettings key is the resource path without its leading slash and the method.
func applyMethodSettingPatch(s *model.Stage, op patchOp) error {
	parts := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
	if op.Op == "remove" && (len(parts) == 2 || len(parts) == 3 && parts[2] == "") {
		// remove /{resource}/{method}: the whole method setting (LS test_update_stage_remove_wildcard)
		key := strings.TrimPrefix(strings.ReplaceAll(parts[0], "~1", "/"), "/") + "/" + parts[1]
		if s.MethodSettings[key] == nil {
			return fmt.Errorf("BadRequestException: Cannot remove method setting %s because there is no method setting for this method ", key)
		}
		delete(s.MethodSettings, key)
		return nil
	}
	if len(parts) != 4 {
		return fmt.Errorf(errStagePath, op.Path)
	}
	res := strings.ReplaceAll(parts[0], "~1", "/")
	key := strings.TrimPrefix(res, "/") + "/" + parts[1]
	ms := s.MethodSettings[key]
	if ms == nil {
		// a new method setting starts from */*'s (LS test_create_update_stages: test/GET
		// takes */*'s cachingEnabled)
		ms = &model.MethodSetting{}
		if all := s.MethodSettings["*/*"]; all != nil && key != "*/*" {
			*ms = *all
		}
		s.MethodSettings[key] = ms
	}
	num := func() (float64, error) {
		v, err := strconv.ParseFloat(op.Value, 64)
		if err != nil {
			return 0, fmt.Errorf("BadRequestException: %s: %q is not a number", op.Path, op.Value)
		}
		return v, nil
	}
	switch parts[2] + "/" + parts[3] {
	case "throttling/rateLimit":
		v, err := num()
		if err != nil {
			return err
		}
		ms.ThrottlingRateLimit = &v
	case "throttling/burstLimit":
		v, err := num()
		if err != nil {
			return err
		}
		n := int(v)
		ms.ThrottlingBurstLimit = &n
	case "caching/enabled":
		b := op.Value == "true"
		ms.CachingEnabled = &b
	case "caching/ttlInSeconds":
		v, err := num()
		if err != nil {
			return err
		}
		if v < 0 || v > 3600 {
			return fmt.Errorf("BadRequestException: cacheTtlInSeconds %v is out of range: accepted 0–3600", v)
		}
		n := int(v)
		ms.CacheTTLInSeconds = &n
	case "caching/dataEncrypted":
		ms.CacheDataEncrypted = op.Value == "true"
	case "caching/requireAuthorizationForCacheControl":
		b := op.Value == "true"
		ms.RequireAuthorizationForCacheControl = &b
	case "caching/unauthorizedCacheControlHeaderStrategy":
		ms.UnauthorizedCacheControlHeaderStrategy = op.Value
	case "metrics/enabled":
		ms.MetricsEnabled = op.Value == "true"
	case "logging/loglevel":
		ms.LoggingLevel = op.Value
	case "logging/dataTrace":
		ms.DataTraceEnabled = op.Value == "true"
	default:
		return fmt.Errorf(errStagePath, op.Path)
	}
	return nil
}

func (g *Gateway) getStage(f flagSet) (string, error) {
	_, st, err := g.apiStage(f)
	if err != nil {
		return "", err
	}
	return stageJSON(st), nil
}

func stageJSON(st *stage) string {
	s := st.model
	status := "NOT_AVAILABLE" // AWS's cacheClusterStatus of a stage without a cache cluster
	if s.CacheClusterEnabled {
		status = "AVAILABLE"
	}
	out := map[string]any{"stageName": s.StageName, "deploymentId": st.deployment.id,
		"cacheClusterEnabled": s.CacheClusterEnabled, "cacheClusterStatus": status, "tracingEnabled": s.TracingEnabled,
		"methodSettings": map[string]any{}}
	if !s.CreatedDate.IsZero() {
		out["createdDate"] = s.CreatedDate.Unix()
	}
	if !s.LastUpdatedDate.IsZero() {
		out["lastUpdatedDate"] = s.LastUpdatedDate.Unix()
	}
	if s.DocumentationVersion != "" {
		out["documentationVersion"] = s.DocumentationVersion
	}
	if len(s.Tags) > 0 {
		out["tags"] = s.Tags
	}
	if l := s.AccessLogSettings; l != nil {
		als := map[string]any{}
		if l.DestinationArn != "" {
			als["destinationArn"] = l.DestinationArn
		}
		if l.Format != "" {
			als["format"] = l.Format
		}
		out["accessLogSettings"] = als
	}
	if s.Description != "" {
		out["description"] = s.Description
	}
	if len(s.Variables) > 0 {
		out["variables"] = s.Variables
	}
	if s.CacheClusterSize != "" {
		out["cacheClusterSize"] = s.CacheClusterSize
	}
	if s.ClientCertificateID != "" {
		out["clientCertificateId"] = s.ClientCertificateID
	}
	if c := s.CanarySettings; c != nil {
		cs := map[string]any{"deploymentId": c.DeploymentID, "percentTraffic": c.PercentTraffic, "useStageCache": c.UseStageCache}
		if len(c.StageVariableOverrides) > 0 {
			cs["stageVariableOverrides"] = c.StageVariableOverrides
		}
		out["canarySettings"] = cs
	}
	ms := out["methodSettings"].(map[string]any)
	for k, v := range s.MethodSettings {
		ms[k] = methodSettingJSON(v)
	}
	return toJSON(out)
}

// methodSettingJSON renders a method setting as GetStage does, with AWS's defaults for
// fields never set (LS snapshot test_update_stage_remove_wildcard).
func methodSettingJSON(m *model.MethodSetting) map[string]any {
	rate, burst, ttl, reqAuth := 10000.0, 5000, 300, true
	if m.ThrottlingRateLimit != nil {
		rate = *m.ThrottlingRateLimit
	}
	if m.ThrottlingBurstLimit != nil {
		burst = *m.ThrottlingBurstLimit
	}
	if m.CacheTTLInSeconds != nil {
		ttl = *m.CacheTTLInSeconds
	}
	if m.RequireAuthorizationForCacheControl != nil {
		reqAuth = *m.RequireAuthorizationForCacheControl
	}
	strategy := m.UnauthorizedCacheControlHeaderStrategy
	if strategy == "" {
		strategy = "SUCCEED_WITH_RESPONSE_HEADER"
	}
	out := map[string]any{
		"metricsEnabled": m.MetricsEnabled, "dataTraceEnabled": m.DataTraceEnabled,
		"throttlingBurstLimit": burst, "throttlingRateLimit": rate, "cachingEnabled": m.CachingEnabled != nil && *m.CachingEnabled,
		"cacheTtlInSeconds": ttl, "cacheDataEncrypted": m.CacheDataEncrypted,
		"requireAuthorizationForCacheControl": reqAuth, "unauthorizedCacheControlHeaderStrategy": strategy,
	}
	if m.LoggingLevel != "" {
		// AWS leaves loggingLevel out until it is set (LS test_create_update_stages)
		out["loggingLevel"] = m.LoggingLevel
	}
	return out
}

func (g *Gateway) getDeployments(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	items := []map[string]any{}
	for _, id := range api.deploymentOrder {
		for _, d := range api.model.Deployments {
			if d.ID == id {
				items = append(items, deploymentJSON(d))
				break
			}
		}
	}
	return toJSON(map[string]any{"items": items}), nil
}

// deploymentJSON is a Deployment as the API answers it: id, createdDate, description when set.
// createdDate is epoch seconds, as every apigateway (rest-json) timestamp is on the wire
// (botocore's model gives no timestampFormat; aws-sdk-go-v2 refuses a string there).
func deploymentJSON(d *model.Deployment) map[string]any {
	out := map[string]any{"id": d.ID}
	if !d.CreatedDate.IsZero() {
		out["createdDate"] = d.CreatedDate.Unix()
	}
	if d.Description != "" {
		out["description"] = d.Description
	}
	return out
}

// setFunction changes a simulated function's behaviour: --latency 31s (or
// p50=20ms,p99=200ms), --returns JSON, --error MESSAGE [--error-type T], --clear-error,
// --echo true|false, --timeout 3s, --reserved-concurrency N, [--qualifier VERSION].
func (g *Gateway) setFunction(f flagSet) (string, error) {
	name := f.get("function-name")
	if name == "" {
		return "", fmt.Errorf("set-function needs --function-name NAME")
	}
	c := lambda.Change{Qualifier: f.get("qualifier")}
	changed := false
	if f.has("latency") {
		l, err := parseLatency(f.get("latency"))
		if err != nil {
			return "", err
		}
		c.Latency, changed = l, true
	}
	if f.has("returns") {
		var v any
		if err := json.Unmarshal([]byte(f.get("returns")), &v); err != nil {
			return "", fmt.Errorf("--returns must be JSON (e.g. '{\"statusCode\":200,\"body\":\"ok\"}'): %v", err)
		}
		c.Returns, changed = &v, true
		c.ClearError = true
	}
	if f.has("error") {
		typ := f.get("error-type")
		if typ == "" {
			typ = "Error"
		}
		c.Error, changed = &model.FunctionError{ErrorMessage: f.get("error"), ErrorType: typ}, true
	}
	if f.has("clear-error") {
		c.ClearError, changed = true, true
	}
	if f.has("echo") {
		b := f.get("echo") != "false"
		c.Echo, changed = &b, true
	}
	if f.has("timeout") {
		d, err := time.ParseDuration(f.get("timeout"))
		if err != nil {
			return "", fmt.Errorf("--timeout %q: want a duration such as 3s", f.get("timeout"))
		}
		c.Timeout, changed = &d, true
	}
	if f.has("reserved-concurrency") {
		n, err := strconv.Atoi(f.get("reserved-concurrency"))
		if err != nil || n < 0 {
			return "", fmt.Errorf("--reserved-concurrency %q: want a whole number ≥ 0", f.get("reserved-concurrency"))
		}
		c.ReservedConcurrency, changed = &n, true
	}
	if !changed {
		return "", fmt.Errorf("set-function: say what to change: --latency, --returns, --error, --clear-error, --echo, --timeout or --reserved-concurrency")
	}
	if err := g.lambda.Set(name, c); err != nil {
		return "", err
	}
	return toJSON(map[string]any{"FunctionName": name, "FunctionArn": g.lambda.ARN(name, c.Qualifier)}), nil
}

// parseLatency reads "31s" or "p50=20ms,p99=200ms".
func parseLatency(v string) (*model.Latency, error) {
	if !strings.Contains(v, "=") {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return nil, fmt.Errorf("--latency %q: want a duration such as 31s, or p50=20ms,p99=200ms", v)
		}
		return &model.Latency{Fixed: d}, nil
	}
	l := &model.Latency{}
	for _, part := range strings.Split(v, ",") {
		k, val, _ := strings.Cut(part, "=")
		d, err := time.ParseDuration(val)
		if err != nil {
			return nil, fmt.Errorf("--latency %q: %s must be a duration", v, k)
		}
		switch k {
		case "p50":
			l.P50 = d
		case "p99":
			l.P99 = d
		default:
			return nil, fmt.Errorf("--latency %q: use p50=…,p99=…", v)
		}
	}
	if l.P50 <= 0 || l.P99 < l.P50 {
		return nil, fmt.Errorf("--latency %q: need 0 < p50 ≤ p99", v)
	}
	return l, nil
}

func toJSON(v any) string {
	b, err := json.MarshalIndent(v, "", "    ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// flushStageCache drops every entry of a stage's cache (FlushStageCache; AWS answers 202).
func (g *Gateway) flushStageCache(f flagSet) (string, error) {
	_, st, err := g.apiStage(f)
	if err != nil {
		return "", err
	}
	if st.cache == nil {
		return "", fmt.Errorf("BadRequestException: stage %s has no cache cluster (cacheClusterEnabled is false)", st.name)
	}
	st.cache.c.Flush()
	return "", nil
}

// getUsage reports a usage plan's per-key, per-day usage like GetUsage:
// get-usage --usage-plan-id ID --start-date 2026-01-01 --end-date 2026-01-02 [--key-id K].
func (g *Gateway) getUsage(f flagSet) (string, error) {
	planArg := f.get("usage-plan-id")
	var plan *model.UsagePlan
	for _, p := range g.ws.UsagePlans {
		if p.ID == planArg || p.Name == planArg || planID(p) == planArg {
			plan = p
		}
	}
	if plan == nil {
		return "", fmt.Errorf("NotFoundException: Invalid Usage Plan ID specified: %q", planArg)
	}
	start, err1 := time.Parse("2006-01-02", f.get("start-date"))
	end, err2 := time.Parse("2006-01-02", f.get("end-date"))
	if err1 != nil || err2 != nil {
		return "", fmt.Errorf("get-usage needs --start-date and --end-date as YYYY-MM-DD")
	}
	out := map[string]any{"usagePlanId": planID(plan), "startDate": f.get("start-date"), "endDate": f.get("end-date")}
	items := map[string]any{}
	for _, k := range g.keys {
		if kid := f.get("key-id"); kid != "" && kid != k.id && kid != k.name {
			continue
		}
		inPlan := false
		for _, pn := range k.planNames {
			inPlan = inPlan || pn == plan.Name || pn == plan.ID
		}
		if !inPlan {
			continue
		}
		u, err := g.throttler.Usage(planID(plan), k.id, start, end)
		if err != nil {
			return "", err
		}
		items[k.id] = u.Items[k.id]
	}
	out["items"] = items
	return toJSON(out), nil
}

func (g *Gateway) usagePlanFor(f flagSet) (*model.UsagePlan, error) {
	id := f.get("usage-plan-id")
	if id == "" {
		return nil, fmt.Errorf("--usage-plan-id is required (a usage plan's id or name)")
	}
	for _, p := range g.ws.UsagePlans {
		if p.ID == id || p.Name == id || planID(p) == id {
			return p, nil
		}
	}
	return nil, fmt.Errorf("NotFoundException: Invalid Usage Plan ID specified")
}

func (g *Gateway) apiKeyModel(id string) *model.APIKey {
	for _, k := range g.ws.APIKeys {
		if k.ID == id || k.Name == id || (k.ID == "" && shortID("apikey:"+k.Name, 10) == id) {
			return k
		}
	}
	return nil
}

// updateUsagePlan patches a usage plan: /throttle/rateLimit, /throttle/burstLimit,
// /quota/limit, /quota/period, /quota/offset, /name, /description; remove /throttle or
// /quota. Buckets keep their tokens (capped at a lower burst), counters their counts.
func (g *Gateway) updateUsagePlan(f flagSet) (string, error) {
	p, err := g.usagePlanFor(f)
	if err != nil {
		return "", err
	}
	ops, err := parsePatchOps(f["patch-operations"])
	if err != nil {
		return "", err
	}
	cp := *p
	if p.Throttle != nil {
		t := *p.Throttle
		cp.Throttle = &t
	}
	if p.Quota != nil {
		q := *p.Quota
		cp.Quota = &q
	}
	for _, op := range ops {
		num := func() (float64, error) {
			v, err := strconv.ParseFloat(op.Value, 64)
			if err != nil || v < 0 {
				return 0, fmt.Errorf("BadRequestException: %s: %q is not a number ≥ 0", op.Path, op.Value)
			}
			return v, nil
		}
		switch {
		case op.Op == "remove" && op.Path == "/throttle":
			cp.Throttle = nil
		case op.Op == "remove" && op.Path == "/quota":
			cp.Quota = nil
		case op.Path == "/name":
			cp.Name = op.Value
		case op.Path == "/description":
			cp.Description = op.Value
		case op.Path == "/throttle/rateLimit" || op.Path == "/throttle/burstLimit":
			v, err := num()
			if err != nil {
				return "", err
			}
			if cp.Throttle == nil {
				cp.Throttle = &model.ThrottleSettings{}
			}
			if op.Path == "/throttle/rateLimit" {
				cp.Throttle.RateLimit = v
			} else {
				cp.Throttle.BurstLimit = int(v)
			}
		case op.Path == "/quota/limit" || op.Path == "/quota/offset":
			v, err := num()
			if err != nil {
				return "", err
			}
			if cp.Quota == nil {
				cp.Quota = &model.QuotaSettings{Period: "DAY"}
			}
			if op.Path == "/quota/limit" {
				cp.Quota.Limit = int(v)
			} else {
				cp.Quota.Offset = int(v)
			}
		case op.Path == "/quota/period":
			if op.Value != "DAY" && op.Value != "WEEK" && op.Value != "MONTH" {
				return "", fmt.Errorf("BadRequestException: quota period %q: use DAY, WEEK or MONTH", op.Value)
			}
			if cp.Quota == nil {
				cp.Quota = &model.QuotaSettings{}
			}
			cp.Quota.Period = op.Value
		default:
			return "", fmt.Errorf("BadRequestException: Invalid patch path '%s' specified for op '%s'", op.Path, op.Op)
		}
	}
	old := *p
	*p = cp
	if err := g.compileKeys(g.ws); err != nil {
		*p = old
		return "", err
	}
	return g.usagePlanJSON(p), nil
}

func (g *Gateway) usagePlanJSON(p *model.UsagePlan) string {
	out := map[string]any{"id": planID(p), "name": p.Name}
	if p.Description != "" {
		out["description"] = p.Description // LS snapshot create-usage-plan (test_api_key_required_for_methods)
	}
	if p.Throttle != nil {
		out["throttle"] = map[string]any{"rateLimit": p.Throttle.RateLimit, "burstLimit": p.Throttle.BurstLimit}
	}
	if p.Quota != nil {
		out["quota"] = map[string]any{"limit": p.Quota.Limit, "offset": p.Quota.Offset, "period": p.Quota.Period}
	}
	var stages []map[string]string
	for _, s := range p.APIStages {
		id := s.API // the workspace names the API; AWS answers its id
		if api := g.byKey[s.API]; api != nil {
			id = api.id
		}
		stages = append(stages, map[string]string{"apiId": id, "stage": s.Stage})
	}
	out["apiStages"] = stages
	return toJSON(out)
}

// createUsagePlanKey adds an API key to a usage plan (--key-type API_KEY), refusing a key
// that is already in another plan of the same API stage, as AWS does.
func (g *Gateway) createUsagePlanKey(f flagSet) (string, error) {
	p, err := g.usagePlanFor(f)
	if err != nil {
		return "", err
	}
	if kt := f.get("key-type"); kt != "" && kt != "API_KEY" {
		return "", fmt.Errorf("BadRequestException: key type %q: the only key type is API_KEY", kt)
	}
	k := g.apiKeyModel(f.get("key-id"))
	if k == nil {
		return "", fmt.Errorf("NotFoundException: Invalid API Key identifier specified")
	}
	for _, name := range k.UsagePlans {
		if name == p.Name || name == p.ID {
			return "", fmt.Errorf("ConflictException: Usage Plan %s cannot be added because API Key %s cannot reference multiple Usage Plans with the same API Stage", planID(p), k.Name)
		}
	}
	old := k.UsagePlans
	k.UsagePlans = append(append([]string(nil), old...), p.Name)
	if err := g.compileKeys(g.ws); err != nil {
		k.UsagePlans = old
		return "", err
	}
	// AWS answers the key's value too (LS snapshot create-usage-plan-key, test_api_key_required_for_methods)
	return toJSON(map[string]any{"id": g.keys[k.Value].id, "type": "API_KEY", "name": k.Name, "value": k.Value}), nil
}

func (g *Gateway) deleteUsagePlanKey(f flagSet) (string, error) {
	p, err := g.usagePlanFor(f)
	if err != nil {
		return "", err
	}
	k := g.apiKeyModel(f.get("key-id"))
	if k == nil {
		return "", fmt.Errorf("NotFoundException: Invalid API Key identifier specified")
	}
	var kept []string
	for _, name := range k.UsagePlans {
		if name != p.Name && name != p.ID {
			kept = append(kept, name)
		}
	}
	k.UsagePlans = kept
	return "", g.compileKeys(g.ws)
}

// updateAPIKey enables or disables a key: --patch-operations op=replace,path=/enabled,value=false.
func (g *Gateway) updateAPIKey(f flagSet) (string, error) {
	k := g.apiKeyModel(f.get("api-key"))
	if k == nil {
		return "", fmt.Errorf("NotFoundException: Invalid API Key identifier specified")
	}
	ops, err := parsePatchOps(f["patch-operations"])
	if err != nil {
		return "", err
	}
	for _, op := range ops {
		if op.Path != "/enabled" {
			return "", fmt.Errorf("BadRequestException: Invalid patch path '%s' specified for op '%s'", op.Path, op.Op)
		}
		b := op.Value == "true"
		k.Enabled = &b
	}
	if err := g.compileKeys(g.ws); err != nil {
		return "", err
	}
	return toJSON(g.apiKeyJSON(k, false)), nil // UpdateApiKey answers the ApiKey (LS snapshot update-api-key-disabled)
}
