package model

import (
	"strings"

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
