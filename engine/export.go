package engine

import (
	"fmt"
	"time"

	"apigwlab/engine/export"
	"apigwlab/engine/model"
)

// ExportAPI writes what a stage serves as AWS's get-export does: the stage's deployment (its
// frozen resources) with the API's models, authorizers and settings, in OpenAPI 3.0.1 or
// Swagger 2.0. opt.Type and opt.Extensions are the caller's; the rest is filled in here.
func (g *Gateway) ExportAPI(apiKey, stageName string, opt export.Options) (*export.Result, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	api := g.byKey[apiKey]
	if api == nil {
		if apiKey != "" || len(g.apis) != 1 {
			return nil, fmt.Errorf("NotFoundException: Invalid API identifier specified %s:%s", g.accountID(), apiKey)
		}
		api = g.apis[0]
	}
	st := api.stages[stageName]
	if st == nil {
		return nil, fmt.Errorf("NotFoundException: Invalid stage identifier specified")
	}
	opt.APIID, opt.Region, opt.AccountID, opt.Stage = api.id, api.region, api.account, stageName
	opt.Version = api.created.UTC().Format(time.RFC3339)
	return export.OpenAPI(api.model, deploymentResources(st.deployment), opt)
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
