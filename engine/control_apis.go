package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/export"
	"apigwlab/engine/model"
)

// The verbs here create, list and delete REST APIs and read stages and exports, as
// CreateRestApi, GetRestApis, GetRestApi, DeleteRestApi, GetStages and GetExport do. The
// control-plane HTTP API in serve (server/controlplane.go) and the palette both call them.

// createRestAPI adds an empty REST API (its root resource only) to the running gateway.
func (g *Gateway) createRestAPI(f flagSet) (string, error) {
	name := f.get("name")
	if name == "" {
		return "", fmt.Errorf("BadRequestException: Invalid REST API name specified: a name is required")
	}
	if g.byKey[name] != nil {
		// AWS allows two APIs of one name; apigwlab finds APIs by name, so it does not.
		return "", fmt.Errorf("ConflictException: a REST API named %s already exists (apigwlab refers to APIs by name: choose another)", name)
	}
	a := &model.RestAPI{Name: name, Description: f.get("description"), Version: f.get("version"), APIKeySource: f.get("api-key-source")}
	if a.APIKeySource == "" {
		a.APIKeySource = model.DefaultAPIKeySource
	}
	if a.APIKeySource != "HEADER" && a.APIKeySource != "AUTHORIZER" {
		return "", fmt.Errorf("BadRequestException: Invalid API Key Source specified: %s (HEADER or AUTHORIZER)", a.APIKeySource)
	}
	tags, err := tagsFlag(f)
	if err != nil {
		return "", err
	}
	a.Tags = tags
	if v := f.get("binary-media-types"); v != "" {
		if err := json.Unmarshal([]byte(v), &a.BinaryMediaTypes); err != nil {
			a.BinaryMediaTypes = strings.Split(v, ",")
		}
	}
	return g.addRestAPI(a)
}

// addRestAPI compiles a new REST API into the running gateway (create-rest-api,
// import-rest-api) and answers it as CreateRestApi does.
func (g *Gateway) addRestAPI(a *model.RestAPI) (string, error) {
	a.ID = shortID(fmt.Sprintf("restapi:%s:%d", a.Name, len(g.apis)), 10)
	api, err := compileAPI(a, g.region(), g.accountID(), &g.templates)
	if err != nil {
		return "", fmt.Errorf("BadRequestException: %v", err)
	}
	if err := g.bindPools(api); err != nil {
		return "", fmt.Errorf("BadRequestException: %v", err)
	}
	api.created = g.clock.Now()
	g.ws.RestAPIs = append(g.ws.RestAPIs, a)
	g.apis = append(g.apis, api)
	g.byKey[api.name] = api
	g.byKey[api.id] = api
	return toJSON(restAPIJSON(api)), nil
}

// restAPIJSON is a RestApi as the API answers it.
func restAPIJSON(api *restAPI) map[string]any {
	a := api.model
	out := map[string]any{"id": api.id, "name": api.name, "createdDate": api.created.Unix(),
		"apiKeySource": api.apiKeySource, "disableExecuteApiEndpoint": a.DisableExecuteAPIEndpoint,
		"rootResourceId": api.resourceID("/"), "endpointConfiguration": map[string]any{"types": []string{"EDGE"}}}
	if out["apiKeySource"] == "" {
		out["apiKeySource"] = model.DefaultAPIKeySource
	}
	if a.Description != "" {
		out["description"] = a.Description
	}
	if a.Version != "" {
		out["version"] = a.Version
	}
	if len(a.BinaryMediaTypes) > 0 {
		out["binaryMediaTypes"] = a.BinaryMediaTypes
	}
	if ec := a.EndpointConfiguration; ec != nil && len(ec.Types) > 0 {
		out["endpointConfiguration"] = map[string]any{"types": ec.Types}
	}
	if a.MinimumCompressionSize != nil {
		out["minimumCompressionSize"] = *a.MinimumCompressionSize
	}
	if p := policyText(a.Policy); p != "" {
		out["policy"] = p
	}
	tags := map[string]string{} // AWS answers tags, {} without any (LS test_create_rest_api_with_tags)
	maps.Copy(tags, a.Tags)
	out["tags"] = tags
	return out
}

// page cuts items by --position (the index to start at, as a token) and --limit (default
// 25, at most 500, as AWS's GetRestApis), and says where the next page starts.
func page[T any](f flagSet, items []T) ([]T, string, error) {
	start, limit := 0, 25
	if p := f.get("position"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, "", fmt.Errorf("BadRequestException: Invalid position parameter %q", p)
		}
		start = n
	}
	if l := f.get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 500 {
			return nil, "", fmt.Errorf("BadRequestException: 1 validation error detected: Value '%s' at 'limit' failed to satisfy constraint: Member must have value between 1 and 500", l)
		}
		limit = n
	}
	if start > len(items) {
		start = len(items)
	}
	end := min(start+limit, len(items))
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[start:end], next, nil
}

func (g *Gateway) getRestAPIs(f flagSet) (string, error) {
	var all []map[string]any
	for _, a := range g.apis {
		all = append(all, restAPIJSON(a))
	}
	return pageJSON(f, all)
}

func (g *Gateway) getRestAPI(f flagSet) (string, error) {
	api, err := g.apiArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(restAPIJSON(api)), nil
}

// apiArg is apiFor without the only-API default: the HTTP API always names one.
func (g *Gateway) apiArg(f flagSet) (*restAPI, error) {
	if f.get("rest-api-id") == "" {
		return nil, fmt.Errorf("BadRequestException: --rest-api-id is required")
	}
	return g.apiFor(f)
}

// deleteRestAPI removes an API and its stages from the running gateway.
func (g *Gateway) deleteRestAPI(f flagSet) (string, error) {
	api, err := g.apiArg(f)
	if err != nil {
		return "", err
	}
	if err := g.mappedBy(api.name, api.id, ""); err != nil {
		return "", err
	}
	g.apis = slices.DeleteFunc(g.apis, func(a *restAPI) bool { return a == api })
	g.ws.RestAPIs = slices.DeleteFunc(g.ws.RestAPIs, func(a *model.RestAPI) bool { return a == api.model })
	for k, a := range g.byKey {
		if a == api {
			delete(g.byKey, k)
		}
	}
	return "", nil
}

// getStages lists an API's stages (GetStages answers {"item": […]}).
func (g *Gateway) getStages(f flagSet) (string, error) {
	api, err := g.apiArg(f)
	if err != nil {
		return "", err
	}
	items := []json.RawMessage{}
	for _, s := range api.model.Stages {
		st := api.stages[s.StageName]
		if st == nil {
			continue
		}
		if d := f.get("deployment-id"); d != "" && st.deployment.id != d {
			continue
		}
		items = append(items, json.RawMessage(stageJSON(st)))
	}
	return toJSON(map[string]any{"item": items}), nil
}

// createStage is CreateStage: --stage-name --deployment-id (both required) --description
// --variables --cache-cluster-enabled --cache-cluster-size --tracing-enabled
// --canary-settings; --documentation-version and --tags are accepted and not kept.
func (g *Gateway) createStage(f flagSet) (string, error) {
	api, err := g.apiArg(f)
	if err != nil {
		return "", err
	}
	name, dep := f.get("stage-name"), f.get("deployment-id")
	if name == "" || dep == "" {
		return "", fmt.Errorf("BadRequestException: create-stage needs --stage-name and --deployment-id (get-deployments lists the ids)")
	}
	if api.stages[name] != nil {
		return "", fmt.Errorf("ConflictException: Stage already exists")
	}
	if api.deployments[dep] == nil {
		// LocalStack's message for a wrong deployment id (provider.py update_deployment)
		return "", fmt.Errorf("NotFoundException: Invalid Deployment identifier specified")
	}
	s := &model.Stage{StageName: name, DeploymentID: dep, Description: f.get("description"),
		CacheClusterEnabled: boolFlag(f, "cache-cluster-enabled"), CacheClusterSize: f.get("cache-cluster-size"),
		TracingEnabled: boolFlag(f, "tracing-enabled"), DocumentationVersion: f.get("documentation-version"),
		CreatedDate: g.clock.Now(), LastUpdatedDate: g.clock.Now()}
	if s.Variables, err = stringMapArg(f, "variables"); err != nil {
		return "", err
	}
	if s.Tags, err = tagsFlag(f); err != nil {
		return "", err
	}
	if v := f.get("canary-settings"); v != "" {
		if s.CanarySettings, err = parseCanarySettings(v); err != nil {
			return "", err
		}
		if s.CanarySettings.DeploymentID == "" {
			s.CanarySettings.DeploymentID = dep
		} else if api.deployments[s.CanarySettings.DeploymentID] == nil {
			// LS test_create_canary_deployment bad-canary-deployment-id
			return "", fmt.Errorf("BadRequestException: Deployment id does not exist")
		}
	}
	if err := api.recompileStage(s); err != nil {
		return "", fmt.Errorf("BadRequestException: %v", err)
	}
	api.model.Stages = append(api.model.Stages, s)
	return stageJSON(api.stages[name]), nil
}

// deleteStage is DeleteStage. A stage a usage plan names is refused (apigwlab's wording):
// delete it from the plan first (update-usage-plan or delete-usage-plan).
func (g *Gateway) deleteStage(f flagSet) (string, error) {
	api, st, err := g.apiStage(f)
	if err != nil {
		return "", err
	}
	for _, p := range g.ws.UsagePlans {
		for _, as := range p.APIStages {
			if (as.API == api.name || as.API == api.id) && as.Stage == st.name {
				return "", fmt.Errorf("BadRequestException: stage %s is in usage plan %s: take it out of the plan first", st.name, p.Name)
			}
		}
	}
	if err := g.mappedBy(api.name, api.id, st.name); err != nil {
		return "", err
	}
	delete(api.stages, st.name)
	api.model.Stages = slices.DeleteFunc(slices.Clone(api.model.Stages), func(s *model.Stage) bool { return s.StageName == st.name })
	return "", nil
}

// getExport is get-export: --export-type oas30|swagger, --parameters extensions=…,
// --accepts application/json|application/yaml. It prints the document.
func (g *Gateway) getExport(f flagSet) (string, error) {
	res, err := g.exportArgs(f)
	if err != nil {
		return "", err
	}
	if f.get("accepts") == "application/yaml" {
		return string(res.YAML()), nil
	}
	return string(res.JSON()), nil
}

func (g *Gateway) exportArgs(f flagSet) (*export.Result, error) {
	api, err := g.apiArg(f)
	if err != nil {
		return nil, err
	}
	st := api.stages[f.get("stage-name")]
	if st == nil {
		return nil, fmt.Errorf("NotFoundException: Invalid Stage identifier specified")
	}
	var exts []string
	if v := f.get("extensions"); v != "" {
		e, err := export.ParseExtensions(v)
		if err != nil {
			return nil, fmt.Errorf("BadRequestException: %v", err)
		}
		exts = e
	}
	for _, p := range strings.Split(f.get("parameters"), ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(p), "extensions="); ok {
			e, err := export.ParseExtensions(strings.ReplaceAll(v, ";", ","))
			if err != nil {
				return nil, fmt.Errorf("BadRequestException: %v", err)
			}
			exts = append(exts, e...)
		}
	}
	typ := f.get("export-type")
	if typ != export.TypeOAS30 && typ != export.TypeSwagger {
		return nil, fmt.Errorf("BadRequestException: Invalid export type %q: use oas30 or swagger", typ)
	}
	return export.OpenAPI(frozenModel(api.model, st.deployment), deploymentResources(st.deployment), export.Options{Type: typ, Extensions: exts,
		APIID: api.id, Region: api.region, AccountID: api.account, Stage: st.name, Version: api.created.UTC().Format(time.RFC3339)})
}

// Export runs get-export for the control-plane HTTP API, which sends the document with
// its own Content-Disposition.
func (g *Gateway) Export(flags map[string][]string) (*export.Result, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.exportArgs(flagSet(flags))
}

// HasAPI says whether key is a REST or HTTP API's name or id.
func (g *Gateway) HasAPI(key string) bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.byKey[key] != nil || g.httpByKey[key] != nil
}

// policyText is a resource policy as RestApi's policy member carries it: the document as a
// JSON string (written in the workspace as YAML or as JSON text).
func policyText(p any) string {
	switch v := p.(type) {
	case nil:
		return ""
	case string:
		return v
	}
	b, err := json.Marshal(p)
	if err != nil {
		return ""
	}
	return string(b)
}
