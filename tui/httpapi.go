package tui

import (
	"slices"
	"strings"

	"apigwlab/engine/model"
)

// httpAPIView shows an HTTP API in the explorer's tree with the REST tree's node types: a
// route key "GET /pets/{id}" becomes method GET on resource /pets/{id}, "$default" the ANY
// method of a "$default" resource, and the stages keep their names ($default has no stage
// segment in a request path). The view is for display and request drafts only; the engine
// runs the HTTP API itself (engine/httpapi).
func httpAPIView(a *model.V2API) *model.RestAPI {
	v := routesView(a)
	// each stage shows what it serves: its deployment's routes (engine/httpdeploy.go)
	for _, s := range a.Stages {
		if s == nil {
			continue
		}
		vs := &model.Stage{StageName: s.StageName, Variables: s.StageVariables, Pos: s.Pos}
		if d := a.StageDeployment(s); d != nil && d.V2 != nil {
			vs.DeploymentID = d.ID
			if v.Deployments == nil || !slices.ContainsFunc(v.Deployments, func(x *model.Deployment) bool { return x.ID == d.ID }) {
				v.Deployments = append(v.Deployments, &model.Deployment{ID: d.ID, Resources: routesView(d.V2).Resources, Frozen: true})
			}
		}
		v.Stages = append(v.Stages, vs)
	}
	return v
}

// routesView is an HTTP API's routes as REST resources and methods, without stages.
func routesView(a *model.V2API) *model.RestAPI {
	v := &model.RestAPI{Name: a.Name, ID: a.APIID, Pos: a.Pos}
	byPath := map[string]*model.Resource{}
	keys := make([]string, 0, len(a.Routes))
	for k := range a.Routes {
		keys = append(keys, k)
	}
	// routes by path, then method; $default last (it catches what nothing else does)
	slices.SortFunc(keys, func(x, y string) int {
		if (x == model.DefaultRouteKey) != (y == model.DefaultRouteKey) {
			if x == model.DefaultRouteKey {
				return 1
			}
			return -1
		}
		_, px, _ := model.ParseRouteKey(x)
		_, py, _ := model.ParseRouteKey(y)
		if c := strings.Compare(px, py); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	})
	for _, k := range keys {
		r := a.Routes[k]
		if r == nil {
			continue
		}
		method, path, ok := model.ParseRouteKey(k)
		if !ok {
			continue
		}
		if path == model.DefaultRouteKey {
			method = "ANY"
		}
		res := byPath[path]
		if res == nil {
			res = &model.Resource{Path: path, Pos: r.Pos}
			byPath[path] = res
			v.Resources = append(v.Resources, res)
		}
		m := &model.Method{HTTPMethod: method, AuthorizationType: r.AuthorizationType, AuthorizerID: r.AuthorizerID,
			AuthorizationScopes: r.AuthorizationScopes, Pos: r.Pos}
		if in := a.RouteIntegration(r); in != nil {
			m.Integration = &model.Integration{Type: in.IntegrationType, URI: in.IntegrationURI, Pos: in.Pos}
		}
		res.Methods = append(res.Methods, m)
	}
	return v
}
