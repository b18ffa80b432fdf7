package model

import (
	"maps"
	"reflect"
	"slices"
)

// CloneResources deep-copies resources, methods and integrations: a deployment keeps such a
// copy, so that later changes to the API's current definition (put-integration, a reload)
// reach a stage only through create-deployment, as on AWS.
func CloneResources(rs []*Resource) []*Resource {
	if rs == nil {
		return nil
	}
	out := make([]*Resource, 0, len(rs))
	for _, r := range rs {
		if r == nil {
			continue
		}
		cr := &Resource{Path: r.Path, Pos: r.Pos, Methods: make([]*Method, 0, len(r.Methods))}
		for _, m := range r.Methods {
			if m != nil {
				cr.Methods = append(cr.Methods, CloneMethod(m))
			}
		}
		out = append(out, cr)
	}
	return out
}

// CloneMethod deep-copies one method with its responses and integration.
func CloneMethod(m *Method) *Method {
	cm := *m
	cm.RequestParameters = maps.Clone(m.RequestParameters)
	cm.RequestModels = maps.Clone(m.RequestModels)
	cm.AuthorizationScopes = slices.Clone(m.AuthorizationScopes)
	cm.MethodResponses = nil
	for _, mr := range m.MethodResponses {
		if mr == nil {
			continue
		}
		c := *mr
		c.ResponseParameters = maps.Clone(mr.ResponseParameters)
		c.ResponseModels = maps.Clone(mr.ResponseModels)
		cm.MethodResponses = append(cm.MethodResponses, &c)
	}
	if m.Integration != nil {
		cm.Integration = CloneIntegration(m.Integration)
	}
	return &cm
}

// CloneIntegration deep-copies an integration and its integration responses.
func CloneIntegration(in *Integration) *Integration {
	ci := *in
	ci.RequestParameters = maps.Clone(in.RequestParameters)
	ci.RequestTemplates = maps.Clone(in.RequestTemplates)
	ci.CacheKeyParameters = slices.Clone(in.CacheKeyParameters)
	ci.IntegrationResponses = nil
	for _, ir := range in.IntegrationResponses {
		if ir == nil {
			continue
		}
		c := *ir
		c.ResponseParameters = maps.Clone(ir.ResponseParameters)
		c.ResponseTemplates = maps.Clone(ir.ResponseTemplates)
		ci.IntegrationResponses = append(ci.IntegrationResponses, &c)
	}
	return &ci
}

// SameResources reports whether two resource lists define the same API, ignoring where
// things were written (a reload that only moved lines changes nothing) and empty versus
// absent maps.
func SameResources(a, b []*Resource) bool {
	return reflect.DeepEqual(canonical(a), canonical(b))
}

func canonical(rs []*Resource) []*Resource {
	out := CloneResources(rs)
	for _, r := range out {
		r.Pos = Pos{}
		for _, m := range r.Methods {
			m.Pos = Pos{}
			m.RequestParameters = nilIfEmpty(m.RequestParameters)
			m.RequestModels = nilIfEmpty(m.RequestModels)
			for _, mr := range m.MethodResponses {
				mr.Pos = Pos{}
				mr.ResponseParameters = nilIfEmpty(mr.ResponseParameters)
				mr.ResponseModels = nilIfEmpty(mr.ResponseModels)
			}
			if in := m.Integration; in != nil {
				in.Pos = Pos{}
				in.RequestParameters = nilIfEmpty(in.RequestParameters)
				in.RequestTemplates = nilIfEmpty(in.RequestTemplates)
				if len(in.CacheKeyParameters) == 0 {
					in.CacheKeyParameters = nil
				}
				for _, ir := range in.IntegrationResponses {
					ir.Pos = Pos{}
					ir.ResponseParameters = nilIfEmpty(ir.ResponseParameters)
					ir.ResponseTemplates = nilIfEmpty(ir.ResponseTemplates)
				}
			}
		}
	}
	return out
}

func nilIfEmpty[V any](m map[string]V) map[string]V {
	if len(m) == 0 {
		return nil
	}
	return m
}

// Definitions are the parts of an API besides its resources that a deployment freezes.
type Definitions struct {
	Authorizers       []*Authorizer
	Models            map[string]*Model
	RequestValidators []*RequestValidator
	GatewayResponses  map[string]*GatewayResponse
}

// SnapshotDefinitions copies an API's authorizers, models, request validators and gateway
// responses for a deployment. Schemas are shared: nothing changes one in place (a change
// replaces the model).
func SnapshotDefinitions(a *RestAPI) *Definitions {
	d := &Definitions{}
	for _, az := range a.Authorizers {
		if az != nil {
			c := *az
			c.ProviderARNs = slices.Clone(az.ProviderARNs)
			d.Authorizers = append(d.Authorizers, &c)
		}
	}
	if a.Models != nil {
		d.Models = make(map[string]*Model, len(a.Models))
		for k, m := range a.Models {
			if m != nil {
				c := *m
				d.Models[k] = &c
			}
		}
	}
	for _, v := range a.RequestValidators {
		if v != nil {
			c := *v
			d.RequestValidators = append(d.RequestValidators, &c)
		}
	}
	if a.GatewayResponses != nil {
		d.GatewayResponses = make(map[string]*GatewayResponse, len(a.GatewayResponses))
		for k, g := range a.GatewayResponses {
			if g != nil {
				c := *g
				c.ResponseParameters = maps.Clone(g.ResponseParameters)
				c.ResponseTemplates = maps.Clone(g.ResponseTemplates)
				d.GatewayResponses[k] = &c
			}
		}
	}
	return d
}

// SameDefinitions reports whether a deployment's frozen definitions are the API's current
// ones, ignoring positions and empty versus absent collections. A deployment without
// frozen definitions (declared in a file, not yet deployed) counts as the same.
func SameDefinitions(d *Definitions, a *RestAPI) bool {
	if d == nil {
		return true
	}
	return reflect.DeepEqual(canonicalDefs(d), canonicalDefs(SnapshotDefinitions(a)))
}

func canonicalDefs(d *Definitions) *Definitions {
	for _, az := range d.Authorizers {
		az.Pos = Pos{}
		if len(az.ProviderARNs) == 0 {
			az.ProviderARNs = nil
		}
	}
	for _, m := range d.Models {
		m.Pos = Pos{}
	}
	for _, v := range d.RequestValidators {
		v.Pos = Pos{}
	}
	for _, g := range d.GatewayResponses {
		g.Pos = Pos{}
		g.ResponseParameters = nilIfEmpty(g.ResponseParameters)
		g.ResponseTemplates = nilIfEmpty(g.ResponseTemplates)
	}
	if len(d.Models) == 0 {
		d.Models = nil
	}
	if len(d.GatewayResponses) == 0 {
		d.GatewayResponses = nil
	}
	return d
}

// StageDeployment is the deployment a stage serves: the one it names, else the API's first
// deployment (made when the engine loaded it). Nil before the engine has deployed the API.
func (a *RestAPI) StageDeployment(s *Stage) *Deployment {
	id := s.DeploymentID
	if id == "" {
		id = a.FirstDeployment
	}
	for _, d := range a.Deployments {
		if d != nil && d.ID == id {
			return d
		}
	}
	return nil
}

// Undeployed reports whether a stage serves a frozen deployment that differs from the API's
// current resources: changes made since wait for create-deployment, as on AWS.
func (a *RestAPI) Undeployed(s *Stage) bool {
	d := a.StageDeployment(s)
	return d != nil && d.Frozen && (!SameResources(d.Resources, a.Resources) || !SameDefinitions(d.Defs, a))
}
