package engine

import (
	"fmt"
	"slices"
	"strings"

	"apigwlab/engine/model"
)

// get-deployment, update-deployment and delete-deployment, as GetDeployment,
// UpdateDeployment and DeleteDeployment answer them. A deployment is a frozen snapshot of
// the API (compile.go): only its description changes; deleting one a stage serves (or
// tries as its canary) is refused with AWS's message (LS snapshot
// test_apigateway_common.py::TestDeployments::test_create_delete_deployments).

const errNoDeployment = "NotFoundException: Invalid Deployment identifier specified"

// deploymentArg resolves --rest-api-id and --deployment-id.
func (g *Gateway) deploymentArg(f flagSet) (*restAPI, *model.Deployment, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return nil, nil, err
	}
	id := f.get("deployment-id")
	for _, d := range api.model.Deployments {
		if d.ID == id && api.deployments[id] != nil {
			return api, d, nil
		}
	}
	return nil, nil, fmt.Errorf("%s", errNoDeployment)
}

// getDeployment shows a deployment; --embed apisummary adds its methods' authorization
// (apiSummary: path → method → authorizationType, apiKeyRequired).
func (g *Gateway) getDeployment(f flagSet) (string, error) {
	_, d, err := g.deploymentArg(f)
	if err != nil {
		return "", err
	}
	out := deploymentJSON(d)
	for _, e := range f["embed"] {
		for _, part := range strings.Split(e, ",") {
			if strings.EqualFold(strings.TrimSpace(part), "apisummary") {
				out["apiSummary"] = apiSummary(d.Resources)
			}
		}
	}
	return toJSON(out), nil
}

// apiSummary is a Deployment's apiSummary: each frozen method's authorization.
func apiSummary(resources []*model.Resource) map[string]any {
	out := map[string]any{}
	for _, r := range resources {
		if len(r.Methods) == 0 {
			continue
		}
		ms := map[string]any{}
		for _, m := range r.Methods {
			at := m.AuthorizationType
			if at == "" {
				at = "NONE"
			}
			ms[m.HTTPMethod] = map[string]any{"authorizationType": at, "apiKeyRequired": m.APIKeyRequired}
		}
		out[r.Path] = ms
	}
	return out
}

// updateDeployment patches a deployment's /description (replace, or remove), the one thing
// of a frozen deployment that changes.
func (g *Gateway) updateDeployment(f flagSet) (string, error) {
	_, d, err := g.deploymentArg(f)
	if err != nil {
		return "", err
	}
	if err := patchDescription(f, "updateDeploymentInput", &d.Description); err != nil {
		return "", err
	}
	return toJSON(deploymentJSON(d)), nil
}

// deleteDeployment removes a deployment no stage serves (AWS answers 202).
func (g *Gateway) deleteDeployment(f flagSet) (string, error) {
	api, d, err := g.deploymentArg(f)
	if err != nil {
		return "", err
	}
	for _, st := range api.stages {
		if st.deployment.id == d.ID || st.model.DeploymentID == d.ID ||
			st.model.CanarySettings != nil && st.model.CanarySettings.DeploymentID == d.ID {
			return "", fmt.Errorf("BadRequestException: Active stages pointing to this deployment must be moved or deleted")
		}
	}
	delete(api.deployments, d.ID)
	api.deploymentOrder = slices.DeleteFunc(api.deploymentOrder, func(id string) bool { return id == d.ID })
	api.model.Deployments = slices.DeleteFunc(slices.Clone(api.model.Deployments), func(x *model.Deployment) bool { return x == d })
	if api.model.FirstDeployment == d.ID {
		api.model.FirstDeployment = ""
	}
	if api.deleted == nil {
		api.deleted = map[string]bool{}
	}
	api.deleted[d.ID] = true // AWS never gives a deleted deployment's id to a new one
	return "", nil
}
