package engine

import (
	"strings"

	"apigwlab/engine/export"
	"apigwlab/engine/model"
)

// ExportAPI writes what a stage serves as AWS's get-export does: the stage's deployment (its
// frozen resources, authorizers, models and gateway responses) with the API's settings, in OpenAPI 3.0.1 or
// Swagger 2.0. opt.Type and opt.Extensions are the caller's; the rest is filled in here.
func (g *Gateway) ExportAPI(apiKey, stageName string, opt export.Options) (*export.Result, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if apiKey == "" && len(g.apis) == 1 {
		apiKey = g.apis[0].id
	}
	return g.exportArgs(flagSet{"rest-api-id": {apiKey}, "stage-name": {stageName}, "export-type": {orDefault(opt.Type, export.TypeOAS30)},
		"parameters": {"extensions=" + strings.Join(opt.Extensions, ";")}})
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// deploymentResources rebuilds the resources a deployment froze, in its order.
func deploymentResources(d *deployment) []*model.Resource {
	var out []*model.Resource
	byPath := map[string]*model.Resource{}
	for _, m := range d.methods {
		r := byPath[m.resource]
		if r == nil {
			r = &model.Resource{Path: m.resource}
			byPath[m.resource] = r
			out = append(out, r)
		}
		r.Methods = append(r.Methods, m.model)
	}
	return out
}

// frozenModel is the API with the authorizers, models, request validators and gateway
// responses a deployment froze, for exporting what its stages serve.
func frozenModel(a *model.RestAPI, d *deployment) *model.RestAPI {
	if d.frozen == nil {
		return a
	}
	c := *a
	c.Authorizers, c.Models = d.frozen.Authorizers, d.frozen.Models
	c.RequestValidators, c.GatewayResponses = d.frozen.RequestValidators, d.frozen.GatewayResponses
	return &c
}
