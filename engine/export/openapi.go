// Package export writes a deployed REST API as AWS's get-export does (OpenAPI 3.0.1 or
// Swagger 2.0, with or without the x-amazon-apigateway-* extensions), and a workspace back
// as workspace YAML.
//
// The shape follows what API Gateway returns, as recorded against AWS in LocalStack's
// tests/aws/services/apigateway/test_apigateway_extended.snapshot.json
// (test_export_oas30_openapi, test_export_swagger_openapi) and the exported samples of the
// developer guide (awsdocs/amazon-api-gateway-developer-guide,
// doc_source/api-as-s3-proxy-export-swagger-with-extensions.md):
//   - OpenAPI 3: servers[0].url https://{id}.execute-api.{region}.amazonaws.com/{basePath}
//     with variables.basePath.default = the stage; Swagger 2: host, basePath /stage,
//     schemes [https].
//   - info: title (the API's name), description, version (the API's version, else the
//     deployment's date).
//   - every method response as "<code> response", its headers as string schemas, its models
//     as $ref to components.schemas (definitions); OpenAPI 3 writes "content": {} when a
//     response has no model, and "components": {} when there is nothing to put there.
//   - query and header parameters without required when not required (OpenAPI 3); path
//     parameters required.
//   - x-amazon-apigateway-integration with type and passthroughBehavior in lower case,
//     integration responses keyed by selection pattern ("default" for none).
//   - security: api_key (x-api-key header) for apiKeyRequired, sigv4 with
//     x-amazon-apigateway-authtype awsSigv4 for AWS_IAM, the authorizer's name for CUSTOM and
//     COGNITO_USER_POOLS (x-amazon-apigateway-authtype custom or cognito_user_pools).
package export

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"apigwlab/engine/model"

	"gopkg.in/yaml.v3"
)

// Export types and extensions, as get-export names them.
const (
	TypeOAS30   = "oas30"
	TypeSwagger = "swagger"

	ExtIntegrations = "integrations"
	ExtAuthorizers  = "authorizers"
	ExtAPIGateway   = "apigateway"
)

// Options say what to export and where the API lives.
type Options struct {
	Type       string   // oas30 (default) or swagger
	Extensions []string // integrations, authorizers, apigateway (all of them)
	APIID      string
	Region     string
	AccountID  string
	Stage      string
	// Version is info.version when the API has none: AWS writes the deployment's date.
	Version string
}

// Result is one export: the document and the file name AWS would give it.
type Result struct {
	Doc any
	// Filename is what AWS's Content-Disposition names (oas30_<version>.json).
	Filename string
}

// JSON renders the document as indented JSON.
func (r *Result) JSON() []byte {
	b, err := json.MarshalIndent(r.Doc, "", "  ")
	if err != nil {
		return []byte(fmt.Sprintf(`{"message": %q}`, err.Error()))
	}
	return append(b, '\n')
}

// YAML renders the document as YAML.
func (r *Result) YAML() []byte {
	b, err := yaml.Marshal(r.Doc)
	if err != nil {
		return []byte("# " + err.Error() + "\n")
	}
	return b
}

// ParseExtensions reads "integrations,authorizers" (get-export's extensions parameter).
func ParseExtensions(s string) ([]string, error) {
	var out []string
	for _, e := range strings.Split(s, ",") {
		e = strings.TrimSpace(e)
		switch e {
		case "":
		case ExtIntegrations, ExtAuthorizers, ExtAPIGateway, "postman":
			out = append(out, e)
		default:
			return nil, fmt.Errorf("unknown extension %q: use integrations, authorizers or apigateway", e)
		}
	}
	return out, nil
}

type exporter struct {
	api     *model.RestAPI
	opt     Options
	swagger bool
	integr  bool // x-amazon-apigateway-integration
	authz   bool // x-amazon-apigateway-authorizer
	all     bool // every x-amazon-apigateway-* extension
	schemes map[string]omap
	refBase string
}

// OpenAPI exports api with the given resources (a stage's deployment) as get-export does.
func OpenAPI(api *model.RestAPI, resources []*model.Resource, opt Options) (*Result, error) {
	if opt.Type == "" {
		opt.Type = TypeOAS30
	}
	if opt.Type != TypeOAS30 && opt.Type != TypeSwagger {
		return nil, fmt.Errorf("BadRequestException: Invalid export type %q: use oas30 or swagger", opt.Type)
	}
	e := &exporter{api: api, opt: opt, swagger: opt.Type == TypeSwagger, schemes: map[string]omap{}}
	for _, x := range opt.Extensions {
		switch x {
		case ExtIntegrations:
			e.integr = true
		case ExtAuthorizers:
			e.authz = true
		case ExtAPIGateway:
			e.integr, e.authz, e.all = true, true, true
		}
	}
	e.refBase = "#/components/schemas/"
	if e.swagger {
		e.refBase = "#/definitions/"
	}
	version := api.Version
	if version == "" {
		version = opt.Version
	}
	doc := omap{}
	info := omap{}
	if e.swagger {
		doc.set("swagger", "2.0")
		info.setNonEmpty("description", api.Description)
		info.set("version", version)
		info.set("title", api.Name)
	} else {
		doc.set("openapi", "3.0.1")
		info.set("title", api.Name)
		info.setNonEmpty("description", api.Description)
		info.set("version", version)
	}
	doc.set("info", info)
	host := fmt.Sprintf("%s.execute-api.%s.amazonaws.com", opt.APIID, opt.Region)
	if e.swagger {
		doc.set("host", host)
		doc.set("basePath", "/"+opt.Stage)
		doc.set("schemes", []string{"https"})
	} else {
		doc.set("servers", []omap{{{"url", "https://" + host + "/{basePath}"},
			{"variables", omap{{"basePath", omap{{"default", opt.Stage}}}}}}})
	}
	doc.set("paths", e.paths(resources))
	schemas := e.models()
	secSchemes := omap{}
	for _, name := range slices.Sorted(maps.Keys(e.schemes)) {
		secSchemes.set(name, e.schemes[name])
	}
	if e.swagger {
		doc.setNonEmpty("securityDefinitions", secSchemes)
		doc.setNonEmpty("definitions", schemas)
	} else {
		comp := omap{}
		comp.setNonEmpty("schemas", schemas)
		comp.setNonEmpty("securitySchemes", secSchemes)
		doc.set("components", comp)
	}
	if e.all {
		e.topLevel(&doc)
	} else if e.integr && len(api.BinaryMediaTypes) > 0 {
		doc.set("x-amazon-apigateway-binary-media-types", api.BinaryMediaTypes)
	}
	return &Result{Doc: doc, Filename: fmt.Sprintf("%s_%s.json", opt.Type, version)}, nil
}

// topLevel adds the API-wide extensions of extensions=apigateway.
func (e *exporter) topLevel(doc *omap) {
	api := e.api
	doc.setNonEmpty("x-amazon-apigateway-binary-media-types", api.BinaryMediaTypes)
	if api.APIKeySource != "" && api.APIKeySource != model.DefaultAPIKeySource {
		doc.set("x-amazon-apigateway-api-key-source", api.APIKeySource)
	}
	if len(api.GatewayResponses) > 0 {
		grs := omap{}
		for _, typ := range slices.Sorted(maps.Keys(api.GatewayResponses)) {
			gr := api.GatewayResponses[typ]
			o := omap{}
			if gr != nil {
				o.setNonEmpty("statusCode", gr.StatusCode)
				o.setNonEmpty("responseParameters", gr.ResponseParameters)
				o.setNonEmpty("responseTemplates", gr.ResponseTemplates)
			}
			grs.set(typ, o)
		}
		doc.set("x-amazon-apigateway-gateway-responses", grs)
	}
	if len(api.RequestValidators) > 0 {
		vs := omap{}
		for _, v := range api.RequestValidators {
			vs.set(validatorName(v), omap{{"validateRequestBody", v.ValidateRequestBody}, {"validateRequestParameters", v.ValidateRequestParameters}})
		}
		doc.set("x-amazon-apigateway-request-validators", vs)
	}
	if api.Policy != nil {
		p := api.Policy
		if s, ok := p.(string); ok {
			var v any
			if json.Unmarshal([]byte(s), &v) == nil {
				p = v
			}
		}
		doc.set("x-amazon-apigateway-policy", p)
	}
	if ec := api.EndpointConfiguration; ec != nil && len(ec.Types) > 0 {
		o := omap{}
		o.set("types", ec.Types)
		o.setNonEmpty("vpcEndpointIds", ec.VpcEndpointIds)
		doc.set("x-amazon-apigateway-endpoint-configuration", o)
	}
}

func validatorName(v *model.RequestValidator) string {
	if v.Name != "" {
		return v.Name
	}
	return v.ID
}

// operationOrder is the order of a path item's operations (OpenAPI's own order).
var operationOrder = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "ANY"}

func (e *exporter) paths(resources []*model.Resource) omap {
	byPath := map[string][]*model.Method{}
	for _, r := range resources {
		if r == nil {
			continue
		}
		for _, m := range r.Methods {
			if m != nil {
				byPath[r.Path] = append(byPath[r.Path], m)
			}
		}
	}
	out := omap{}
	for _, p := range slices.Sorted(maps.Keys(byPath)) {
		ms := byPath[p]
		sort.SliceStable(ms, func(i, j int) bool {
			return slices.Index(operationOrder, ms[i].HTTPMethod) < slices.Index(operationOrder, ms[j].HTTPMethod)
		})
		item := omap{}
		for _, m := range ms {
			key := strings.ToLower(m.HTTPMethod)
			if m.HTTPMethod == "ANY" {
				key = "x-amazon-apigateway-any-method"
			}
			item.set(key, e.operation(m))
		}
		out.set(p, item)
	}
	return out
}

func (e *exporter) operation(m *model.Method) omap {
	op := omap{}
	op.setNonEmpty("operationId", m.OperationName)
	if e.swagger {
		op.setNonEmpty("consumes", e.consumes(m))
		op.setNonEmpty("produces", e.produces(m))
	}
	params := e.parameters(m)
	if e.swagger {
		for _, ct := range slices.Sorted(maps.Keys(m.RequestModels)) {
			name := m.RequestModels[ct]
			params = append(params, omap{{"in", "body"}, {"name", name}, {"required", true}, {"schema", omap{{"$ref", e.refBase + name}}}})
			break // Swagger 2 has one body parameter
		}
	}
	if len(params) > 0 {
		op.set("parameters", params)
	}
	if !e.swagger && len(m.RequestModels) > 0 {
		content := omap{}
		for _, ct := range slices.Sorted(maps.Keys(m.RequestModels)) {
			content.set(ct, omap{{"schema", omap{{"$ref", e.refBase + m.RequestModels[ct]}}}})
		}
		op.set("requestBody", omap{{"content", content}, {"required", true}})
	}
	op.set("responses", e.responses(m))
	if sec := e.security(m); len(sec) > 0 {
		op.set("security", sec)
	}
	if e.all && m.RequestValidatorID != "" {
		name := m.RequestValidatorID
		for _, v := range e.api.RequestValidators {
			if v.ID == name || v.Name == name {
				name = validatorName(v)
			}
		}
		op.set("x-amazon-apigateway-request-validator", name)
	}
	if e.integr && m.Integration != nil {
		op.set("x-amazon-apigateway-integration", e.integration(m.Integration))
	}
	return op
}

func (e *exporter) consumes(m *model.Method) []string {
	set := map[string]bool{}
	for ct := range m.RequestModels {
		set[ct] = true
	}
	if m.Integration != nil {
		for ct := range m.Integration.RequestTemplates {
			set[ct] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func (e *exporter) produces(m *model.Method) []string {
	set := map[string]bool{}
	for _, mr := range m.MethodResponses {
		for ct := range mr.ResponseModels {
			set[ct] = true
		}
	}
	if m.Integration != nil {
		for _, ir := range m.Integration.IntegrationResponses {
			for ct := range ir.ResponseTemplates {
				set[ct] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// parameters turns method.request.{path|querystring|header}.NAME into parameters: path
// first, then query, then header, each by name.
func (e *exporter) parameters(m *model.Method) []any {
	var out []any
	for _, loc := range []string{"path", "querystring", "header"} {
		prefix := "method.request." + loc + "."
		for _, k := range slices.Sorted(maps.Keys(m.RequestParameters)) {
			name, ok := strings.CutPrefix(k, prefix)
			if !ok {
				continue
			}
			in := loc
			if loc == "querystring" {
				in = "query"
			}
			required := m.RequestParameters[k] || loc == "path"
			p := omap{{"name", name}, {"in", in}}
			switch {
			case e.swagger:
				p.set("required", required)
				p.set("type", "string")
			default:
				if required {
					p.set("required", true)
				}
				p.set("schema", omap{{"type", "string"}})
			}
			out = append(out, p)
		}
	}
	return out
}

func (e *exporter) responses(m *model.Method) omap {
	mrs := slices.Clone(m.MethodResponses)
	sort.SliceStable(mrs, func(i, j int) bool { return mrs[i].StatusCode < mrs[j].StatusCode })
	out := omap{}
	for _, mr := range mrs {
		if mr == nil {
			continue
		}
		r := omap{{"description", mr.StatusCode + " response"}}
		cts := slices.Sorted(maps.Keys(mr.ResponseModels))
		if e.swagger && len(cts) > 0 {
			r.set("schema", omap{{"$ref", e.refBase + mr.ResponseModels[cts[0]]}})
		}
		headers := omap{}
		for _, k := range slices.Sorted(maps.Keys(mr.ResponseParameters)) {
			if h, ok := strings.CutPrefix(k, "method.response.header."); ok {
				if e.swagger {
					headers.set(h, omap{{"type", "string"}})
				} else {
					headers.set(h, omap{{"schema", omap{{"type", "string"}}}})
				}
			}
		}
		r.setNonEmpty("headers", headers)
		if !e.swagger {
			content := omap{}
			for _, ct := range cts {
				content.set(ct, omap{{"schema", omap{{"$ref", e.refBase + mr.ResponseModels[ct]}}}})
			}
			r.set("content", content)
		}
		out.set(mr.StatusCode, r)
	}
	return out
}

// security names the method's security schemes and records them for components.
func (e *exporter) security(m *model.Method) []any {
	var out []any
	if m.APIKeyRequired {
		e.schemes["api_key"] = omap{{"type", "apiKey"}, {"name", "x-api-key"}, {"in", "header"}}
		out = append(out, omap{{"api_key", []string{}}})
	}
	switch m.AuthorizationType {
	case "AWS_IAM":
		e.schemes["sigv4"] = omap{{"type", "apiKey"}, {"name", "Authorization"}, {"in", "header"}, {"x-amazon-apigateway-authtype", "awsSigv4"}}
		out = append(out, omap{{"sigv4", []string{}}})
	case "CUSTOM", "COGNITO_USER_POOLS":
		a := e.authorizer(m.AuthorizerID)
		if a == nil {
			break
		}
		scopes := []string{}
		if m.AuthorizationType == "COGNITO_USER_POOLS" {
			scopes = append(scopes, m.AuthorizationScopes...)
		}
		e.schemes[a.Name] = e.authorizerScheme(a)
		out = append(out, omap{{a.Name, scopes}})
	}
	return out
}

func (e *exporter) authorizer(id string) *model.Authorizer {
	for _, a := range e.api.Authorizers {
		if a != nil && (a.ID == id || a.Name == id) {
			return a
		}
	}
	return nil
}

// authorizerScheme is an authorizer as an apiKey security scheme
// (api-gateway-swagger-extensions-authorizer.md): the header it reads ("Unused" for a
// REQUEST authorizer), x-amazon-apigateway-authtype, and with the authorizers extension
// x-amazon-apigateway-authorizer.
func (e *exporter) authorizerScheme(a *model.Authorizer) omap {
	// A token or Cognito authorizer reads one header, Authorization unless it says otherwise.
	identity, header := a.IdentitySource, "Unused"
	if a.Type != "REQUEST" {
		if identity == "" {
			identity = "method.request.header.Authorization"
		}
		header = strings.TrimPrefix(identity, "method.request.header.")
	}
	authType := "custom"
	if a.Type == "COGNITO_USER_POOLS" {
		authType = "cognito_user_pools"
	}
	s := omap{{"type", "apiKey"}, {"name", header}, {"in", "header"}, {"x-amazon-apigateway-authtype", authType}}
	if !e.authz {
		return s
	}
	az := omap{}
	az.set("type", strings.ToLower(a.Type))
	if a.Type == "COGNITO_USER_POOLS" {
		az.set("providerARNs", e.poolARNs(a.ProviderARNs))
	} else {
		az.set("authorizerUri", e.lambdaURI(a.AuthorizerURI))
	}
	az.setNonEmpty("identitySource", identity)
	az.setNonEmpty("identityValidationExpression", a.IdentityValidationExpression)
	if a.AuthorizerResultTTLInSeconds != nil {
		az.set("authorizerResultTtlInSeconds", *a.AuthorizerResultTTLInSeconds)
	}
	s.set("x-amazon-apigateway-authorizer", az)
	return s
}

// poolARNs writes user pools as arn:aws:cognito-idp:REGION:ACCOUNT:userpool/ID; names and
// ids written in the workspace are kept as written (they import back as such).
func (e *exporter) poolARNs(in []string) []string {
	return append([]string{}, in...)
}

// lambdaURI expands apigwlab's short "function:NAME[:QUALIFIER]" into the integration ARN AWS
// stores; any other uri is kept.
func (e *exporter) lambdaURI(uri string) string {
	if !strings.HasPrefix(uri, "function:") {
		return uri
	}
	return fmt.Sprintf("arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/arn:aws:lambda:%s:%s:%s/invocations",
		e.opt.Region, e.opt.Region, e.opt.AccountID, uri)
}

func (e *exporter) integration(in *model.Integration) omap {
	o := omap{}
	o.set("type", strings.ToLower(in.Type))
	o.setNonEmpty("httpMethod", in.HTTPMethod)
	o.setNonEmpty("uri", e.lambdaURI(in.URI))
	if len(in.IntegrationResponses) > 0 {
		rs := omap{}
		for _, ir := range in.IntegrationResponses {
			if ir == nil {
				continue
			}
			key := ir.SelectionPattern
			if key == "" {
				key = "default"
			}
			r := omap{{"statusCode", ir.StatusCode}}
			r.setNonEmpty("responseParameters", ir.ResponseParameters)
			r.setNonEmpty("responseTemplates", ir.ResponseTemplates)
			r.setNonEmpty("contentHandling", ir.ContentHandling)
			rs.set(key, r)
		}
		o.set("responses", rs)
	}
	o.setNonEmpty("requestParameters", in.RequestParameters)
	o.setNonEmpty("requestTemplates", in.RequestTemplates)
	pb := in.PassthroughBehavior
	if pb == "" {
		pb = model.PassthroughWhenNoMatch
	}
	o.set("passthroughBehavior", strings.ToLower(pb))
	o.setNonEmpty("contentHandling", in.ContentHandling)
	if in.TimeoutInMillis != 0 && in.TimeoutInMillis != model.DefaultIntegrationTimeout {
		o.set("timeoutInMillis", in.TimeoutInMillis)
	}
	o.setNonEmpty("cacheNamespace", in.CacheNamespace)
	if len(in.CacheKeyParameters) > 0 {
		o.set("cacheKeyParameters", in.CacheKeyParameters)
	}
	return o
}

// models writes the API's models as schemas, with references to other models
// (https://apigateway.amazonaws.com/restapis/ID/models/NAME, #/definitions/NAME) pointing
// into the document, as LocalStack's exporter and AWS's exports do.
func (e *exporter) models() omap {
	out := omap{}
	for _, name := range slices.Sorted(maps.Keys(e.api.Models)) {
		m := e.api.Models[name]
		var schema any = map[string]any{}
		if m != nil && m.Schema != nil {
			schema = m.Schema
			if s, ok := schema.(string); ok {
				var v any
				if json.Unmarshal([]byte(s), &v) == nil {
					schema = v
				}
			}
		}
		out.set(name, e.rewriteRefs(schema))
	}
	return out
}

func (e *exporter) rewriteRefs(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if s, ok := val.(string); ok && k == "$ref" {
				out[k] = e.refBase + s[strings.LastIndex(s, "/")+1:]
				continue
			}
			out[k] = e.rewriteRefs(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = e.rewriteRefs(val)
		}
		return out
	}
	return v
}
