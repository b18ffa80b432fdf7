package engine

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"apigwlab/engine/model"
	"apigwlab/engine/userfile"
)

// import-rest-api and put-rest-api read an OpenAPI 3 or Swagger 2 document with the
// importer a workspace's openapi: uses (model.ImportOpenAPI), so the extensions, errors and
// positions are the same. apigwlab has no import warnings: what it cannot take is an error,
// and failOnWarnings changes nothing.

// importBody reads --body: the document itself (the HTTP API's request body), or
// file://PATH / fileb://PATH as the aws CLI writes it in the palette and lab steps.
func importBody(f flagSet) ([]byte, string, error) {
	body := f.get("body")
	for _, prefix := range []string{"fileb://", "file://"} {
		if path, ok := strings.CutPrefix(body, prefix); ok {
			data, err := userfile.Read(path, userfile.MaxSize)
			if err != nil {
				return nil, "", fmt.Errorf("BadRequestException: --body %s: %v", body, err)
			}
			return data, path, nil
		}
	}
	if strings.TrimSpace(body) == "" {
		return nil, "", fmt.Errorf("BadRequestException: --body is required: the OpenAPI document (fileb://api.yaml)")
	}
	return []byte(body), "the imported document", nil
}

// readImport parses the document and checks it as a workspace API would be checked, against
// the workspace's functions and user pools.
func (g *Gateway) readImport(f flagSet) (*model.RestAPI, error) {
	data, name, err := importBody(f)
	if err != nil {
		return nil, err
	}
	basePath := f.get("basepath")
	if params, err := stringMapArg(f, "parameters"); err == nil && params["basepath"] != "" {
		basePath = params["basepath"]
	}
	a, err := model.ImportOpenAPI(name, data, basePath)
	if err != nil {
		var es model.Errors
		if errors.As(err, &es) && len(es) > 0 && strings.Contains(es[0].Msg, "not an OpenAPI document") {
			// AWS's answer to a body that is not OpenAPI (LS snapshot test_import_api_bad_file)
			return nil, fmt.Errorf("BadRequestException: Invalid OpenAPI input. (%v)", err)
		}
		return nil, importErrors(err)
	}
	if parts, ok := docPartsIn(data); ok {
		// x-amazon-apigateway-documentation (LS test_import_documentation_parts)
		for i, p := range parts {
			p.ID = shortID(fmt.Sprintf("docpart:%s:%d", a.Name, i), 6)
		}
		a.DocumentationParts = parts
	}
	return a, nil
}

// checkImported validates an imported API beside the workspace's functions and user pools.
func (g *Gateway) checkImported(a *model.RestAPI) error {
	w := &model.Workspace{Source: "import", Region: g.ws.Region, AccountID: g.ws.AccountID, Functions: g.ws.Functions,
		UserPools: g.ws.UserPools, IAM: g.ws.IAM, VPCEndpoints: g.ws.VPCEndpoints, RestAPIs: []*model.RestAPI{a}}
	if err := w.Validate(); err != nil {
		return importErrors(err)
	}
	return nil
}

// importErrors writes import problems as AWS begins them ("Errors found during import:"),
// one a line.
func importErrors(err error) error {
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, "\t"+strings.TrimSpace(l))
		}
	}
	return fmt.Errorf("BadRequestException: Errors found during import:\n%s", strings.Join(lines, "\n"))
}

// importRestAPI is ImportRestApi: --body (OpenAPI 3 or Swagger 2, JSON or YAML),
// --parameters basepath=ignore|prepend|split, --fail-on-warnings. The API is named by
// info.title and has no stage until create-deployment.
func (g *Gateway) importRestAPI(f flagSet) (string, error) {
	a, err := g.readImport(f)
	if err != nil {
		return "", err
	}
	if a.Name == "" {
		return "", fmt.Errorf("BadRequestException: Errors found during import:\n\tthe document has no info.title: API Gateway names the API by it")
	}
	if g.byKey[a.Name] != nil {
		return "", fmt.Errorf("ConflictException: a REST API named %s already exists (apigwlab refers to APIs by name: rename info.title, or put-rest-api to update it)", a.Name)
	}
	a.ID = ""
	if err := g.checkImported(a); err != nil {
		return "", err
	}
	return g.addRestAPI(a)
}

// putRestAPI is PutRestApi: --rest-api-id --body --mode merge|overwrite (default merge)
// --fail-on-warnings --parameters. overwrite replaces the API's resources, authorizers,
// models, validators, gateway responses and binary media types with the document's; merge
// adds the document's, its methods replacing those of the same path and verb. The API keeps
// its name, id, stages and deployments (apigwlab refers to APIs by name, so info.title does
// not rename it as on AWS). As any definition change, it reaches a stage with
// create-deployment.
func (g *Gateway) putRestAPI(f flagSet) (string, error) {
	api, err := g.apiArg(f)
	if err != nil {
		return "", err
	}
	mode := f.get("mode")
	if mode == "" {
		mode = "merge"
	}
	if mode != "merge" && mode != "overwrite" {
		return "", fmt.Errorf("ValidationException: 1 validation error detected: Value '%s' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [merge, overwrite]", mode)
	}
	doc, err := g.readImport(f)
	if err != nil {
		return "", err
	}
	old := *api.model
	next := old
	next.Description, next.Version = firstNonEmpty(doc.Description, old.Description), firstNonEmpty(doc.Version, old.Version)
	if mode == "overwrite" {
		next.Resources, next.Authorizers, next.Models = doc.Resources, doc.Authorizers, doc.Models
		next.RequestValidators, next.GatewayResponses, next.BinaryMediaTypes = doc.RequestValidators, doc.GatewayResponses, doc.BinaryMediaTypes
		next.APIKeySource = doc.APIKeySource
	} else {
		next.Resources = model.MergeResources(model.CloneResources(old.Resources), doc.Resources)
		next.Authorizers = mergeNamed(old.Authorizers, doc.Authorizers, func(a *model.Authorizer) string { return a.Name })
		next.RequestValidators = mergeNamed(old.RequestValidators, doc.RequestValidators, func(v *model.RequestValidator) string { return v.Name })
		next.Models = mergeMaps(old.Models, doc.Models)
		next.GatewayResponses = mergeMaps(old.GatewayResponses, doc.GatewayResponses)
		next.BinaryMediaTypes = slices.Clone(old.BinaryMediaTypes)
		for _, t := range doc.BinaryMediaTypes {
			if !slices.Contains(next.BinaryMediaTypes, t) {
				next.BinaryMediaTypes = append(next.BinaryMediaTypes, t)
			}
		}
	}
	check := next
	check.Stages, check.Deployments = nil, nil // checked with the API as it will be defined
	if err := g.checkImported(&check); err != nil {
		return "", err
	}
	err = g.editDefinition(api, func() (func(), error) {
		*api.model = next
		return func() { *api.model = old }, nil
	})
	if err != nil {
		return "", err
	}
	api.apiKeySource, api.binaryMediaTypes = next.APIKeySource, next.BinaryMediaTypes
	return toJSON(restAPIJSON(api)), nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// mergeNamed keeps old's items and puts from's in, replacing those of the same name.
func mergeNamed[T any](old, from []T, name func(T) string) []T {
	out := slices.Clone(old)
	for _, x := range from {
		if i := slices.IndexFunc(out, func(y T) bool { return name(y) == name(x) }); i >= 0 {
			out[i] = x
		} else {
			out = append(out, x)
		}
	}
	return out
}

func mergeMaps[V any](old, from map[string]V) map[string]V {
	if len(old) == 0 && len(from) == 0 {
		return old
	}
	out := maps.Clone(old)
	if out == nil {
		out = map[string]V{}
	}
	maps.Copy(out, from)
	return out
}
