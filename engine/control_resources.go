package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"apigwlab/engine/integration"
	"apigwlab/engine/model"
)

// The verbs here change an API's current definition: its resources, methods, method
// responses, integrations and integration responses. As on AWS, a change reaches no stage
// until create-deployment freezes the definition into a deployment; until then every stage
// keeps serving the deployment it had (the most common real-world trap: "I changed the API
// and nothing happened"). Messages are AWS's, from LocalStack's AWS-validated snapshots
// (tests/aws/services/apigateway/test_apigateway_api.snapshot.json).

const (
	errNoResource    = "NotFoundException: Invalid Resource identifier specified"
	errNoMethod      = "NotFoundException: Invalid Method identifier specified"
	errNoIntegration = "NotFoundException: Invalid Integration identifier specified"
	errNoStatus      = "NotFoundException: Invalid Response status code specified"
	errBadHTTPMethod = "BadRequestException: Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
)

// resourceID is the id apigwlab gives a resource path (AWS's are random; ours are stable).
// A resource update-resource moved keeps the id it had (model.RestAPI.ResourceIDs).
func (a *restAPI) resourceID(path string) string {
	if id := a.model.ResourceIDs[path]; id != "" {
		return id
	}
	return shortID("resource:"+a.id+path, 6)
}

// resourcePaths lists every resource of the current definition as AWS has it: the root, the
// declared paths and the parents they imply, sorted.
func (a *restAPI) resourcePaths() []string {
	set := map[string]bool{"/": true}
	for _, r := range a.model.Resources {
		p := r.Path
		for p != "/" && p != "" {
			set[p] = true
			p = parentPath(p)
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func parentPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

// resourceArg resolves --resource-id, an id from get-resources or a path such as /pets.
func (a *restAPI) resourceArg(f flagSet) (string, error) {
	id := f.get("resource-id")
	for _, p := range a.resourcePaths() {
		if id == p || id == a.resourceID(p) {
			return p, nil
		}
	}
	return "", &HintedError{Type: "NotFoundException", AWS: "Invalid Resource identifier specified",
		Hint: fmt.Sprintf("%q: get-resources lists the ids; a path such as /pets works too", id)}
}

// resource returns the declared resource at path, adding it when create = true.
func (a *restAPI) resource(path string, create bool) *model.Resource {
	for _, r := range a.model.Resources {
		if r.Path == path {
			return r
		}
	}
	if !create {
		return nil
	}
	r := &model.Resource{Path: path}
	a.model.Resources = append(a.model.Resources, r)
	return r
}

// restAPIForResource resolves --rest-api-id for the resource verbs: AWS answers a wrong API
// id there with the resource's NotFoundException (LS snapshot "wrong-rest-api").
func (g *Gateway) restAPIForResource(f flagSet) (*restAPI, error) {
	api, err := g.apiFor(f)
	if err != nil && strings.HasPrefix(err.Error(), "NotFoundException") {
		return nil, fmt.Errorf("%s", errNoResource)
	}
	return api, err
}

// methodArg resolves --rest-api-id, --resource-id and --http-method to a method of the
// current definition (nil method, no error, when want = create and it does not exist).
func (g *Gateway) methodArg(f flagSet, create bool) (*restAPI, *model.Resource, *model.Method, error) {
	api, err := g.restAPIForResource(f)
	if err != nil {
		return nil, nil, nil, err
	}
	path, err := api.resourceArg(f)
	if err != nil {
		return nil, nil, nil, err
	}
	hm := strings.ToUpper(f.get("http-method"))
	if !validHTTPMethod(hm) {
		if create {
			return nil, nil, nil, fmt.Errorf("%s", errBadHTTPMethod)
		}
		return nil, nil, nil, fmt.Errorf("%s", errNoMethod)
	}
	r := api.resource(path, create)
	if r != nil {
		for _, m := range r.Methods {
			if m.HTTPMethod == hm {
				return api, r, m, nil
			}
		}
	}
	if create {
		return api, r, nil, nil
	}
	return nil, nil, nil, fmt.Errorf("%s", errNoMethod)
}

func validHTTPMethod(m string) bool {
	switch m {
	case "GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY":
		return true
	}
	return false
}

// changed records a change to the current definition: stages now have undeployed changes.
func (a *restAPI) changed() { a.rev++ }

// getResources lists the current definition's resources as GetResources does.
func (g *Gateway) getResources(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	items := []map[string]any{}
	for _, p := range api.resourcePaths() {
		items = append(items, api.resourceJSON(p))
	}
	return toJSON(map[string]any{"items": items}), nil
}

// resourceJSON is a Resource as GetResource and GetResources answer it.
func (a *restAPI) resourceJSON(p string) map[string]any {
	item := map[string]any{"id": a.resourceID(p), "path": p}
	if p != "/" {
		item["parentId"] = a.resourceID(parentPath(p))
		item["pathPart"] = p[strings.LastIndexByte(p, '/')+1:]
	}
	if r := a.resource(p, false); r != nil && len(r.Methods) > 0 {
		ms := map[string]any{}
		for _, m := range r.Methods {
			ms[m.HTTPMethod] = map[string]any{}
		}
		item["resourceMethods"] = ms
	}
	return item
}

// resourcePathArg resolves --rest-api-id and --resource-id to an API and a resource path.
func (g *Gateway) resourcePathArg(f flagSet) (*restAPI, string, error) {
	api, err := g.restAPIForResource(f)
	if err != nil {
		return nil, "", err
	}
	p, err := api.resourceArg(f)
	return api, p, err
}

// getResource shows one resource: --resource-id (an id or a path).
func (g *Gateway) getResource(f flagSet) (string, error) {
	api, p, err := g.resourcePathArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(api.resourceJSON(p)), nil
}

// deleteResource removes a resource, its methods and every resource below it, as
// DeleteResource does. The root cannot be deleted.
func (g *Gateway) deleteResource(f flagSet) (string, error) {
	api, p, err := g.resourcePathArg(f)
	if err != nil {
		return "", err
	}
	if p == "/" {
		// apigwlab's wording (unconfirmed)
		return "", fmt.Errorf("BadRequestException: Cannot delete the root resource of an API")
	}
	api.model.Resources = slices.DeleteFunc(slices.Clone(api.model.Resources), func(r *model.Resource) bool {
		return r.Path == p || strings.HasPrefix(r.Path, p+"/")
	})
	for path := range api.model.ResourceIDs {
		if path == p || strings.HasPrefix(path, p+"/") {
			delete(api.model.ResourceIDs, path)
		}
	}
	api.changed()
	return "", nil
}

// newResourceID gives a new resource at path its id: the one its path gives, unless a
// resource update-resource moved already has that one.
func (a *restAPI) newResourceID(path string) {
	id := shortID("resource:"+a.id+path, 6)
	taken := func(id string) bool {
		for _, v := range a.model.ResourceIDs {
			if v == id {
				return true
			}
		}
		return false
	}
	if !taken(id) {
		return
	}
	for taken(id) {
		id = shortID("resource:"+id, 6)
	}
	a.model.ResourceIDs[path] = id
}

// createResource adds a child resource: --parent-id ID --path-part PART.
func (g *Gateway) createResource(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	parent, err := api.resourceArg(flagSet{"resource-id": f["parent-id"]})
	if err != nil {
		return "", err
	}
	part := f.get("path-part")
	if err := api.checkNewChild(parent, part, ""); err != nil {
		return "", err
	}
	path := strings.TrimSuffix(parent, "/") + "/" + part
	api.newResourceID(path)
	api.resource(path, true)
	api.changed()
	return toJSON(map[string]any{"id": api.resourceID(path), "parentId": api.resourceID(parent), "pathPart": part, "path": path}), nil
}

// putMethod adds a method: --authorization-type NONE|AWS_IAM|CUSTOM|COGNITO_USER_POOLS
// [--authorizer-id] [--api-key-required] [--request-parameters] [--request-models]
// [--request-validator-id] [--operation-name] [--authorization-scopes].
func (g *Gateway) putMethod(f flagSet) (string, error) {
	// PutMethod replaces the method's request settings, as AWS does; its integration and
	// method responses are kept.
	return g.editMethod(f, true, func(api *restAPI, m *model.Method) (any, error) {
		at := f.get("authorization-type")
		if at == "" {
			return nil, fmt.Errorf("put-method needs --authorization-type NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS")
		}
		if strings.EqualFold(at, "NONE") {
			at = "NONE" // AWS takes "none" (LS snapshot put-method-put of test_put_integration_responses)
		}
		m.AuthorizationType, m.AuthorizerID = at, f.get("authorizer-id")
		m.APIKeyRequired = f.has("api-key-required") && f.get("api-key-required") != "false"
		m.OperationName, m.RequestValidatorID = f.get("operation-name"), f.get("request-validator-id")
		m.AuthorizationScopes = f["authorization-scopes"]
		var err error
		if m.RequestParameters, err = boolMapArg(f, "request-parameters"); err != nil {
			return nil, err
		}
		if m.RequestModels, err = stringMapArg(f, "request-models"); err != nil {
			return nil, err
		}
		return methodJSON(m), api.checkMethod(m)
	})
}

// editMethod is what every verb that changes a method shares: it resolves the method
// (create: PutMethod may name a new one), changes a copy, so that a refused change leaves
// the definition as it was, puts the copy in place, marks the API changed and answers the
// JSON of what change returns (nothing for nil).
func (g *Gateway) editMethod(f flagSet, create bool, change func(api *restAPI, m *model.Method) (any, error)) (string, error) {
	api, r, m, err := g.methodArg(f, create)
	if err != nil {
		return "", err
	}
	cp := &model.Method{HTTPMethod: strings.ToUpper(f.get("http-method"))}
	if m != nil {
		cp = model.CloneMethod(m)
	}
	out, err := change(api, cp)
	if err != nil {
		return "", err
	}
	replaceMethod(r, cp)
	api.changed()
	if out == nil {
		return "", nil
	}
	return toJSON(withCacheNamespace(out, api.resourceID(r.Path))), nil
}

// withCacheNamespace fills an integration's unset cacheNamespace in a verb's answer (the
// integration itself, or a method's methodIntegration) with the resource's id: AWS's
// default, which it answers (LS snapshots: cacheNamespace equal to the resource id in
// every put-integration, get-integration and get-method of test_apigateway_import).
func withCacheNamespace(out any, resourceID string) any {
	m, ok := out.(map[string]any)
	if !ok {
		return out
	}
	if ns, ok := m["cacheNamespace"]; ok && ns == "" {
		m["cacheNamespace"] = resourceID
	}
	if in, ok := m["methodIntegration"].(map[string]any); ok {
		withCacheNamespace(in, resourceID)
	}
	return m
}

// editIntegration is editMethod for a method that must have an integration already.
func (g *Gateway) editIntegration(f flagSet, change func(in *model.Integration, m *model.Method) (any, error)) (string, error) {
	return g.editMethod(f, false, func(_ *restAPI, m *model.Method) (any, error) {
		if m.Integration == nil {
			return nil, fmt.Errorf("%s", errNoIntegration)
		}
		return change(m.Integration, m)
	})
}

// showMethod answers what show makes of a method of the current definition (not necessarily
// what a stage serves).
func (g *Gateway) showMethod(f flagSet, show func(m *model.Method) (any, error)) (string, error) {
	api, r, m, err := g.methodArg(f, false)
	if err != nil {
		return "", err
	}
	out, err := show(m)
	if err != nil {
		return "", err
	}
	return toJSON(withCacheNamespace(out, api.resourceID(r.Path))), nil
}

// patchEach reads --patch-operations and applies each to the copy a verb changes.
func patchEach(f flagSet, apply func(patchOp) error) error {
	ops, err := parsePatchOps(f["patch-operations"])
	if err != nil {
		return err
	}
	for _, op := range ops {
		if err := apply(op); err != nil {
			return err
		}
	}
	return nil
}

// checkPatchOp refuses an operation other than add, replace and remove, as AWS does.
func checkPatchOp(op patchOp) error {
	switch op.Op {
	case "add", "replace", "remove":
		return nil
	}
	return fmt.Errorf("BadRequestException: Invalid patch operation specified. Must be 'add'|'remove'|'replace'")
}

// replaceMethod puts m in r in place of the method of the same HTTP method, or appends it.
func replaceMethod(r *model.Resource, m *model.Method) {
	for i, old := range r.Methods {
		if old.HTTPMethod == m.HTTPMethod {
			r.Methods[i] = m
			return
		}
	}
	r.Methods = append(r.Methods, m)
}

// checkMethod refuses what PutMethod and UpdateMethod refuse.
func (a *restAPI) checkMethod(m *model.Method) error {
	switch m.AuthorizationType {
	case "", "NONE", "AWS_IAM":
	case "CUSTOM", "COGNITO_USER_POOLS":
		if a.authorizers[m.AuthorizerID] == nil {
			return fmt.Errorf("BadRequestException: Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.")
		}
	default:
		return fmt.Errorf("BadRequestException: authorizationType %q: use NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS", m.AuthorizationType)
	}
	if id := m.RequestValidatorID; id != "" && a.validators[id] == nil {
		return fmt.Errorf("BadRequestException: Invalid Request Validator identifier specified")
	}
	for _, name := range m.RequestModels {
		if name != "Empty" && name != "Error" && a.models[name] == nil {
			return fmt.Errorf("BadRequestException: Invalid model identifier specified: %s", name)
		}
	}
	return nil
}

// updateMethod patches a method: /authorizationType, /authorizerId, /apiKeyRequired,
// /operationName, /requestValidatorId (replace), /requestParameters/NAME and
// /requestModels/TYPE (add, replace, remove; "~1" escapes "/").
func (g *Gateway) updateMethod(f flagSet) (string, error) {
	return g.editMethod(f, false, func(api *restAPI, m *model.Method) (any, error) {
		if err := patchEach(f, func(op patchOp) error { return applyMethodPatch(m, op) }); err != nil {
			return nil, err
		}
		return methodJSON(m), api.checkMethod(m)
	})
}

func applyMethodPatch(m *model.Method, op patchOp) error {
	badPath := fmt.Errorf("BadRequestException: Invalid patch path %s", op.Path)
	if err := checkPatchOp(op); err != nil {
		return err
	}
	scalar := func(dst *string) error {
		if op.Op != "replace" {
			return fmt.Errorf("BadRequestException: Invalid patch operation specified. Must be one of: [replace]")
		}
		*dst = op.Value
		return nil
	}
	switch p := op.Path; {
	case p == "/authorizationType":
		return scalar(&m.AuthorizationType)
	case p == "/authorizerId":
		return scalar(&m.AuthorizerID)
	case p == "/operationName":
		return scalar(&m.OperationName)
	case p == "/requestValidatorId":
		return scalar(&m.RequestValidatorID)
	case p == "/apiKeyRequired":
		var v string
		if err := scalar(&v); err != nil {
			return err
		}
		m.APIKeyRequired = v == "true"
	case strings.HasPrefix(p, "/requestParameters/"):
		name := unescapePointer(strings.TrimPrefix(p, "/requestParameters/"))
		if op.Op == "remove" {
			delete(m.RequestParameters, name)
			return nil
		}
		if m.RequestParameters == nil {
			m.RequestParameters = map[string]bool{}
		}
		m.RequestParameters[name] = op.Value == "true"
	case strings.HasPrefix(p, "/requestModels/"):
		ct := strings.TrimPrefix(p, "/requestModels/")
		if strings.Contains(ct, "/") {
			return badPath // AWS: "/" in a content type is written ~1
		}
		patchMap(&m.RequestModels, unescapePointer(ct), op)
	case p == "/authorizationScopes":
		if op.Op == "remove" {
			m.AuthorizationScopes = slices.DeleteFunc(m.AuthorizationScopes, func(s string) bool { return s == op.Value })
		} else {
			m.AuthorizationScopes = append(m.AuthorizationScopes, op.Value)
		}
	default:
		return badPath
	}
	return nil
}

// unescapePointer undoes JSON Pointer escaping (RFC 6901): ~1 is "/", ~0 is "~".
func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// deleteMethod removes a method from the current definition.
func (g *Gateway) deleteMethod(f flagSet) (string, error) {
	api, r, m, err := g.methodArg(f, false)
	if err != nil {
		return "", err
	}
	r.Methods = slices.DeleteFunc(slices.Clone(r.Methods), func(x *model.Method) bool { return x == m })
	api.changed()
	return "", nil
}

// getMethod shows a method of the current definition.
func (g *Gateway) getMethod(f flagSet) (string, error) {
	return g.showMethod(f, func(m *model.Method) (any, error) { return methodJSON(m), nil })
}

func methodJSON(m *model.Method) map[string]any {
	at := m.AuthorizationType
	if at == "" {
		at = "NONE"
	}
	out := map[string]any{"httpMethod": m.HTTPMethod, "authorizationType": at, "apiKeyRequired": m.APIKeyRequired}
	if m.AuthorizerID != "" {
		out["authorizerId"] = m.AuthorizerID
	}
	if m.OperationName != "" {
		out["operationName"] = m.OperationName
	}
	if m.RequestValidatorID != "" {
		out["requestValidatorId"] = m.RequestValidatorID
	}
	if len(m.RequestParameters) > 0 {
		out["requestParameters"] = m.RequestParameters
	}
	if len(m.RequestModels) > 0 {
		out["requestModels"] = m.RequestModels
	}
	if len(m.AuthorizationScopes) > 0 {
		out["authorizationScopes"] = m.AuthorizationScopes
	}
	if len(m.MethodResponses) > 0 {
		mr := map[string]any{}
		for _, r := range m.MethodResponses {
			mr[r.StatusCode] = methodResponseJSON(r)
		}
		out["methodResponses"] = mr
	}
	if m.Integration != nil {
		out["methodIntegration"] = integrationJSON(m.Integration)
	}
	return out
}

func methodResponseJSON(r *model.MethodResponse) map[string]any {
	out := map[string]any{"statusCode": r.StatusCode}
	if len(r.ResponseParameters) > 0 {
		out["responseParameters"] = r.ResponseParameters
	}
	if len(r.ResponseModels) > 0 {
		out["responseModels"] = r.ResponseModels
	}
	return out
}

// checkStatusCode refuses a status code as AWS's input validation does.
func checkStatusCode(code string) error {
	if s := statusViolation(code); s != "" {
		return validationError([]string{s})
	}
	return nil
}

// putMethodResponse declares a method response: --status-code --response-parameters
// --response-models.
func (g *Gateway) putMethodResponse(f flagSet) (string, error) {
	return g.editMethod(f, false, func(_ *restAPI, m *model.Method) (any, error) {
		code := f.get("status-code")
		if err := checkStatusCode(code); err != nil {
			return nil, err
		}
		mr := &model.MethodResponse{StatusCode: code}
		var err error
		if mr.ResponseParameters, err = boolMapArg(f, "response-parameters"); err != nil {
			return nil, err
		}
		if mr.ResponseModels, err = stringMapArg(f, "response-models"); err != nil {
			return nil, err
		}
		m.MethodResponses = slices.DeleteFunc(m.MethodResponses, func(x *model.MethodResponse) bool { return x.StatusCode == code })
		m.MethodResponses = append(m.MethodResponses, mr)
		return methodResponseJSON(mr), nil
	})
}

// integrationTypes are PutIntegration's enum, in AWS's message order.
const integrationTypes = "[HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]"

// putIntegration sets a method's integration: --type --integration-http-method --uri
// --request-parameters --request-templates --passthrough-behavior --timeout-in-millis
// --content-handling --cache-key-parameters --cache-namespace. The integration responses
// already declared are kept.
func (g *Gateway) putIntegration(f flagSet) (string, error) {
	return g.editMethod(f, false, func(_ *restAPI, m *model.Method) (any, error) {
		in := &model.Integration{Type: f.get("type"), URI: f.get("uri"), HTTPMethod: f.get("integration-http-method"),
			PassthroughBehavior: f.get("passthrough-behavior"), ContentHandling: f.get("content-handling"),
			CacheNamespace: f.get("cache-namespace"), CacheKeyParameters: f["cache-key-parameters"],
			ConnectionType: f.get("connection-type"), ConnectionID: f.get("connection-id")}
		if !strings.Contains(strings.Trim(integrationTypes, "[]")+",", in.Type+",") || in.Type == "" {
			return nil, fmt.Errorf("ValidationException: 1 validation error detected: Value '%s' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: %s", in.Type, integrationTypes)
		}
		var err error
		if in.RequestParameters, err = stringMapArg(f, "request-parameters"); err != nil {
			return nil, err
		}
		if in.RequestTemplates, err = stringMapArg(f, "request-templates"); err != nil {
			return nil, err
		}
		if v := f.get("timeout-in-millis"); v != "" {
			if in.TimeoutInMillis, err = checkTimeout(v); err != nil {
				return nil, err
			}
		}
		if err := checkIntegration(in); err != nil {
			return nil, err
		}
		if err := g.checkConnection(in); err != nil { // control_domains.go
			return nil, err
		}
		if m.Integration != nil {
			in.IntegrationResponses = m.Integration.IntegrationResponses // m is already a copy
		}
		m.Integration = in
		return integrationJSON(in), nil
	})
}

// checkTimeout reads timeoutInMillis, which AWS bounds to 50–29000.
func checkTimeout(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 50 || n > 29000 {
		return 0, fmt.Errorf("BadRequestException: Timeout should be between 50 ms and 29000 ms")
	}
	return n, nil
}

// checkIntegration refuses what PutIntegration refuses.
func checkIntegration(in *model.Integration) error {
	if in.Type == model.IntegrationMock {
		return nil
	}
	if in.HTTPMethod == "" {
		return fmt.Errorf("BadRequestException: Enumeration value for HttpMethod must be non-empty")
	}
	if in.URI == "" {
		return fmt.Errorf("BadRequestException: Invalid integration URI specified")
	}
	if in.Type == model.IntegrationAWS || in.Type == model.IntegrationAWSProxy {
		return checkAWSURI(in.Type, in.URI)
	}
	return nil
}

// checkAWSURI refuses an AWS or AWS_PROXY integration URI as PutIntegration does (LS
// snapshot test_put_integration_aws_proxy_uri, recorded against AWS): not an ARN; not an
// API Gateway service ARN with path/ or action/ (a Lambda function's own ARN is refused);
// AWS_PROXY to anything but a Lambda function's invocation path. apigwlab's function:NAME
// shorthand is taken.
func checkAWSURI(typ, uri string) error {
	if strings.HasPrefix(uri, "function:") || strings.HasPrefix(uri, "${") {
		return nil
	}
	rest, ok := strings.CutPrefix(uri, "arn:")
	parts := strings.SplitN(rest, ":", 5) // partition, service, region, service of the integration, path
	if !ok || len(parts) < 5 {
		return fmt.Errorf("BadRequestException: Invalid ARN specified in the request")
	}
	if parts[1] != "apigateway" || (!strings.HasPrefix(parts[4], "path/") && !strings.HasPrefix(parts[4], "action/")) {
		return fmt.Errorf("BadRequestException: AWS ARN for integration must contain path or action")
	}
	if typ == model.IntegrationAWSProxy {
		if _, _, err := integration.LambdaTarget(uri); parts[3] != "lambda" || err != nil {
			return fmt.Errorf("BadRequestException: Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.")
		}
	}
	return nil
}

// updateIntegration patches an integration: /uri, /httpMethod, /type, /passthroughBehavior,
// /timeoutInMillis, /contentHandling, /cacheNamespace (replace), /requestTemplates/TYPE and
// /requestParameters/NAME (add, replace, remove).
func (g *Gateway) updateIntegration(f flagSet) (string, error) {
	return g.editIntegration(f, func(in *model.Integration, _ *model.Method) (any, error) {
		if err := patchEach(f, func(op patchOp) error { return applyIntegrationPatch(in, op) }); err != nil {
			return nil, err
		}
		if err := g.checkConnection(in); err != nil { // control_domains.go
			return nil, err
		}
		return integrationJSON(in), checkIntegration(in)
	})
}

func applyIntegrationPatch(in *model.Integration, op patchOp) error {
	if err := checkPatchOp(op); err != nil {
		return err
	}
	scalars := map[string]*string{"/uri": &in.URI, "/httpMethod": &in.HTTPMethod, "/type": &in.Type,
		"/passthroughBehavior": &in.PassthroughBehavior, "/contentHandling": &in.ContentHandling,
		"/cacheNamespace": &in.CacheNamespace, "/connectionType": &in.ConnectionType, "/connectionId": &in.ConnectionID}
	if dst := scalars[op.Path]; dst != nil {
		*dst = op.Value
		return nil
	}
	switch p := op.Path; {
	case p == "/timeoutInMillis":
		n, err := checkTimeout(op.Value)
		if err != nil {
			return err
		}
		in.TimeoutInMillis = n
	case strings.HasPrefix(p, "/requestTemplates/"):
		patchMap(&in.RequestTemplates, unescapePointer(strings.TrimPrefix(p, "/requestTemplates/")), op)
	case strings.HasPrefix(p, "/requestParameters/"):
		patchMap(&in.RequestParameters, unescapePointer(strings.TrimPrefix(p, "/requestParameters/")), op)
	default:
		return fmt.Errorf("BadRequestException: Invalid patch path %s", p)
	}
	return nil
}

// deleteIntegration removes a method's integration (a deployment then refuses the method:
// "No integration defined for method").
func (g *Gateway) deleteIntegration(f flagSet) (string, error) {
	return g.editIntegration(f, func(_ *model.Integration, m *model.Method) (any, error) {
		m.Integration = nil
		return nil, nil
	})
}

// getIntegration shows a method's integration in the current definition.
func (g *Gateway) getIntegration(f flagSet) (string, error) {
	return g.showMethod(f, func(m *model.Method) (any, error) {
		if m.Integration == nil {
			return nil, fmt.Errorf("%s", errNoIntegration)
		}
		return integrationJSON(m.Integration), nil
	})
}

func integrationJSON(in *model.Integration) map[string]any {
	pt := in.PassthroughBehavior
	if pt == "" {
		pt = model.PassthroughWhenNoMatch
	}
	out := map[string]any{"type": in.Type, "passthroughBehavior": pt, "timeoutInMillis": int(in.Timeout().Milliseconds()),
		"cacheNamespace": in.CacheNamespace, "cacheKeyParameters": in.CacheKeyParameters}
	if in.CacheKeyParameters == nil {
		out["cacheKeyParameters"] = []string{}
	}
	if in.URI != "" {
		out["uri"] = in.URI
	}
	if in.Type == model.IntegrationHTTP || in.Type == model.IntegrationHTTPProxy {
		out["connectionType"] = "INTERNET" // LS snapshots put-integration-get, http-method-HTTP_PROXY
	}
	if in.HTTPMethod != "" {
		out["httpMethod"] = in.HTTPMethod
	}
	if len(in.RequestParameters) > 0 {
		out["requestParameters"] = in.RequestParameters
	}
	if len(in.RequestTemplates) > 0 {
		out["requestTemplates"] = in.RequestTemplates
	}
	if in.ContentHandling != "" {
		out["contentHandling"] = in.ContentHandling
	}
	if in.ConnectionType != "" {
		out["connectionType"] = in.ConnectionType
	}
	if in.ConnectionID != "" {
		out["connectionId"] = in.ConnectionID
	}
	if len(in.IntegrationResponses) > 0 {
		irs := map[string]any{}
		for _, ir := range in.IntegrationResponses {
			irs[ir.StatusCode] = integrationResponseJSON(ir)
		}
		out["integrationResponses"] = irs
	}
	return out
}

func integrationResponseJSON(ir *model.IntegrationResponse) map[string]any {
	out := map[string]any{"statusCode": ir.StatusCode}
	if ir.SelectionPattern != "" || ir.SelectionPatternSet {
		out["selectionPattern"] = ir.SelectionPattern
	}
	if len(ir.ResponseParameters) > 0 {
		out["responseParameters"] = ir.ResponseParameters
	}
	if ir.ResponseTemplates != nil {
		// AWS keeps an empty map and answers an empty template as null (LS snapshots
		// test_put_integration_responses, test_put_integration_response_templates)
		t := make(map[string]any, len(ir.ResponseTemplates))
		for k, v := range ir.ResponseTemplates {
			if v == "" {
				t[k] = nil
			} else {
				t[k] = v
			}
		}
		out["responseTemplates"] = t
	}
	if ir.ContentHandling != "" {
		out["contentHandling"] = ir.ContentHandling
	}
	return out
}

// putIntegrationResponse sets the integration response of a status: --status-code
// --selection-pattern --response-parameters --response-templates --content-handling.
func (g *Gateway) putIntegrationResponse(f flagSet) (string, error) {
	return g.editMethod(f, false, func(_ *restAPI, m *model.Method) (any, error) {
		code := f.get("status-code")
		if err := checkStatusCode(code); err != nil {
			return nil, err
		}
		in := m.Integration
		if in == nil {
			return nil, fmt.Errorf("%s", errNoIntegration)
		}
		ir := &model.IntegrationResponse{StatusCode: code, SelectionPattern: f.get("selection-pattern"),
			SelectionPatternSet: f.has("selection-pattern"), ContentHandling: f.get("content-handling")}
		var err error
		if ir.ResponseParameters, err = stringMapArg(f, "response-parameters"); err != nil {
			return nil, err
		}
		if ir.ResponseTemplates, err = stringMapArg(f, "response-templates"); err != nil {
			return nil, err
		}
		if err := model.CheckResponseMappings(m, ir); err != nil {
			return nil, err
		}
		in.IntegrationResponses = slices.DeleteFunc(in.IntegrationResponses, func(x *model.IntegrationResponse) bool { return x.StatusCode == code })
		in.IntegrationResponses = append(in.IntegrationResponses, ir)
		return integrationResponseJSON(ir), nil
	})
}

// stringMapArg reads a map flag as the AWS CLI takes it: JSON ('{"k":"v"}') or the
// shorthand k=v,k2=v2.
func stringMapArg(f flagSet, name string) (map[string]string, error) {
	// AWS's answer to a non-string JSON value is a SerializationException (LS snapshot
	// put-integration-request-param-bool-value)
	return mapArg(f, name, func(v string) (string, bool) { return v, true },
		"SerializationException: --%s: %v (values are strings, e.g. '{\"application/json\":\"{}\"}')", "k=v,k2=v2")
}

// boolMapArg reads a map of booleans (requestParameters of a method, responseParameters of a
// method response): JSON or shorthand, values true or false.
func boolMapArg(f flagSet, name string) (map[string]bool, error) {
	return mapArg(f, name, func(v string) (bool, bool) { return v == "true", v == "true" || v == "false" },
		"--%s: %v (values are true or false)", "name=true,other=false")
}

// mapArg reads a map flag in JSON or k=v shorthand; jsonErr formats a JSON failure (flag
// name, error), shape is the shorthand the error message shows.
func mapArg[V any](f flagSet, name string, parse func(string) (V, bool), jsonErr, shape string) (map[string]V, error) {
	v := f.get(name)
	if v == "" {
		return nil, nil
	}
	out := map[string]V{}
	if strings.HasPrefix(strings.TrimSpace(v), "{") {
		if err := json.Unmarshal([]byte(v), &out); err != nil {
			return nil, fmt.Errorf(jsonErr, name, err)
		}
		return out, nil
	}
	for _, kv := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(kv, "=")
		parsed, valid := parse(val)
		if !ok || !valid {
			return nil, fmt.Errorf("--%s %q: write %s or JSON", name, v, shape)
		}
		out[k] = parsed
	}
	return out, nil
}
