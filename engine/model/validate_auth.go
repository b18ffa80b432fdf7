package model

import (
	"fmt"
	"slices"
	"strings"
)

// Authorizer and user pool checks. Patterns are Cognito's and API Gateway's API constraints
// (CreateUserPoolClient ClientId [\w+]+, 1–128; UserPoolId [\w-]+_[0-9a-zA-Z]+, ≤ 55;
// OAuth scope names printable ASCII without space, quote or backslash; Authorizer.type
// TOKEN | REQUEST | COGNITO_USER_POOLS; authorizerResultTtlInSeconds 0–3600).
var (
	authorizerTypes = []string{"TOKEN", "REQUEST", "COGNITO_USER_POOLS"}
	poolIDRe        = lazyRE(`^[\w-]+_[0-9a-zA-Z]+$`)
	poolARNRe       = lazyRE(`^arn:aws:cognito-idp:[^:]+:\d{12}:userpool/([\w-]+_[0-9a-zA-Z]+)$`)
	clientIDRe      = lazyRE(`^[\w+]{1,128}$`)
	scopeRe         = lazyRE(`^[\x21\x23-\x5B\x5D-\x7E]{1,256}$`)
	headerSourceRe  = lazyRE(`^method\.request\.header\.[^\s,]+$`)
)

// UserPoolByRef finds a user pool by name, id, or ARN (arn:aws:cognito-idp:REGION:ACCOUNT:
// userpool/ID), as an authorizer's providerARNs name it. Only ids written in the workspace
// match; a pool whose id is derived from its name is referred to by name.
func (w *Workspace) UserPoolByRef(ref string) *UserPool {
	id := ref
	if m := poolARNRe.FindStringSubmatch(ref); m != nil {
		id = m[1]
	}
	for _, p := range w.UserPools {
		if p != nil && (p.Name == ref || (p.ID != "" && p.ID == id)) {
			return p
		}
	}
	return nil
}

func (v *validator) userPools() {
	names := map[string]*UserPool{}
	for i, p := range v.w.UserPools {
		if p == nil {
			continue
		}
		base := fmt.Sprintf("userPools[%d]", i)
		switch first, dup := names[p.Name]; {
		case p.Name == "":
			v.at(p, base, "name", "missing: a user pool needs a name (authorizers' providerARNs and `apigwlab token --user-pool` refer to it)")
		case dup:
			v.at(p, base, "name", fmt.Sprintf("duplicate user pool name %q (first at %s)", p.Name, first.Pos))
		default:
			names[p.Name] = p
		}
		if p.ID != "" && (!poolIDRe.MatchString(p.ID) || len(p.ID) > 55) {
			v.at(p, base, "id", fmt.Sprintf("%q is not a user pool id: write REGION_SUFFIX, e.g. us-east-1_AbC123xyz, or leave id out to derive one from the name", p.ID))
		}
		users := map[string]bool{}
		for j, u := range p.Users {
			if u == nil {
				continue
			}
			ubase := fmt.Sprintf("%s.users[%d]", base, j)
			switch {
			case u.Username == "":
				v.at(u, ubase, "username", "missing: every user needs a username (tokens are minted with --user USERNAME)")
			case users[u.Username]:
				v.at(u, ubase, "username", fmt.Sprintf("duplicate username %q in pool %s", u.Username, p.Name))
			default:
				users[u.Username] = true
			}
		}
		if len(p.Clients) == 0 {
			v.at(p, base, "clients", "missing: a user pool issues tokens through an app client: add clients: [{name: web}]")
		}
		clients := map[string]bool{}
		for j, c := range p.Clients {
			if c == nil {
				continue
			}
			cbase := fmt.Sprintf("%s.clients[%d]", base, j)
			if c.Name == "" && c.ClientID == "" {
				v.at(c, cbase, "name", "missing: an app client needs a name (its clientId is derived from it) or a clientId")
			}
			if c.ClientID != "" && !clientIDRe.MatchString(c.ClientID) {
				v.at(c, cbase, "clientId", fmt.Sprintf("%q is not an app client id: use 1–128 letters, digits, _ or +", c.ClientID))
			}
			for _, k := range []string{c.Name, c.ClientID} {
				if k != "" && clients[k] {
					v.at(c, cbase, "name", fmt.Sprintf("duplicate app client %q in pool %s", k, p.Name))
				}
			}
			clients[c.Name], clients[c.ClientID] = true, true
			for k, s := range c.Scopes {
				if !scopeRe.MatchString(s) {
					v.at(c, cbase, fmt.Sprintf("scopes[%d]", k), fmt.Sprintf("%q is not an OAuth scope: write RESOURCE_SERVER/SCOPE (e.g. pets/read) or a standard scope such as email, without spaces", s))
				}
			}
		}
	}
}

// authorizers checks an API's authorizers: type, and what each type needs.
func (v *validator) authorizers(api *RestAPI, base string) {
	names := map[string]bool{}
	for i, a := range api.Authorizers {
		if a == nil {
			continue
		}
		abase := fmt.Sprintf("%s.authorizers[%d]", base, i)
		switch {
		case a.Name == "":
			v.at(a, abase, "name", "missing: methods refer to an authorizer by name (authorizerId)")
		case names[a.Name]:
			v.at(a, abase, "name", fmt.Sprintf("duplicate authorizer name %q", a.Name))
		default:
			names[a.Name] = true
		}
		if a.Type == "" {
			v.at(a, abase, "type", "missing: use one of "+strings.Join(authorizerTypes, ", "))
			continue
		}
		if !v.enum(a, abase, "type", a.Type, authorizerTypes, "an authorizer type") {
			continue
		}
		if ttl := a.AuthorizerResultTTLInSeconds; ttl != nil && (*ttl < 0 || *ttl > 3600) {
			v.at(a, abase, "authorizerResultTtlInSeconds", fmt.Sprintf("%d is out of range: use 0 (no caching) to 3600 seconds; AWS's default is 300", *ttl))
		}
		if a.Type != "COGNITO_USER_POOLS" {
			if a.AuthorizerURI == "" {
				v.at(a, abase, "authorizerUri", "missing: a "+a.Type+" authorizer names its Lambda function, e.g. authorizerUri: function:my-authorizer")
			}
			if len(a.ProviderARNs) > 0 {
				v.at(a, abase, "providerARNs", "only COGNITO_USER_POOLS authorizers name user pools; a "+a.Type+" authorizer runs its Lambda function (authorizerUri)")
			}
			continue
		}
		if a.AuthorizerURI != "" {
			v.at(a, abase, "authorizerUri", "a COGNITO_USER_POOLS authorizer runs no function: remove authorizerUri and name user pools in providerARNs")
		}
		if a.IdentitySource != "" && !headerSourceRe.MatchString(a.IdentitySource) {
			v.at(a, abase, "identitySource", fmt.Sprintf("%q: a Cognito authorizer reads the token from one header: write method.request.header.NAME (default method.request.header.Authorization)", a.IdentitySource))
		}
		if len(a.ProviderARNs) == 0 {
			v.at(a, abase, "providerARNs", "missing: name the user pools whose tokens are accepted, e.g. providerARNs: [web-users] (a pool name, id or ARN)")
		}
		for k, ref := range a.ProviderARNs {
			if v.w.UserPoolByRef(ref) == nil {
				var known []string
				for _, p := range v.w.UserPools {
					if p != nil && p.Name != "" {
						known = append(known, p.Name)
					}
				}
				msg := fmt.Sprintf("%q names no user pool of the workspace (userPools: %s)", ref, quoteList(known))
				if s := suggest(ref, known); s != "" {
					msg += " (did you mean " + s + "?)"
				}
				v.at(a, abase, fmt.Sprintf("providerARNs[%d]", k), msg)
			}
		}
	}
}

// methodAuth checks that a method's authorizationType, authorizerId and authorizationScopes fit.
func (v *validator) methodAuth(m *Method, base string) {
	want := ""
	switch m.AuthorizationType {
	case "CUSTOM":
		want = "TOKEN or REQUEST"
	case "COGNITO_USER_POOLS":
		want = "COGNITO_USER_POOLS"
	}
	if len(m.AuthorizationScopes) > 0 && m.AuthorizationType != "COGNITO_USER_POOLS" {
		v.at(m, base, "authorizationScopes", "OAuth scopes apply only to methods with authorizationType COGNITO_USER_POOLS (AWS ignores them otherwise): remove them or change the authorization type")
	}
	if want == "" || v.api == nil {
		return
	}
	var fit []string
	var found *Authorizer
	for _, a := range v.api.Authorizers {
		if a == nil {
			continue
		}
		if strings.Contains(want, a.Type) && a.Type != "" && (want != "TOKEN or REQUEST" || a.Type != "COGNITO_USER_POOLS") {
			fit = append(fit, a.Name)
		}
		if m.AuthorizerID != "" && (a.Name == m.AuthorizerID || a.ID == m.AuthorizerID) {
			found = a
		}
	}
	switch {
	case m.AuthorizerID == "":
		v.at(m, base, "authorizerId", fmt.Sprintf("missing: authorizationType %s needs authorizerId naming one of the API's %s authorizers (%s)", m.AuthorizationType, want, quoteList(fit)))
	case found == nil:
		msg := fmt.Sprintf("%q names no authorizer of this API: use one of %s", m.AuthorizerID, quoteList(fit))
		if s := suggest(m.AuthorizerID, fit); s != "" {
			msg += " (did you mean " + s + "?)"
		}
		v.at(m, base, "authorizerId", msg)
	case found.Type != "" && slices.Contains(authorizerTypes, found.Type) && !slices.Contains(fit, found.Name):
		v.at(m, base, "authorizerId", fmt.Sprintf("authorizer %s is a %s authorizer; authorizationType %s needs a %s authorizer", found.Name, found.Type, m.AuthorizationType, want))
	}
}
