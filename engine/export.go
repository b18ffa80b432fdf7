package engine

import (
	"strings"

	"apigwlab/engine/export"
	"apigwlab/engine/model"
)

// ExportAPI writes what a stage serves as AWS's get-export does: the stage's deployment (its
// frozen resources) with the API's models, authorizers and settings, in OpenAPI 3.0.1 or
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
