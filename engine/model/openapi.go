package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// OpenAPI import: RestAPI.openapi (or Deployment.openapi) names an OpenAPI 3 or Swagger 2
// file, YAML or JSON, whose paths become resources. The API Gateway extensions follow AWS's
// "Working with API Gateway extensions to OpenAPI" (awsdocs/amazon-api-gateway-developer-guide,
// doc_source/api-gateway-swagger-extensions-*.md):
//
//   - x-amazon-apigateway-integration on an operation: type (aws_proxy or AWS_PROXY, …), uri,
//     httpMethod, timeoutInMillis, passthroughBehavior (when_no_match, …), requestParameters,
//     requestTemplates, responses (selection pattern → {statusCode, responseParameters,
//     responseTemplates, contentHandling}; the key "default" is the response without a
//     pattern), contentHandling, cacheKeyParameters, cacheNamespace. credentials,
//     connectionId, connectionType, tlsConfig, integrationSubtype and payloadFormatVersion
//     are accepted and have no effect here.
//   - x-amazon-apigateway-any-method on a path item: the ANY method.
//   - security naming a securityScheme of type apiKey, in header, name x-api-key:
//     apiKeyRequired ("Configure a method to use API keys with an OpenAPI definition",
//     docs.aws.amazon.com/apigateway/latest/developerguide/api-key-usage-plan-oas.html). A
//     scheme with x-amazon-apigateway-authtype awsSigv4 gives AWS_IAM
//     (doc_source/api-gateway-swagger-extensions-authtype.md); one with
//     x-amazon-apigateway-authorizer gives CUSTOM (or COGNITO_USER_POOLS for an authorizer of
//     type cognito_user_pools), with the scheme name as authorizerId.
//   - parameters (path-level and operation-level) in path, query or header:
//     method.request.{path|querystring|header}.NAME, true when required.
//   - top level: x-amazon-apigateway-gateway-responses, x-amazon-apigateway-binary-media-types,
//     x-amazon-apigateway-api-key-source.
//
// kin-openapi loads the document (and converts Swagger 2 to OpenAPI 3 with openapi2conv);
// the same file is also read as a YAML node tree for the order of paths and methods and for
// the positions of errors, which name the OpenAPI file. The document is not run through
// kin-openapi's full Validate: AWS's own examples (responses: {}) would fail it.
//
// Merging: resources written in the workspace add to the file's, and a method written in the
// workspace replaces the file's method of the same path and verb. A value written in the
// workspace (apiKeySource, a gateway response) wins over the file's; binaryMediaTypes are
// combined.

type importer struct {
	s        *session
	dir      string
	readFile func(string) ([]byte, error)
}

// oasFile is one loaded OpenAPI document.
type oasFile struct {
	name string
	root *yaml.Node
	doc  *openapi3.T // nil when kin-openapi could not load it
	d    *decoder
}

// Keys of x-amazon-apigateway-integration, as AWS documents them.
var (
	oasIntegrationKeys = []string{"type", "uri", "httpMethod", "timeoutInMillis", "passthroughBehavior",
		"requestParameters", "requestTemplates", "responses", "contentHandling", "cacheKeyParameters",
		"cacheNamespace", "credentials", "connectionId", "connectionType", "tlsConfig",
		"integrationSubtype", "payloadFormatVersion"}
	oasIgnoredKeys      = []string{"credentials", "connectionId", "connectionType", "tlsConfig", "integrationSubtype", "payloadFormatVersion"}
	oasResponseKeys     = []string{"statusCode", "responseParameters", "responseTemplates", "contentHandling"}
	oasOperationMethods = map[string]string{"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE",
		"options": "OPTIONS", "head": "HEAD", "patch": "PATCH", "x-amazon-apigateway-any-method": "ANY"}
)

// fail reports a problem with field of owner, at the field's position in the workspace.
func (im *importer) fail(owner any, base, field, msg string) {
	v := &validator{s: im.s}
	v.at(owner, base, field, msg)
}

func (im *importer) load(ref string, owner any, base string) *oasFile {
	path := ref
	if !filepath.IsAbs(path) {
		path = filepath.Join(im.dir, path)
	}
	data, err := im.readFile(path)
	if err != nil {
		im.fail(owner, base, "openapi", fmt.Sprintf("cannot read %s: %v (openapi names an OpenAPI 3 or Swagger 2 file, relative to the workspace file)", path, err))
		return nil
	}
	return im.loadData(path, data)
}

// loadData loads an OpenAPI document from memory; path names it in errors.
func (im *importer) loadData(path string, data []byte) *oasFile {
	root := im.s.parseDocument(path, data, "an OpenAPI document")
	if root == nil {
		return nil
	}
	f := &oasFile{name: path, root: root, d: im.s.decoder(path)}
	if root.Kind != yaml.MappingNode {
		f.d.fail(root, "", "want an OpenAPI document (a mapping with openapi: or swagger:), got "+describe(root))
		return nil
	}
	var version string
	var versionNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "openapi", "swagger":
			versionNode = root.Content[i+1]
			version = root.Content[i].Value + " " + versionNode.Value
		}
	}
	switch {
	case version == "":
		f.d.fail(root, "", "not an OpenAPI document: want openapi: 3.0.1 (OpenAPI 3) or swagger: \"2.0\" (Swagger 2) at the top")
		return f
	case strings.HasPrefix(version, "swagger 2"):
		f.doc = f.loadV2(data)
	case strings.HasPrefix(version, "openapi 3"):
		f.doc = f.loadV3(data)
	default:
		f.d.fail(versionNode, "", fmt.Sprintf("unsupported version %q: apigwlab reads OpenAPI 3.x and Swagger 2.0", versionNode.Value))
	}
	return f
}

// loadV3 and loadV2 load the document with kin-openapi; its errors are reported against the
// file (kin-openapi reports no positions). External references are not followed.
func (f *oasFile) loadV3(data []byte) (doc *openapi3.T) {
	defer func() {
		if r := recover(); r != nil {
			f.d.s.add(Pos{File: f.name}, "", fmt.Sprintf("cannot load the OpenAPI document: %v", r))
			doc = nil
		}
	}()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		f.d.s.add(Pos{File: f.name}, "", "not a valid OpenAPI 3 document: "+err.Error())
		return nil
	}
	return doc
}

func (f *oasFile) loadV2(data []byte) (doc *openapi3.T) {
	defer func() {
		if r := recover(); r != nil {
			f.d.s.add(Pos{File: f.name}, "", fmt.Sprintf("cannot load the Swagger 2 document: %v", r))
			doc = nil
		}
	}()
	var doc2 openapi2.T
	if err := openapi2.UnmarshalFromData(data, &doc2); err != nil {
		f.d.s.add(Pos{File: f.name}, "", "not a valid Swagger 2 document: "+err.Error())
		return nil
	}
	doc, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		f.d.s.add(Pos{File: f.name}, "", "cannot convert the Swagger 2 document to OpenAPI 3: "+err.Error())
		return nil
	}
	return doc
}

// child finds key in mapping n (after aliases); it returns the key and value nodes.
func (f *oasFile) child(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if n == nil {
		return nil, nil
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			for v.Kind == yaml.AliasNode && v.Alias != nil {
				v = v.Alias
			}
			return n.Content[i], v
		}
	}
	return nil, nil
}

func (im *importer) importAPI(api *RestAPI, base string) {
	im.importDoc(api, im.load(api.OpenAPI, api, base))
}

// importDoc merges a loaded OpenAPI document into api.
func (im *importer) importDoc(api *RestAPI, f *oasFile) {
	if f == nil {
		return
	}
	api.Resources = mergeResources(im.resources(f), api.Resources)
	im.topLevel(f, api)
	im.importAuthorizers(f, api)
	im.importModels(f, api)
	im.importValidators(f, api)
	if f.doc != nil && f.doc.Info != nil {
		if api.Version == "" {
			api.Version = f.doc.Info.Version
		}
		if api.Description == "" {
			api.Description = f.doc.Info.Description
		}
	}
}

func (im *importer) importDeployment(dep *Deployment, base string) {
	f := im.load(dep.OpenAPI, dep, base)
	if f == nil {
		return
	}
	dep.Resources = mergeResources(im.resources(f), dep.Resources)
}

// mergeResources adds written resources to those from a file; a written method replaces
// the file's method of the same verb on the same path.
func mergeResources(fromFile, written []*Resource) []*Resource {
	out := append([]*Resource(nil), fromFile...)
	byPath := map[string]*Resource{}
	for _, r := range out {
		byPath[r.Path] = r
	}
	for _, w := range written {
		if w == nil {
			continue
		}
		r, ok := byPath[w.Path]
		if !ok {
			out = append(out, w)
			byPath[w.Path] = w
			continue
		}
		for _, m := range w.Methods {
			if m == nil {
				continue
			}
			i := slices.IndexFunc(r.Methods, func(x *Method) bool { return x.HTTPMethod == m.HTTPMethod })
			if i >= 0 {
				r.Methods[i] = m
			} else {
				r.Methods = append(r.Methods, m)
			}
		}
	}
	return out
}

// resources builds resources from the document's paths, in file order.
func (im *importer) resources(f *oasFile) []*Resource {
	_, paths := f.child(f.root, "paths")
	if paths == nil {
		return nil
	}
	if paths.Kind != yaml.MappingNode {
		if !isNull(paths) {
			f.d.fail(paths, "paths", "want a mapping of paths to operations, got "+describe(paths))
		}
		return nil
	}
	var out []*Resource
	for _, p := range f.d.pairs(paths, "paths") {
		r := &Resource{Path: p.k.Value, Pos: f.d.pos(p.k)}
		rbase := "paths." + r.Path
		im.s.bases[r] = rbase
		out = append(out, r)
		item := f.d.resolve(p.v, rbase)
		if item == nil || isNull(item) {
			continue
		}
		if item.Kind != yaml.MappingNode {
			f.d.fail(item, rbase, "want a path item (get:, post:, …), got "+describe(item))
			continue
		}
		var pathItem *openapi3.PathItem
		if f.doc != nil && f.doc.Paths != nil {
			pathItem = f.doc.Paths.Value(r.Path)
		}
		for _, op := range f.d.pairs(item, rbase) {
			verb, ok := oasOperationMethods[op.k.Value]
			if !ok {
				continue // parameters, summary, servers, trace, other extensions
			}
			m := &Method{HTTPMethod: verb, Pos: f.d.pos(op.k)}
			mbase := rbase + "." + op.k.Value
			im.s.bases[m] = mbase
			r.Methods = append(r.Methods, m)
			opNode := f.d.resolve(op.v, mbase)
			if opNode == nil || isNull(opNode) {
				continue
			}
			if opNode.Kind != yaml.MappingNode {
				f.d.fail(opNode, mbase, "want an operation (a mapping), got "+describe(opNode))
				continue
			}
			im.method(f, m, mbase, opNode, im.operation(f, pathItem, verb), pathItem)
		}
	}
	return out
}

// operation is kin-openapi's view of one operation (nil when unavailable).
func (im *importer) operation(f *oasFile, item *openapi3.PathItem, verb string) *openapi3.Operation {
	if item == nil {
		return nil
	}
	if verb != "ANY" {
		return item.GetOperation(verb)
	}
	raw, ok := item.Extensions["x-amazon-apigateway-any-method"]
	if !ok {
		return nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil
	}
	op := &openapi3.Operation{}
	if err := json.Unmarshal(b, op); err != nil {
		return nil
	}
	// kin-openapi does not resolve references inside an extension: resolve parameter
	// references against components (Swagger 2 parameters are converted there too).
	for _, p := range op.Parameters {
		if p != nil && p.Value == nil && p.Ref != "" && f.doc.Components != nil {
			name := p.Ref[strings.LastIndex(p.Ref, "/")+1:]
			if c := f.doc.Components.Parameters[name]; c != nil {
				p.Value = c.Value
			}
		}
	}
	return op
}

func (im *importer) method(f *oasFile, m *Method, base string, opNode *yaml.Node, op *openapi3.Operation, item *openapi3.PathItem) {
	if op != nil {
		m.OperationName = op.OperationID
		params := map[string]bool{}
		var all openapi3.Parameters
		if item != nil {
			all = append(all, item.Parameters...)
		}
		all = append(all, op.Parameters...)
		for _, p := range all {
			if p == nil || p.Value == nil {
				continue
			}
			loc := map[string]string{"path": "path", "query": "querystring", "header": "header"}[p.Value.In]
			if loc == "" || p.Value.Name == "" {
				continue
			}
			params["method.request."+loc+"."+p.Value.Name] = p.Value.Required || p.Value.In == "path"
		}
		if len(params) > 0 {
			m.RequestParameters = params
		}
		im.security(f, m, op)
		m.RequestModels = bodyModels(op.RequestBody)
		if op.Responses != nil {
			codes := make([]string, 0, op.Responses.Len())
			for code := range op.Responses.Map() {
				if statusRe.MatchString(code) {
					codes = append(codes, code)
				}
			}
			sort.Strings(codes)
			_, respNode := f.child(opNode, "responses")
			for _, code := range codes {
				mr := &MethodResponse{StatusCode: code, Pos: m.Pos}
				if k, _ := f.child(respNode, code); k != nil {
					mr.Pos = f.d.pos(k)
				}
				im.s.bases[mr] = base + ".responses." + code
				if rr := op.Responses.Value(code); rr != nil && rr.Value != nil {
					for _, h := range slices.Sorted(maps.Keys(rr.Value.Headers)) {
						if mr.ResponseParameters == nil {
							mr.ResponseParameters = map[string]bool{}
						}
						mr.ResponseParameters["method.response.header."+h] = false
					}
					mr.ResponseModels = contentModels(rr.Value.Content)
				}
				m.MethodResponses = append(m.MethodResponses, mr)
			}
		}
	}
	if _, v := f.child(opNode, "x-amazon-apigateway-request-validator"); v != nil && v.Kind == yaml.ScalarNode {
		m.RequestValidatorID = v.Value
	} else if _, v := f.child(f.root, "x-amazon-apigateway-request-validator"); v != nil && v.Kind == yaml.ScalarNode {
		m.RequestValidatorID = v.Value
	}
	k, v := f.child(opNode, "x-amazon-apigateway-integration")
	if k == nil {
		// The validator reports the missing integration, at the operation.
		im.s.fields[fieldKey{m, "integration"}] = fieldPos{key: m.Pos, val: m.Pos, path: base + ".x-amazon-apigateway-integration"}
		return
	}
	im.s.fields[fieldKey{m, "integration"}] = fieldPos{key: f.d.pos(k), val: f.d.pos(v), path: base + ".x-amazon-apigateway-integration"}
	m.Integration = im.integration(f, v, base+".x-amazon-apigateway-integration", f.d.pos(k))
}

// security sets apiKeyRequired and the authorization type from the operation's security
// requirements (or the document's).
func (im *importer) security(f *oasFile, m *Method, op *openapi3.Operation) {
	reqs := op.Security
	if reqs == nil && f.doc != nil {
		reqs = &f.doc.Security
	}
	if reqs == nil || f.doc == nil || f.doc.Components == nil {
		return
	}
	for _, req := range *reqs {
		for _, name := range slices.Sorted(maps.Keys(req)) {
			ref := f.doc.Components.SecuritySchemes[name]
			if ref == nil || ref.Value == nil {
				continue
			}
			sc := ref.Value
			if sc.Type == "apiKey" && strings.EqualFold(sc.In, "header") && strings.EqualFold(sc.Name, "x-api-key") {
				m.APIKeyRequired = true
				continue
			}
			if at, _ := sc.Extensions["x-amazon-apigateway-authtype"].(string); strings.EqualFold(at, "awsSigv4") {
				m.AuthorizationType = "AWS_IAM"
				continue
			}
			if az, ok := sc.Extensions["x-amazon-apigateway-authorizer"].(map[string]any); ok {
				m.AuthorizationType = "CUSTOM"
				if t, _ := az["type"].(string); strings.EqualFold(t, "cognito_user_pools") {
					m.AuthorizationType = "COGNITO_USER_POOLS"
				}
				m.AuthorizerID = name
				if m.AuthorizationType == "COGNITO_USER_POOLS" && len(req[name]) > 0 {
					m.AuthorizationScopes = append([]string(nil), req[name]...)
				}
			}
		}
	}
}

// filtered returns a mapping node holding the entries of n whose keys are in keep, and
// reports keys not in accepted. Entries in other are returned separately.
func (f *oasFile) filtered(n *yaml.Node, path, what string, accepted, skip []string, special string) (*yaml.Node, *yaml.Node) {
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column}
	var sp *yaml.Node
	for _, p := range f.d.pairs(n, path) {
		key := p.k.Value
		switch {
		case !slices.Contains(accepted, key):
			f.d.fail(p.k, joinPath(path, key), unknownField(key, what, accepted))
		case key == special:
			sp = p.v
		case slices.Contains(skip, key):
		default:
			out.Content = append(out.Content, p.k, p.v)
		}
	}
	return out, sp
}

func (im *importer) integration(f *oasFile, n *yaml.Node, base string, at Pos) *Integration {
	in := &Integration{Pos: at}
	im.s.bases[in] = base
	n = f.d.resolve(n, base)
	if n == nil {
		return in
	}
	if n.Kind != yaml.MappingNode {
		f.d.fail(n, base, "want an integration (a mapping with type, uri, …), got "+describe(n))
		return in
	}
	f.d.enter(n)
	defer f.d.leave(n)
	if k, _ := f.child(n, "$ref"); k != nil {
		f.d.fail(k, base, "$ref integrations (x-amazon-apigateway-integrations) are for HTTP APIs: write the integration inline")
		return in
	}
	body, responses := f.filtered(n, base, "x-amazon-apigateway-integration", oasIntegrationKeys, oasIgnoredKeys, "responses")
	f.d.decodeStruct(body, valueOf(in), base, at)
	// AWS's OpenAPI examples write the enums in lower case (type: aws_proxy,
	// passthroughBehavior: when_no_match); the API values are upper case.
	in.Type = upperIfValid(in.Type, integrationTypes)
	in.PassthroughBehavior = upperIfValid(in.PassthroughBehavior, passthroughBehaviors)
	in.ContentHandling = upperIfValid(in.ContentHandling, contentHandlings)
	if responses == nil {
		return in
	}
	rbase := base + ".responses"
	rn := f.d.resolve(responses, rbase)
	if rn == nil || isNull(rn) {
		return in
	}
	if rn.Kind != yaml.MappingNode {
		f.d.fail(rn, rbase, "want a mapping of selection patterns (or default) to responses, got "+describe(rn))
		return in
	}
	f.d.enter(rn)
	defer f.d.leave(rn)
	for _, p := range f.d.pairs(rn, rbase) {
		pattern := p.k.Value
		ir := &IntegrationResponse{SelectionPattern: pattern, Pos: f.d.pos(p.k)}
		if pattern == "default" {
			ir.SelectionPattern = ""
		}
		irbase := rbase + "." + pattern
		im.s.bases[ir] = irbase
		im.s.fields[fieldKey{ir, "selectionPattern"}] = fieldPos{key: f.d.pos(p.k), val: f.d.pos(p.k), path: irbase}
		in.IntegrationResponses = append(in.IntegrationResponses, ir)
		v := f.d.resolve(p.v, irbase)
		if v == nil || isNull(v) {
			continue
		}
		if v.Kind != yaml.MappingNode {
			f.d.fail(v, irbase, "want a response (statusCode, responseParameters, responseTemplates), got "+describe(v))
			continue
		}
		f.d.enter(v)
		body, _ := f.filtered(v, irbase, "x-amazon-apigateway-integration.response", oasResponseKeys, nil, "")
		f.d.decodeStruct(body, valueOf(ir), irbase, ir.Pos)
		f.d.leave(v)
		ir.ContentHandling = upperIfValid(ir.ContentHandling, contentHandlings)
	}
	return in
}

// upperIfValid upper-cases an enum value written in lower case, as AWS's OpenAPI examples
// do; a value that is invalid either way is kept as written, for the validator's message.
func upperIfValid(s string, allowed []string) string {
	if u := strings.ToUpper(s); slices.Contains(allowed, u) {
		return u
	}
	return s
}

// oasTop holds the document-level extensions.
type oasTop struct {
	GatewayResponses map[string]*GatewayResponse `yaml:"x-amazon-apigateway-gateway-responses"`
	BinaryMediaTypes []string                    `yaml:"x-amazon-apigateway-binary-media-types"`
	APIKeySource     string                      `yaml:"x-amazon-apigateway-api-key-source"`
	// The resource policy and endpoint type (validate_iam.go checks them).
	Policy                any                    `yaml:"x-amazon-apigateway-policy"`
	EndpointConfiguration *EndpointConfiguration `yaml:"x-amazon-apigateway-endpoint-configuration"`
}

func (im *importer) topLevel(f *oasFile, api *RestAPI) {
	keys := []string{"x-amazon-apigateway-gateway-responses", "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-api-key-source",
		"x-amazon-apigateway-policy", "x-amazon-apigateway-endpoint-configuration"}
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: f.root.Line, Column: f.root.Column}
	for _, k := range keys {
		if kn, _ := f.child(f.root, k); kn != nil {
			for i := 0; i+1 < len(f.root.Content); i += 2 {
				if f.root.Content[i] == kn {
					n.Content = append(n.Content, kn, f.root.Content[i+1])
				}
			}
		}
	}
	if len(n.Content) == 0 {
		return
	}
	var top oasTop
	f.d.decodeStruct(n, valueOf(&top), "", Pos{})
	if top.APIKeySource != "" && api.APIKeySource == "" {
		api.APIKeySource = strings.ToUpper(top.APIKeySource)
		if fp, ok := im.s.fields[fieldKey{&top, "x-amazon-apigateway-api-key-source"}]; ok {
			fp.path = "x-amazon-apigateway-api-key-source"
			im.s.fields[fieldKey{api, "apiKeySource"}] = fp
		}
	}
	im.topLevelAccess(&top, api)
	for _, mt := range top.BinaryMediaTypes {
		if !slices.Contains(api.BinaryMediaTypes, mt) {
			api.BinaryMediaTypes = append(api.BinaryMediaTypes, mt)
		}
	}
	for _, typ := range slices.Sorted(maps.Keys(top.GatewayResponses)) {
		if _, written := api.GatewayResponses[typ]; written {
			continue
		}
		if api.GatewayResponses == nil {
			api.GatewayResponses = map[string]*GatewayResponse{}
		}
		gr := top.GatewayResponses[typ]
		api.GatewayResponses[typ] = gr
		if gr != nil {
			im.s.bases[gr] = "x-amazon-apigateway-gateway-responses." + typ
		}
		if fp, ok := im.s.fields[fieldKey{&top, "x-amazon-apigateway-gateway-responses." + typ}]; ok {
			im.s.fields[fieldKey{api, "gatewayResponses." + typ}] = fp
		}
		if _, ok := im.s.fields[fieldKey{api, "gatewayResponses"}]; !ok {
			if fp, ok := im.s.fields[fieldKey{&top, "x-amazon-apigateway-gateway-responses"}]; ok {
				fp.path = "x-amazon-apigateway-gateway-responses"
				im.s.fields[fieldKey{api, "gatewayResponses"}] = fp
			}
		}
	}
}
