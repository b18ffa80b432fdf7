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
	return d != nil && d.Frozen && !SameResources(d.Resources, a.Resources)
}
