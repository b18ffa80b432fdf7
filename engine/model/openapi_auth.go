package model

import (
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// importAuthorizers turns security schemes carrying x-amazon-apigateway-authorizer into the
// API's authorizers, named after the scheme (methods refer to them by that name), as API
// Gateway's import does (api-gateway-swagger-extensions-authorizer.md: type token | request |
// cognito_user_pools, authorizerUri, identitySource, identityValidationExpression,
// authorizerResultTtlInSeconds, providerARNs). A token authorizer without identitySource reads
// the header the scheme names. Authorizers written in the workspace win over imported ones.
func (im *importer) importAuthorizers(f *oasFile, api *RestAPI) {
	schemes := f.schemesNode()
	if schemes == nil || schemes.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(schemes.Content); i += 2 {
		name, sn := schemes.Content[i].Value, schemes.Content[i+1]
		_, an := f.child(sn, "x-amazon-apigateway-authorizer")
		if an == nil || api.hasAuthorizer(name) {
			continue
		}
		var raw struct {
			Type                         string   `yaml:"type"`
			AuthorizerURI                string   `yaml:"authorizerUri"`
			AuthorizerCredentials        string   `yaml:"authorizerCredentials"`
			IdentitySource               string   `yaml:"identitySource"`
			IdentityValidationExpression string   `yaml:"identityValidationExpression"`
			AuthorizerResultTTLInSeconds *int     `yaml:"authorizerResultTtlInSeconds"`
			ProviderARNs                 []string `yaml:"providerARNs"`
		}
		base := "securitySchemes." + name + ".x-amazon-apigateway-authorizer"
		f.d.decodeStruct(an, valueOf(&raw), base, f.d.pos(an))
		a := &Authorizer{Name: name, Type: strings.ToUpper(raw.Type), AuthorizerURI: raw.AuthorizerURI,
			IdentitySource: raw.IdentitySource, IdentityValidationExpression: raw.IdentityValidationExpression,
			AuthorizerResultTTLInSeconds: raw.AuthorizerResultTTLInSeconds, ProviderARNs: raw.ProviderARNs,
			Pos: f.d.pos(an)}
		if a.IdentitySource == "" && a.Type != "REQUEST" {
			if _, hn := f.child(sn, "name"); hn != nil && hn.Value != "" {
				a.IdentitySource = "method.request.header." + hn.Value
			}
		}
		im.s.bases[a] = base
		api.Authorizers = append(api.Authorizers, a)
	}
}

// schemesNode is components.securitySchemes (OpenAPI 3) or securityDefinitions (Swagger 2).
func (f *oasFile) schemesNode() *yaml.Node {
	if _, c := f.child(f.root, "components"); c != nil {
		_, s := f.child(c, "securitySchemes")
		return s
	}
	_, s := f.child(f.root, "securityDefinitions")
	return s
}

func (api *RestAPI) hasAuthorizer(name string) bool {
	for _, a := range api.Authorizers {
		if a != nil && (a.Name == name || a.ID == name) {
			return true
		}
	}
	return false
}

// importModels turns components.schemas (Swagger 2: definitions) into the API's models
// (content type application/json), as API Gateway's import does; models written in the
// workspace win. References between schemas stay as written (#/components/schemas/Pet);
// the engine resolves them to the API's models.
func (im *importer) importModels(f *oasFile, api *RestAPI) {
	var schemas *yaml.Node
	if _, c := f.child(f.root, "components"); c != nil {
		_, schemas = f.child(c, "schemas")
	} else {
		_, schemas = f.child(f.root, "definitions")
	}
	if schemas == nil || schemas.Kind != yaml.MappingNode {
		return
	}
	for _, p := range f.d.pairs(schemas, "schemas") {
		name := p.k.Value
		if _, written := api.Models[name]; written {
			continue
		}
		v, ok := f.d.jsonValue(p.v, "schemas."+name)
		if !ok {
			continue
		}
		if api.Models == nil {
			api.Models = map[string]*Model{}
		}
		api.Models[name] = &Model{ContentType: "application/json", Schema: v, Pos: f.d.pos(p.k)}
	}
}

// importValidators reads x-amazon-apigateway-request-validators (name → validateRequestBody,
// validateRequestParameters); validators written in the workspace win.
func (im *importer) importValidators(f *oasFile, api *RestAPI) {
	k, n := f.child(f.root, "x-amazon-apigateway-request-validators")
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for _, p := range f.d.pairs(n, k.Value) {
		name := p.k.Value
		if slices.ContainsFunc(api.RequestValidators, func(v *RequestValidator) bool { return v != nil && (v.Name == name || v.ID == name) }) {
			continue
		}
		v := &RequestValidator{Name: name, Pos: f.d.pos(p.k)}
		f.d.decodeStruct(p.v, valueOf(v), k.Value+"."+name, v.Pos)
		api.RequestValidators = append(api.RequestValidators, v)
	}
}

// bodyModels and contentModels read model names from $refs in a request body's or a
// response's content (content type → model name); inline schemas name no model.
func bodyModels(rb *openapi3.RequestBodyRef) map[string]string {
	if rb == nil || rb.Value == nil {
		return nil
	}
	return contentModels(rb.Value.Content)
}

func contentModels(c openapi3.Content) map[string]string {
	var out map[string]string
	for ct, mt := range c {
		if mt == nil || mt.Schema == nil || mt.Schema.Ref == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[ct] = mt.Schema.Ref[strings.LastIndex(mt.Schema.Ref, "/")+1:]
	}
	return out
}
