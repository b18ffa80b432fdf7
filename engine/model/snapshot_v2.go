package model

import (
	"maps"
	"reflect"
	"slices"
)

// HTTP API deployments use the REST API's model (snapshot.go): a Deployment is a frozen copy
// of the API's definition, a stage serves one (DeploymentID, else FirstDeployment), and a
// stage is undeployed when what it serves differs from the API as it is now. "A deployment is
// a snapshot of your API configuration … You must deploy an API for changes to take effect.
// If you enable automatic deployments, changes to an API are automatically released for
// you." (AWS, "Stages for HTTP APIs", docs.aws.amazon.com/apigateway/latest/developerguide/
// http-api-stages.html). The snapshot holds the routes, integrations, authorizers and CORS
// configuration; stage settings (variables, throttling, access logs) are the stage's and
// take effect at once, as on AWS.

// CloneV2Definition deep-copies what a deployment of a v2 API freezes: its routes,
// integrations, authorizers and CORS configuration (with the API's identity, so the copy
// compiles on its own). Stages and deployments are not part of it.
func CloneV2Definition(a *V2API) *V2API {
	cp := *a
	cp.Stages, cp.Deployments, cp.FirstDeployment = nil, nil, ""
	if a.Routes != nil {
		cp.Routes = make(map[string]*Route, len(a.Routes))
		for k, r := range a.Routes {
			if r == nil {
				continue
			}
			cr := *r
			cr.AuthorizationScopes = slices.Clone(r.AuthorizationScopes)
			cr.RequestModels = maps.Clone(r.RequestModels)
			cr.RouteResponses = nil
			for _, rr := range r.RouteResponses {
				if rr != nil {
					c := *rr
					c.ResponseModels = maps.Clone(rr.ResponseModels)
					cr.RouteResponses = append(cr.RouteResponses, &c)
				}
			}
			if r.Integration != nil {
				cr.Integration = cloneV2Integration(r.Integration)
			}
			cp.Routes[k] = &cr
		}
	}
	if a.Integrations != nil {
		cp.Integrations = make(map[string]*V2Integration, len(a.Integrations))
		for k, in := range a.Integrations {
			if in != nil {
				cp.Integrations[k] = cloneV2Integration(in)
			}
		}
	}
	if a.Models != nil {
		cp.Models = make(map[string]*Model, len(a.Models))
		for k, m := range a.Models {
			if m != nil {
				cm := *m // a schema is replaced whole, never changed in place
				cp.Models[k] = &cm
			}
		}
	}
	cp.Authorizers = nil
	for _, z := range a.Authorizers {
		if z == nil {
			continue
		}
		cz := *z
		cz.IdentitySource = slices.Clone(z.IdentitySource)
		if z.JWTConfiguration != nil {
			j := *z.JWTConfiguration
			j.Audience = slices.Clone(j.Audience)
			cz.JWTConfiguration = &j
		}
		cp.Authorizers = append(cp.Authorizers, &cz)
	}
	if c := a.CorsConfiguration; c != nil {
		cc := *c
		cc.AllowOrigins, cc.AllowMethods = slices.Clone(c.AllowOrigins), slices.Clone(c.AllowMethods)
		cc.AllowHeaders, cc.ExposeHeaders = slices.Clone(c.AllowHeaders), slices.Clone(c.ExposeHeaders)
		if c.MaxAge != nil {
			m := *c.MaxAge
			cc.MaxAge = &m
		}
		cp.CorsConfiguration = &cc
	}
	return &cp
}

func cloneV2Integration(in *V2Integration) *V2Integration {
	ci := *in
	ci.RequestParameters = maps.Clone(in.RequestParameters)
	if in.ResponseParameters != nil {
		ci.ResponseParameters = make(map[string]map[string]string, len(in.ResponseParameters))
		for k, v := range in.ResponseParameters {
			ci.ResponseParameters[k] = maps.Clone(v)
		}
	}
	// A WebSocket non-proxy integration's templates and integration responses.
	ci.RequestTemplates = maps.Clone(in.RequestTemplates)
	ci.IntegrationResponses = nil
	for _, ir := range in.IntegrationResponses {
		if ir != nil {
			c := *ir
			c.ResponseTemplates = maps.Clone(ir.ResponseTemplates)
			ci.IntegrationResponses = append(ci.IntegrationResponses, &c)
		}
	}
	return &ci
}

// SameV2Definition reports whether two v2 APIs define the same routes, integrations,
// authorizers and CORS, ignoring where things were written and empty versus absent lists.
func SameV2Definition(a, b *V2API) bool {
	return reflect.DeepEqual(canonicalV2(a), canonicalV2(b))
}

func canonicalV2(a *V2API) *V2API {
	c := CloneV2Definition(a)
	out := &V2API{Routes: c.Routes, Integrations: c.Integrations, Authorizers: c.Authorizers,
		CorsConfiguration: c.CorsConfiguration, Models: nilIfEmpty(c.Models)}
	for _, m := range out.Models {
		m.Pos = Pos{}
	}
	for _, r := range out.Routes {
		r.Pos, r.RouteID = Pos{}, ""
		r.RequestModels = nilIfEmpty(r.RequestModels)
		if len(r.RouteResponses) == 0 {
			r.RouteResponses = nil
		}
		for _, rr := range r.RouteResponses {
			rr.Pos, rr.ResponseModels = Pos{}, nilIfEmpty(rr.ResponseModels)
		}
		if len(r.AuthorizationScopes) == 0 {
			r.AuthorizationScopes = nil
		}
		if r.Integration != nil {
			canonicalV2Integration(r.Integration)
		}
	}
	for _, in := range out.Integrations {
		canonicalV2Integration(in)
	}
	for _, z := range out.Authorizers {
		z.Pos = Pos{}
		if len(z.IdentitySource) == 0 {
			z.IdentitySource = nil
		}
		if j := z.JWTConfiguration; j != nil {
			j.Pos = Pos{}
			if len(j.Audience) == 0 {
				j.Audience = nil
			}
		}
	}
	if len(out.Routes) == 0 {
		out.Routes = nil
	}
	if len(out.Integrations) == 0 {
		out.Integrations = nil
	}
	if c := out.CorsConfiguration; c != nil {
		c.Pos = Pos{}
	}
	return out
}

func canonicalV2Integration(in *V2Integration) {
	in.Pos = Pos{}
	in.RequestParameters = nilIfEmpty(in.RequestParameters)
	in.ResponseParameters = nilIfEmpty(in.ResponseParameters)
	for k, v := range in.ResponseParameters {
		in.ResponseParameters[k] = nilIfEmpty(v)
	}
	in.RequestTemplates = nilIfEmpty(in.RequestTemplates)
	for _, ir := range in.IntegrationResponses {
		ir.Pos = Pos{}
		ir.ResponseTemplates = nilIfEmpty(ir.ResponseTemplates)
	}
}

// StageDeployment is the deployment a v2 stage serves, or nil: before the engine has
// deployed the API, and for a stage made by create-stage without a deployment.
func (a *V2API) StageDeployment(s *V2Stage) *Deployment {
	return a.Deployment(s.DeploymentID)
}

// Deployment returns the API's deployment of that id, or nil.
func (a *V2API) Deployment(id string) *Deployment {
	if id == "" {
		return nil
	}
	for _, d := range a.Deployments {
		if d != nil && d.ID == id {
			return d
		}
	}
	return nil
}

// StageDefinition is the definition a stage serves: its deployment's frozen copy; the API
// itself before the engine has deployed it (Deployed is false); nil for a stage without a
// deployment, which has no routes.
func (a *V2API) StageDefinition(s *V2Stage) *V2API {
	if !a.Deployed {
		return a
	}
	if d := a.StageDeployment(s); d != nil && d.V2 != nil {
		return d.V2
	}
	return nil
}

// Undeployed reports whether a v2 stage serves a deployment that differs from the API's
// current definition, or none at all: changes made since wait for create-deployment (an
// autoDeploy stage gets them at once). False before the engine has deployed the API.
func (a *V2API) Undeployed(s *V2Stage) bool {
	if !a.Deployed {
		return false
	}
	d := a.StageDeployment(s)
	return d == nil || d.V2 != nil && !SameV2Definition(d.V2, a)
}
