package engine

import (
	"fmt"
	"time"

	"apigwlab/engine/model"
)

// HTTP API deployments, on the REST API's model (compile.go, model/snapshot.go): a
// deployment is a frozen copy of the API's definition (model.Deployment.V2), each
// stage serves one, and a change to the definition reaches a stage through
// create-deployment — or at once on a stage with autoDeploy, which gets a new deployment of
// every change, as AWS's automatic deployments do (docs: "Stages for HTTP APIs").

// autoDeployDescription is what AWS writes on the deployments autoDeploy makes.
// Unconfirmed wording (docs/fidelity.md).
const autoDeployDescription = "Automatic deployment triggered by changes to the Api configuration"

// loadV2 readies a v2 API of the workspace file: prepareV2, and the creation dates get-api
// and get-stage report.
func loadV2(a *model.V2API, now time.Time) {
	prepareV2(a)
	if a.CreatedDate.IsZero() {
		a.CreatedDate = now
	}
	for _, s := range a.Stages {
		if s != nil && s.CreatedDate.IsZero() {
			s.CreatedDate, s.LastUpdatedDate = now, now
		}
	}
}

// prepareV2 readies a v2 API's model for deploying: ids for its routes, integrations and
// authorizers (the apigatewayv2 API addresses them by id), inline integrations moved to the
// API's integrations under their id (a route's target is then integrations/ID, as AWS
// stores it), and a deployment for every stage that serves none — the file as loaded, one
// deployment shared by those stages, as the REST side makes a stage's first deployment.
func prepareV2(a *model.V2API) {
	a.Deployed = true
	prepareV2Definition(a)
	for _, d := range a.Deployments {
		if d != nil && d.V2 != nil && !d.Frozen {
			// a deployment a workspace file lists (serve --state's): its definition with
			// the API's identity, so it compiles on its own
			def := *a
			def.Routes, def.Integrations, def.Authorizers = d.V2.Routes, d.V2.Integrations, d.V2.Authorizers
			def.CorsConfiguration, def.Models = d.V2.CorsConfiguration, d.V2.Models
			def.Stages, def.Deployments, def.FirstDeployment = nil, nil, ""
			prepareV2Definition(&def)
			d.V2, d.Frozen = &def, true
		}
	}
	for _, s := range a.Stages {
		if s == nil || (s.DeploymentID != "" && a.Deployment(s.DeploymentID) != nil) {
			continue
		}
		if a.Deployment(a.FirstDeployment) == nil {
			a.FirstDeployment = deployV2(a, "", false, time.Time{}).ID
		}
		s.DeploymentID = a.FirstDeployment
	}
}

// prepareV2Definition gives a definition's routes and authorizers their ids and moves inline
// integrations to the API's integrations (prepareV2; reimport-api).
func prepareV2Definition(a *model.V2API) {
	for key, r := range a.Routes {
		if r == nil {
			continue
		}
		if r.RouteID == "" {
			r.RouteID = shortID("route:"+a.APIID+":"+key, 7)
		}
		if r.Integration != nil {
			id := shortID("integration:"+a.APIID+":"+key, 7)
			for a.Integrations[id] != nil {
				id = shortID("integration:"+id, 7)
			}
			if a.Integrations == nil {
				a.Integrations = map[string]*model.V2Integration{}
			}
			a.Integrations[id] = r.Integration
			r.Integration, r.Target = nil, "integrations/"+id
		}
	}
	for _, z := range a.Authorizers {
		if z != nil && z.AuthorizerID == "" {
			z.AuthorizerID = shortID("authorizer:"+a.APIID+":"+z.Name, 6)
		}
	}
}

// deployV2 freezes the API's current definition into a new deployment recorded in the model.
func deployV2(a *model.V2API, description string, auto bool, at time.Time) *model.Deployment {
	id := shortID(fmt.Sprintf("deployment:%s:%d", a.APIID, len(a.Deployments)), 6)
	for a.Deployment(id) != nil {
		id = shortID("deployment:"+id, 6)
	}
	d := &model.Deployment{ID: id, Description: description, V2: model.CloneV2Definition(a),
		Frozen: true, CreatedDate: at, AutoDeployed: auto}
	a.Deployments = append(a.Deployments, d)
	return d
}

// autoDeployV2 gives each autoDeploy stage whose deployment differs from the API's current
// definition a new deployment of it (one deployment shared by those stages).
func autoDeployV2(a *model.V2API, now time.Time) {
	var d *model.Deployment
	for _, s := range a.Stages {
		if s == nil || !s.AutoDeploy {
			continue
		}
		if cur := a.StageDeployment(s); cur != nil && cur.V2 != nil && model.SameV2Definition(cur.V2, a) {
			continue
		}
		if d == nil {
			d = deployV2(a, autoDeployDescription, true, now)
		}
		s.DeploymentID = d.ID
	}
}

// keepV2Deployments is KeepDeployments for v2 APIs: the reloaded file is the new current
// definition; a stage without autoDeploy keeps the deployment it serves (carried over with
// the old API's deployments), an autoDeploy stage gets the file.
func keepV2Deployments(old, apis []*model.V2API) {
	byName := map[string]*model.V2API{}
	for _, a := range old {
		if a != nil {
			byName[a.Name] = a
		}
	}
	for _, a := range apis {
		o := byName[nameOf(a)]
		if a == nil || o == nil {
			continue
		}
		for _, d := range o.Deployments {
			if a.Deployment(d.ID) == nil {
				a.Deployments = append(a.Deployments, d) // frozen: never changed, safe to share
			}
		}
		for _, s := range a.Stages {
			if s == nil || s.AutoDeploy || s.DeploymentID != "" {
				continue
			}
			if os := o.Stage(s.StageName); os != nil && os.DeploymentID != "" {
				s.DeploymentID = os.DeploymentID
			}
		}
	}
}

func nameOf(a *model.V2API) string {
	if a == nil {
		return ""
	}
	return a.Name
}
