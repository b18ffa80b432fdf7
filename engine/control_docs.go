package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"apigwlab/engine/model"

	"gopkg.in/yaml.v3"
)

// Documentation parts and versions (CreateDocumentationPart, GetDocumentationParts,
// GetDocumentationPart, UpdateDocumentationPart, DeleteDocumentationPart and the
// DocumentationVersion operations): what an API's documentation says about it, its
// methods, parameters, responses and models, and named snapshots of it. Kept in the
// workspace (documentationParts, documentationVersions) and answered as AWS answers them;
// messages from LocalStack's AWS-validated snapshots (test_apigateway_api.py
// TestApiGatewayApiDocumentationPart, test_apigateway_common.py TestDocumentations).
// apigwlab does not publish documentation into exports.

const (
	errNoDocPart    = "NotFoundException: Invalid Documentation part identifier specified"
	errNoDocVersion = "NotFoundException: Invalid Documentation version specified" // apigwlab's wording (unconfirmed)
	docPartTypes    = "[RESPONSE_BODY, RESPONSE, METHOD, MODEL, AUTHORIZER, RESPONSE_HEADER, RESOURCE, PATH_PARAMETER, REQUEST_BODY, QUERY_PARAMETER, API, REQUEST_HEADER]"
)

// docPartArg resolves --documentation-part-id; a wrong API is the part's NotFoundException
// (LS get-documentation-part-invalid-api-id).
func (g *Gateway) docPartArg(f flagSet) (*restAPI, *model.DocumentationPart, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s", errNoDocPart)
	}
	id := f.get("documentation-part-id")
	for _, p := range api.model.DocumentationParts {
		if p.ID == id {
			return api, p, nil
		}
	}
	return nil, nil, fmt.Errorf("%s", errNoDocPart)
}

// parseDocLocation reads --location: type=METHOD,path=/pets,method=GET or its JSON.
func parseDocLocation(v string) (*model.DocumentationLocation, error) {
	l := &model.DocumentationLocation{}
	if strings.HasPrefix(strings.TrimSpace(v), "{") {
		if err := json.Unmarshal([]byte(v), l); err != nil {
			return nil, fmt.Errorf("SerializationException: --location: %v", err)
		}
	} else {
		for _, kv := range splitShorthand(v) {
			k, val, _ := strings.Cut(kv, "=")
			switch k {
			case "type":
				l.Type = val
			case "path":
				l.Path = val
			case "method":
				l.Method = val
			case "statusCode":
				l.StatusCode = val
			case "name":
				l.Name = val
			default:
				return nil, fmt.Errorf("--location: unknown key %q (type, path, method, statusCode, name)", k)
			}
		}
	}
	if !slices.Contains(strings.Split(strings.Trim(docPartTypes, "[]"), ", "), l.Type) {
		return nil, validationError([]string{fmt.Sprintf("Value '%s' at 'createDocumentationPartInput.location.type' failed to satisfy constraint: Member must satisfy enum value set: %s", l.Type, docPartTypes)})
	}
	return l, nil
}

// createDocumentationPart: --location, --properties (a JSON object, as text).
func (g *Gateway) createDocumentationPart(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	loc, err := parseDocLocation(f.get("location"))
	if err != nil {
		return "", err
	}
	props := f.get("properties")
	if !json.Valid([]byte(props)) {
		return "", fmt.Errorf("BadRequestException: Invalid properties: a JSON object, such as '{\"description\": \"…\"}'")
	}
	for _, p := range api.model.DocumentationParts {
		if *p.Location == *loc {
			// apigwlab's wording (unconfirmed)
			return "", fmt.Errorf("ConflictException: Documentation part already exists for this location (%s): update-documentation-part changes it", p.ID)
		}
	}
	p := &model.DocumentationPart{ID: api.newDocPartID(), Location: loc, Properties: props}
	api.model.DocumentationParts = append(api.model.DocumentationParts, p)
	return toJSON(docPartJSON(p)), nil
}

func docPartJSON(p *model.DocumentationPart) map[string]any {
	loc := map[string]any{"type": p.Location.Type}
	for k, v := range map[string]string{"path": p.Location.Path, "method": p.Location.Method, "statusCode": p.Location.StatusCode, "name": p.Location.Name} {
		if v != "" {
			loc[k] = v
		}
	}
	return map[string]any{"id": p.ID, "location": loc, "properties": p.Properties}
}

func (g *Gateway) getDocumentationPart(f flagSet) (string, error) {
	_, p, err := g.docPartArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(docPartJSON(p)), nil
}

// getDocumentationParts lists parts: --type, --path, --name-query filter; --position, --limit page.
func (g *Gateway) getDocumentationParts(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	name := f.get("name-query")
	if name == "" {
		name = f.get("name") // the HTTP API's query parameter
	}
	var all []map[string]any
	for _, p := range api.model.DocumentationParts {
		if t := f.get("type"); t != "" && p.Location.Type != t {
			continue
		}
		if pa := f.get("path"); pa != "" && p.Location.Path != pa {
			continue
		}
		if name != "" && !strings.Contains(p.Location.Name, name) {
			continue
		}
		all = append(all, docPartJSON(p))
	}
	return pageJSON(f, all)
}

// updateDocumentationPart replaces /properties (the only path AWS patches).
func (g *Gateway) updateDocumentationPart(f flagSet) (string, error) {
	_, p, err := g.docPartArg(f)
	if err != nil {
		return "", err
	}
	ops, err := readPatch(f, "updateDocumentationPartInput", nil)
	if err != nil {
		return "", err
	}
	props := p.Properties
	for _, op := range ops {
		if op.Path != "/properties" {
			return "", fmt.Errorf("BadRequestException: Invalid patch path  '%s' specified for op '%s'. Must be one of: [/properties]", op.Path, op.Op)
		}
		if op.Op != "replace" {
			return "", fmt.Errorf("BadRequestException: Invalid patch path  '%s' specified for op '%s'. Please choose supported operations", op.Path, op.Op)
		}
		if !json.Valid([]byte(op.Value)) {
			return "", fmt.Errorf("BadRequestException: Invalid properties: a JSON object, such as '{\"description\": \"…\"}'")
		}
		props = op.Value
	}
	p.Properties = props
	return toJSON(docPartJSON(p)), nil
}

// deleteDocumentationPart removes a part (AWS answers 202); a wrong API is the API's
// NotFoundException here (LS delete_documentation_part_wrong_api_id).
func (g *Gateway) deleteDocumentationPart(f flagSet) (string, error) {
	if _, err := g.apiFor(f); err != nil {
		return "", err
	}
	api, p, err := g.docPartArg(f)
	if err != nil {
		return "", err
	}
	api.model.DocumentationParts = slices.DeleteFunc(slices.Clone(api.model.DocumentationParts), func(x *model.DocumentationPart) bool { return x == p })
	return "", nil
}

// ---- versions ----

func (g *Gateway) docVersionArg(f flagSet) (*restAPI, *model.DocumentationVersion, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return nil, nil, err
	}
	v := f.get("documentation-version")
	for _, d := range api.model.DocumentationVersions {
		if d.Version == v {
			return api, d, nil
		}
	}
	return nil, nil, fmt.Errorf("%s", errNoDocVersion)
}

func docVersionJSON(d *model.DocumentationVersion) map[string]any {
	out := map[string]any{"version": d.Version}
	if !d.CreatedDate.IsZero() {
		out["createdDate"] = d.CreatedDate.Unix()
	}
	if d.Description != "" {
		out["description"] = d.Description
	}
	return out
}

// createDocumentationVersion snapshots the API's documentation parts under
// --documentation-version; --stage-name also points that stage at it.
func (g *Gateway) createDocumentationVersion(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	v := f.get("documentation-version")
	if v == "" {
		return "", fmt.Errorf("BadRequestException: create-documentation-version needs --documentation-version")
	}
	for _, d := range api.model.DocumentationVersions {
		if d.Version == v {
			// apigwlab's wording (unconfirmed)
			return "", fmt.Errorf("ConflictException: Documentation version %s already exists", v)
		}
	}
	var st *model.Stage
	if name := f.get("stage-name"); name != "" {
		if st = api.stageModel(name); st == nil || api.stages[name] == nil {
			return "", fmt.Errorf("NotFoundException: Invalid Stage identifier specified")
		}
	}
	d := &model.DocumentationVersion{Version: v, Description: f.get("description"), CreatedDate: g.clock.Now()}
	for _, p := range api.model.DocumentationParts {
		cp := *p
		loc := *p.Location
		cp.Location = &loc
		d.Parts = append(d.Parts, &cp)
	}
	api.model.DocumentationVersions = append(api.model.DocumentationVersions, d)
	if st != nil {
		st.DocumentationVersion = v
	}
	return toJSON(docVersionJSON(d)), nil
}

func (g *Gateway) getDocumentationVersion(f flagSet) (string, error) {
	_, d, err := g.docVersionArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(docVersionJSON(d)), nil
}

func (g *Gateway) getDocumentationVersions(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	var all []map[string]any
	for _, d := range api.model.DocumentationVersions {
		all = append(all, docVersionJSON(d))
	}
	return pageJSON(f, all)
}

// updateDocumentationVersion patches /description.
func (g *Gateway) updateDocumentationVersion(f flagSet) (string, error) {
	_, d, err := g.docVersionArg(f)
	if err != nil {
		return "", err
	}
	if err := patchDescription(f, "updateDocumentationVersionInput", &d.Description); err != nil {
		return "", err
	}
	return toJSON(docVersionJSON(d)), nil
}

func (g *Gateway) deleteDocumentationVersion(f flagSet) (string, error) {
	api, d, err := g.docVersionArg(f)
	if err != nil {
		return "", err
	}
	api.model.DocumentationVersions = slices.DeleteFunc(slices.Clone(api.model.DocumentationVersions), func(x *model.DocumentationVersion) bool { return x == d })
	return "", nil
}

// newDocPartID is an id no documentation part of the API has.
func (a *restAPI) newDocPartID() string {
	id := shortID(fmt.Sprintf("docpart:%s:%d", a.id, len(a.model.DocumentationParts)), 6)
	for slices.ContainsFunc(a.model.DocumentationParts, func(p *model.DocumentationPart) bool { return p.ID == id }) {
		id = shortID("docpart:"+id, 6)
	}
	return id
}

// docPartsIn reads the documentation parts of an OpenAPI document (JSON or YAML), from its
// x-amazon-apigateway-documentation extension; false when the body is not an OpenAPI
// document at all. As AWS does, a location of a type that has a path and names none is the
// root, "/" (LS test_import_documentation_parts).
func docPartsIn(data []byte) ([]*model.DocumentationPart, bool) {
	var doc map[string]any
	if yaml.Unmarshal(data, &doc) != nil || (doc["openapi"] == nil && doc["swagger"] == nil) {
		return nil, false
	}
	ext, _ := doc["x-amazon-apigateway-documentation"].(map[string]any)
	raw, _ := ext["documentationParts"].([]any)
	var out []*model.DocumentationPart
	for _, r := range raw {
		m, _ := r.(map[string]any)
		lm, _ := m["location"].(map[string]any)
		str := func(k string) string { s, _ := lm[k].(string); return s }
		loc := &model.DocumentationLocation{Type: str("type"), Path: str("path"), Method: str("method"),
			StatusCode: str("statusCode"), Name: str("name")}
		if loc.Path == "" && loc.Type != "API" && loc.Type != "AUTHORIZER" && loc.Type != "MODEL" {
			loc.Path = "/"
		}
		props, err := json.Marshal(m["properties"])
		if err != nil || m["properties"] == nil {
			props = []byte("{}")
		}
		out = append(out, &model.DocumentationPart{Location: loc, Properties: string(props)})
	}
	return out, true
}

// importDocumentationParts reads the parts of --body's OpenAPI document into the API:
// --mode overwrite replaces every part, merge (the default) replaces those of the same
// location and adds the others. It answers {"ids": […]} as ImportDocumentationParts does.
func (g *Gateway) importDocumentationParts(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	data, _, err := importBody(f)
	if err != nil {
		return "", err
	}
	parts, ok := docPartsIn(data)
	if !ok {
		// AWS's answer to a body it cannot read (LS test_import_documentation_parts_bad_file)
		return "", fmt.Errorf("BadRequestException: Unable to build importer with provided input.")
	}
	mode := f.get("mode")
	if mode != "" && mode != "merge" && mode != "overwrite" {
		return "", fmt.Errorf("BadRequestException: Invalid mode %q: merge or overwrite", mode)
	}
	if mode == "overwrite" {
		api.model.DocumentationParts = nil
	}
	ids := []string{}
	for _, p := range parts {
		i := slices.IndexFunc(api.model.DocumentationParts, func(x *model.DocumentationPart) bool { return *x.Location == *p.Location })
		if i >= 0 {
			api.model.DocumentationParts[i].Properties = p.Properties
			ids = append(ids, api.model.DocumentationParts[i].ID)
			continue
		}
		p.ID = api.newDocPartID()
		api.model.DocumentationParts = append(api.model.DocumentationParts, p)
		ids = append(ids, p.ID)
	}
	return toJSON(map[string]any{"ids": ids}), nil
}
