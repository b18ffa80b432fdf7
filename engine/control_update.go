package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"apigwlab/engine/model"
)

// The update verbs of the REST control plane that change an API's settings and its
// resources (update-rest-api, update-resource), and those that read, patch and delete one
// method response or integration response. Like the other definition verbs they change the
// current definition: a stage sees it after create-deployment. Messages are AWS's, from
// LocalStack's AWS-validated snapshots (tests/aws/services/apigateway/
// test_apigateway_api.snapshot.json; the case names are in the tests).

// patchEnum is the op enum AWS's input validation names (LS snapshot
// test_update_rest_api_concatenation_of_errors).
const patchEnum = "[add, remove, move, test, replace, copy]"

// validationError joins AWS's input-validation violations into one ValidationException:
// "2 validation errors detected: A; B" (nil when there are none).
func validationError(violations []string) error {
	switch len(violations) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("ValidationException: 1 validation error detected: %s", violations[0])
	}
	return fmt.Errorf("ValidationException: %d validation errors detected: %s", len(violations), strings.Join(violations, "; "))
}

// opViolations lists the operations whose op is not JSON Patch's, as AWS's input validation
// names them ('updateRestApiInput.patchOperations.1.member.op'; 1-based).
func opViolations(input string, ops []patchOp) []string {
	var out []string
	for i, op := range ops {
		switch op.Op {
		case "add", "remove", "move", "test", "replace", "copy":
			continue
		}
		out = append(out, fmt.Sprintf("Value '%s' at '%s.patchOperations.%d.member.op' failed to satisfy constraint: Member must satisfy enum value set: %s", op.Op, input, i+1, patchEnum))
	}
	return out
}

// statusViolation is AWS's input-validation text for a status code outside [1-5]\d\d ("" when
// it is valid).
func statusViolation(code string) string {
	if n, err := strconv.Atoi(code); err != nil || n < 100 || n > 599 || len(code) != 3 {
		return fmt.Sprintf("Value '%s' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d", code)
	}
	return ""
}

// readPatch reads --patch-operations and refuses, in one ValidationException as AWS does,
// ops outside the enum and (when code is not nil) a bad --status-code.
func readPatch(f flagSet, input string, code *string) ([]patchOp, error) {
	ops, err := parsePatchOps(f["patch-operations"])
	if err != nil {
		return nil, err
	}
	v := opViolations(input, ops)
	if code != nil {
		if s := statusViolation(*code); s != "" {
			v = append(v, s)
		}
	}
	return ops, validationError(v)
}

// ---- update-rest-api ----

// updateRestAPI patches an API's settings, as UpdateRestApi does: /name, /description,
// /version, /apiKeySource, /binaryMediaTypes/TYPE (add, replace, remove: the list is patched
// like an object, "~1" escapes "/"), /minimumCompressionSize, /disableExecuteApiEndpoint and
// /policy. All or nothing.
func (g *Gateway) updateRestAPI(f flagSet) (string, error) {
	api, err := g.apiArg(f)
	if err != nil {
		return "", err
	}
	ops, err := readPatch(f, "updateRestApiInput", nil)
	if err != nil {
		return "", err
	}
	cp := *api.model
	cp.BinaryMediaTypes = slices.Clone(api.model.BinaryMediaTypes)
	for _, op := range ops {
		if err := applyRestAPIPatch(&cp, op); err != nil {
			return "", err
		}
	}
	if cp.Name != api.name {
		if cp.Name == "" {
			return "", fmt.Errorf("BadRequestException: Invalid REST API name specified: a name is required")
		}
		if g.byKey[cp.Name] != nil || g.httpByKey[cp.Name] != nil {
			// apigwlab finds APIs by name: two of one name would be ambiguous (AWS allows it)
			return "", fmt.Errorf("ConflictException: a REST API named %s already exists (apigwlab refers to APIs by name: choose another)", cp.Name)
		}
	}
	acc := api.access
	if err := compileAccess(api, &cp); err != nil {
		api.access = acc
		return "", fmt.Errorf("BadRequestException: Invalid policy document: %v", err)
	}
	if cp.Name != api.name {
		g.renameRestAPI(api, cp.Name)
	}
	cp.ID = api.id // the id stays what it was, whatever the name
	*api.model = cp
	api.apiKeySource, api.binaryMediaTypes = cp.APIKeySource, cp.BinaryMediaTypes
	return toJSON(restAPIJSON(api)), nil
}

// renameRestAPI gives an API a new name everywhere apigwlab refers to it by name: the lookup
// of --rest-api-id and the usage plans' apiStages. Its id does not change.
func (g *Gateway) renameRestAPI(api *restAPI, name string) {
	old := api.name
	delete(g.byKey, old)
	g.byKey[name], g.byKey[api.id] = api, api
	api.name = name
	for _, p := range g.ws.UsagePlans {
		for i := range p.APIStages {
			if p.APIStages[i].API == old {
				p.APIStages[i].API = name
			}
		}
	}
	_ = g.compileKeys(g.ws) // the plans' API names changed; nothing else did, so this cannot fail anew
}

func applyRestAPIPatch(a *model.RestAPI, op patchOp) error {
	replaceOnly := func() error {
		if op.Op != "replace" {
			return fmt.Errorf("BadRequestException: Invalid patch operation specified. Must be one of: [replace]")
		}
		return nil
	}
	p := op.Path
	switch {
	case p == "/name" || p == "/apiKeySource" || p == "/minimumCompressionSize" || p == "/disableExecuteApiEndpoint":
		if err := replaceOnly(); err != nil {
			return err
		}
	case p == "/description" || p == "/version" || p == "/policy":
		if op.Op != "replace" && op.Op != "remove" && op.Op != "add" {
			return fmt.Errorf("BadRequestException: Invalid patch operation specified. Must be one of: [add, remove, replace]")
		}
	}
	switch {
	case p == "/name":
		a.Name = op.Value
	case p == "/description":
		a.Description = removedOr(op)
	case p == "/version":
		a.Version = removedOr(op)
	case p == "/apiKeySource":
		if op.Value != "HEADER" && op.Value != "AUTHORIZER" {
			return fmt.Errorf("BadRequestException: Invalid API Key Source specified: %s (HEADER or AUTHORIZER)", op.Value)
		}
		a.APIKeySource = op.Value
	case p == "/minimumCompressionSize":
		// AWS: a null or absent value turns compression off (LS test_update_rest_api_compression)
		if op.Value == "" {
			a.MinimumCompressionSize = nil
			return nil
		}
		n, err := strconv.Atoi(op.Value)
		if err != nil || n < 0 || n > 10485760 {
			return fmt.Errorf("BadRequestException: Invalid minimum compression size, must be between 0 and 10485760")
		}
		a.MinimumCompressionSize = &n
	case p == "/disableExecuteApiEndpoint":
		b, err := strconv.ParseBool(op.Value)
		if err != nil {
			return fmt.Errorf("BadRequestException: Invalid value for disableExecuteApiEndpoint: %s (true or false)", op.Value)
		}
		a.DisableExecuteAPIEndpoint = b
	case p == "/policy":
		if op.Op == "remove" || op.Value == "" {
			a.Policy = nil
			return nil
		}
		var doc any
		if err := json.Unmarshal([]byte(op.Value), &doc); err != nil {
			return fmt.Errorf("BadRequestException: Invalid policy document: %v", err)
		}
		a.Policy = op.Value
	case strings.HasPrefix(p, "/binaryMediaTypes/"):
		// the list is patched like an object keyed by the type (LS
		// test_update_rest_api_operation_add_remove; "/binaryMediaTypes/-" adds "-")
		typ := unescapePointer(strings.TrimPrefix(p, "/binaryMediaTypes/"))
		switch op.Op {
		case "add":
			if !slices.Contains(a.BinaryMediaTypes, typ) {
				a.BinaryMediaTypes = append(a.BinaryMediaTypes, typ)
			}
		case "remove":
			a.BinaryMediaTypes = slices.DeleteFunc(a.BinaryMediaTypes, func(t string) bool { return t == typ })
		case "replace":
			a.BinaryMediaTypes = slices.DeleteFunc(a.BinaryMediaTypes, func(t string) bool { return t == typ })
			if !slices.Contains(a.BinaryMediaTypes, op.Value) {
				a.BinaryMediaTypes = append(a.BinaryMediaTypes, op.Value)
			}
		default:
			return fmt.Errorf("BadRequestException: Invalid patch operation specified. Must be one of: [add, remove, replace]")
		}
	default:
		// "/binaryMediaTypes" itself included (LS update-rest-api-add-base-path)
		return fmt.Errorf("BadRequestException: Invalid patch path %s", p)
	}
	return nil
}

// patchDescription applies --patch-operations to a thing whose only patchable member is
// /description (a deployment, a documentation version), all or nothing.
func patchDescription(f flagSet, input string, desc *string) error {
	ops, err := readPatch(f, input, nil)
	if err != nil {
		return err
	}
	d := *desc
	for _, op := range ops {
		if op.Path != "/description" {
			return fmt.Errorf("BadRequestException: Invalid patch path %s", op.Path)
		}
		if op.Op != "replace" && op.Op != "remove" && op.Op != "add" {
			return fmt.Errorf("BadRequestException: Invalid patch operation specified. Must be one of: [add, remove, replace]")
		}
		d = removedOr(op)
	}
	*desc = d
	return nil
}

// removedOr is an operation's value, or "" for remove.
func removedOr(op patchOp) string {
	if op.Op == "remove" {
		return ""
	}
	return op.Value
}

// ---- update-resource ----

// updateResource renames a resource (/pathPart) or moves it under another parent
// (/parentId), with everything below it, as UpdateResource does: replace only; a sibling
// of the same name is a ConflictException; a resource cannot move under itself. The moved
// resources keep their ids (resourceIds in the model).
func (g *Gateway) updateResource(f flagSet) (string, error) {
	api, p, err := g.resourcePathArg(f)
	if err != nil {
		return "", err
	}
	ops, err := readPatch(f, "updateResourceInput", nil)
	if err != nil {
		return "", err
	}
	parent, part := parentPath(p), p[strings.LastIndexByte(p, '/')+1:]
	for _, op := range ops {
		if op.Path != "/pathPart" && op.Path != "/parentId" {
			return "", fmt.Errorf("BadRequestException: Invalid patch path  '%s' specified for op '%s'. Must be one of: [/parentId, /pathPart]", op.Path, op.Op)
		}
		if op.Op != "replace" {
			return "", fmt.Errorf("BadRequestException: Invalid patch path  '%s' specified for op '%s'. Please choose supported operations", op.Path, op.Op)
		}
		if p == "/" {
			return "", fmt.Errorf("BadRequestException: Root resource cannot update its %s.", strings.TrimPrefix(op.Path, "/"))
		}
		if op.Path == "/pathPart" {
			part = op.Value
			continue
		}
		if parent, err = api.resourceArg(flagSet{"resource-id": {op.Value}}); err != nil {
			return "", err
		}
	}
	if parent == p || strings.HasPrefix(parent, p+"/") {
		return "", fmt.Errorf("BadRequestException: Resources cannot be cyclical.")
	}
	to := strings.TrimSuffix(parent, "/") + "/" + part
	if to != p {
		if err := api.checkNewChild(parent, part, p); err != nil {
			return "", err
		}
		api.moveResource(p, to)
	}
	return toJSON(api.resourceJSON(to)), nil
}

// checkNewChild refuses part as a new child of parent as CreateResource and UpdateResource
// do (except is the resource being moved, not a sibling).
func (a *restAPI) checkNewChild(parent, part, except string) error {
	if part == "" || strings.Contains(part, "/") {
		return fmt.Errorf("BadRequestException: --path-part is one path segment, such as pets or {petId} or {proxy+}")
	}
	if strings.HasSuffix(parent, "+}") {
		return fmt.Errorf("BadRequestException: Cannot create a child of a resource with a greedy path variable: %s", parent[strings.LastIndexByte(parent, '/')+1:])
	}
	for _, p := range a.resourcePaths() {
		if p == "/" || p == except || parentPath(p) != parent {
			continue
		}
		sib := p[strings.LastIndexByte(p, '/')+1:]
		if sib == part {
			return fmt.Errorf("ConflictException: Another resource with the same parent already has this name: %s", part)
		}
		if strings.HasPrefix(sib, "{") && strings.HasPrefix(part, "{") {
			return fmt.Errorf("BadRequestException: A sibling (%s) of this resource already has a variable path part -- only one is allowed", sib)
		}
	}
	return nil
}

// moveResource moves the resource at from, and every resource below it, to to, keeping
// their ids; the old parent stays a resource even when nothing else implied it.
func (a *restAPI) moveResource(from, to string) {
	ids := map[string]string{}
	for _, p := range a.resourcePaths() {
		if p == from || strings.HasPrefix(p, from+"/") {
			ids[to+strings.TrimPrefix(p, from)] = a.resourceID(p)
			delete(a.model.ResourceIDs, p)
		}
	}
	if old := parentPath(from); old != "/" {
		a.resource(old, true)
	}
	moved := make([]*model.Resource, 0, len(a.model.Resources))
	for _, r := range a.model.Resources {
		if r.Path == from || strings.HasPrefix(r.Path, from+"/") {
			cp := *r
			cp.Path = to + strings.TrimPrefix(r.Path, from)
			r = &cp
		}
		moved = append(moved, r)
	}
	if a.resource(to, false) == nil && !slices.ContainsFunc(moved, func(r *model.Resource) bool { return r.Path == to }) {
		moved = append(moved, &model.Resource{Path: to})
	}
	a.model.Resources = moved
	if a.model.ResourceIDs == nil {
		a.model.ResourceIDs = map[string]string{}
	}
	for p, id := range ids {
		if id == shortID("resource:"+a.id+p, 6) {
			delete(a.model.ResourceIDs, p) // the id its path gives anyway
			continue
		}
		a.model.ResourceIDs[p] = id
	}
	a.changed()
}

// ---- method responses ----

// methodResponseArg resolves a method and the method response --status-code names.
func (g *Gateway) methodResponseArg(m *model.Method, code string) (*model.MethodResponse, error) {
	if s := statusViolation(code); s != "" {
		return nil, validationError([]string{s})
	}
	for _, r := range m.MethodResponses {
		if r.StatusCode == code {
			return r, nil
		}
	}
	return nil, fmt.Errorf("%s", errNoStatus)
}

// getMethodResponse shows one method response of the current definition.
func (g *Gateway) getMethodResponse(f flagSet) (string, error) {
	return g.showMethod(f, func(m *model.Method) (any, error) {
		r, err := g.methodResponseArg(m, f.get("status-code"))
		if err != nil {
			return nil, err
		}
		return methodResponseJSON(r), nil
	})
}

// updateMethodResponse patches a method response: /responseParameters/NAME (a boolean:
// required) and /responseModels/TYPE (a model name); add, replace or remove. Replacing or
// removing one that does not exist is AWS's NotFoundException.
func (g *Gateway) updateMethodResponse(f flagSet) (string, error) {
	code := f.get("status-code")
	ops, err := readPatch(f, "updateMethodResponseInput", &code)
	if err != nil {
		return "", err
	}
	return g.editMethod(f, false, func(api *restAPI, m *model.Method) (any, error) {
		r, err := g.methodResponseArg(m, code) // m is editMethod's copy
		if err != nil {
			return nil, err
		}
		for _, op := range ops {
			if err := applyMethodResponsePatch(r, op); err != nil {
				return nil, err
			}
		}
		for _, name := range r.ResponseModels {
			if name != "Empty" && name != "Error" && api.models[name] == nil {
				return nil, fmt.Errorf("BadRequestException: Invalid model identifier specified: %s", name)
			}
		}
		return methodResponseJSON(r), nil
	})
}

func applyMethodResponsePatch(r *model.MethodResponse, op patchOp) error {
	if err := checkPatchOp(op); err != nil {
		return err
	}
	switch p := op.Path; {
	case strings.HasPrefix(p, "/responseParameters/"):
		name := unescapePointer(strings.TrimPrefix(p, "/responseParameters/"))
		if _, ok := r.ResponseParameters[name]; !ok && op.Op != "add" {
			return fmt.Errorf("NotFoundException: Invalid parameter name specified")
		}
		if op.Op == "remove" {
			delete(r.ResponseParameters, name)
			return nil
		}
		if r.ResponseParameters == nil {
			r.ResponseParameters = map[string]bool{}
		}
		r.ResponseParameters[name] = op.Value == "true"
	case strings.HasPrefix(p, "/responseModels/"):
		ct := unescapePointer(strings.TrimPrefix(p, "/responseModels/"))
		if _, ok := r.ResponseModels[ct]; !ok && op.Op != "add" {
			return fmt.Errorf("NotFoundException: Content-Type specified was not found")
		}
		patchMap(&r.ResponseModels, ct, op)
	default:
		return fmt.Errorf("BadRequestException: Invalid patch path %s", p)
	}
	return nil
}

// deleteMethodResponse removes a method response (AWS answers 204).
func (g *Gateway) deleteMethodResponse(f flagSet) (string, error) {
	return g.editMethod(f, false, func(_ *restAPI, m *model.Method) (any, error) {
		r, err := g.methodResponseArg(m, f.get("status-code"))
		if err != nil {
			return nil, err
		}
		m.MethodResponses = slices.DeleteFunc(m.MethodResponses, func(x *model.MethodResponse) bool { return x == r })
		return nil, nil
	})
}

// ---- integration responses ----

// integrationResponseArg resolves the integration response --status-code names.
func integrationResponseArg(m *model.Method, code string) (*model.IntegrationResponse, error) {
	if s := statusViolation(code); s != "" {
		return nil, validationError([]string{s})
	}
	if m.Integration == nil {
		return nil, fmt.Errorf("%s", errNoIntegration)
	}
	for _, r := range m.Integration.IntegrationResponses {
		if r.StatusCode == code {
			return r, nil
		}
	}
	return nil, fmt.Errorf("%s", errNoStatus)
}

// getIntegrationResponse shows one integration response of the current definition.
func (g *Gateway) getIntegrationResponse(f flagSet) (string, error) {
	return g.showMethod(f, func(m *model.Method) (any, error) {
		r, err := integrationResponseArg(m, f.get("status-code"))
		if err != nil {
			return nil, err
		}
		return integrationResponseJSON(r), nil
	})
}

// updateIntegrationResponse patches an integration response: /selectionPattern,
// /contentHandling (replace, remove), /responseTemplates/TYPE and /responseParameters/NAME
// (add, replace, remove). A header mapping must name a declared method response header,
// as put-integration-response requires.
func (g *Gateway) updateIntegrationResponse(f flagSet) (string, error) {
	code := f.get("status-code")
	ops, err := readPatch(f, "updateIntegrationResponseInput", &code)
	if err != nil {
		return "", err
	}
	return g.editMethod(f, false, func(_ *restAPI, m *model.Method) (any, error) {
		r, err := integrationResponseArg(m, code) // m is editMethod's copy
		if err != nil {
			return nil, err
		}
		for _, op := range ops {
			if err := applyIntegrationResponsePatch(r, op); err != nil {
				return nil, err
			}
		}
		if err := model.CheckResponseMappings(m, r); err != nil {
			return nil, err
		}
		return integrationResponseJSON(r), nil
	})
}

func applyIntegrationResponsePatch(r *model.IntegrationResponse, op patchOp) error {
	if err := checkPatchOp(op); err != nil {
		return err
	}
	switch p := op.Path; {
	case p == "/selectionPattern":
		r.SelectionPattern = removedOr(op)
	case p == "/contentHandling":
		if v := removedOr(op); v != "" && v != "CONVERT_TO_TEXT" && v != "CONVERT_TO_BINARY" {
			return fmt.Errorf("BadRequestException: Invalid value for contentHandling: %s (CONVERT_TO_TEXT or CONVERT_TO_BINARY)", v)
		}
		r.ContentHandling = removedOr(op)
	case strings.HasPrefix(p, "/responseTemplates/"):
		patchMap(&r.ResponseTemplates, unescapePointer(strings.TrimPrefix(p, "/responseTemplates/")), op)
	case strings.HasPrefix(p, "/responseParameters/"):
		patchMap(&r.ResponseParameters, unescapePointer(strings.TrimPrefix(p, "/responseParameters/")), op)
	default:
		return fmt.Errorf("BadRequestException: Invalid patch path %s", p)
	}
	return nil
}

// deleteIntegrationResponse removes an integration response (AWS answers 204). A method
// that does not exist is AWS's "Invalid Integration identifier specified" here (LS
// test_delete_integration_response_errors non-existent-method).
func (g *Gateway) deleteIntegrationResponse(f flagSet) (string, error) {
	out, err := g.editMethod(f, false, func(_ *restAPI, m *model.Method) (any, error) {
		r, err := integrationResponseArg(m, f.get("status-code"))
		if err != nil {
			return nil, err
		}
		in := m.Integration
		in.IntegrationResponses = slices.DeleteFunc(in.IntegrationResponses, func(x *model.IntegrationResponse) bool { return x == r })
		return nil, nil
	})
	if err != nil && err.Error() == errNoMethod {
		return "", fmt.Errorf("%s", errNoIntegration)
	}
	return out, err
}
