package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// What AWS's control plane refuses in parameter mappings and models when they are put
// (PutIntegration, PutIntegrationResponse, PutGatewayResponse, CreateModel), reported at
// the file position with AWS's own message. Sources are in docs/fidelity.md ("Models,
// mappings and the control plane's refusals").

// awsMapping is AWS's BadRequestException text for a refused mapping expression.
func awsMapping(err string) string {
	return "(AWS: \"Invalid mapping expression specified: Validation Result: warnings : [], errors : [" + err + "]\")"
}

var (
	// Sources of a method response header in an integration response (AWS developer guide,
	// rest-api-parameter-mapping-sources.html, the integration response table): a header or the body of the
	// integration response, a stage or context variable, or a 'static value'.
	responseSourceRe = lazyRE(`^(integration\.response\.(header|multivalueheader)\.\S+|integration\.response\.body(\.\S+)?|stageVariables\.[A-Za-z0-9_]+|context\.\S+|'.*')$`)
	// Sources of a gateway response header: a method request parameter, a stage or context
	// variable, or a 'static value' (x-amazon-apigateway-gateway-responses.responseParameters).
	gatewaySourceRe = lazyRE(`^(method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.\S+|stageVariables\.[A-Za-z0-9_]+|context\.\S+|'.*')$`)
	methodSourceRe  = lazyRE(`^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(\S+)$`)
)

// methodMappings checks that an integration's mappings refer to what the method declares:
// its request parameters (PutIntegration) and, per integration response, a method response
// for the status that declares each mapped header (PutIntegrationResponse). A method that
// declares no methodResponses at all is let through: workspaces may leave them out (the
// console and CloudFormation create them; AWS always has them).
func (v *validator) methodMappings(m *Method, base string) {
	in := m.Integration
	if in == nil {
		return
	}
	ibase := joinPath(base, "integration")
	for _, k := range slices.Sorted(maps.Keys(in.RequestParameters)) {
		src := in.RequestParameters[k]
		sm := methodSourceRe.FindStringSubmatch(src)
		if sm == nil || declaresParam(m, sm[1], sm[2]) {
			continue
		}
		v.atVal(in, ibase, "requestParameters", k, fmt.Sprintf("%s is not declared by the method: add %s: false (or true when required) to the method's requestParameters %s",
			src, "method.request."+sm[1]+"."+sm[2], awsMapping("Invalid mapping expression parameter specified: "+src)))
	}
	declared := map[string]*MethodResponse{}
	for _, mr := range m.MethodResponses {
		if mr != nil {
			declared[mr.StatusCode] = mr
		}
	}
	for j, ir := range in.IntegrationResponses {
		if ir == nil {
			continue
		}
		irbase := fmt.Sprintf("%s.integrationResponses[%d]", ibase, j)
		mr := declared[ir.StatusCode]
		for _, k := range slices.Sorted(maps.Keys(ir.ResponseParameters)) {
			if !methodResponseHeaderRe.MatchString(k) {
				continue // reported by integration()
			}
			switch awsErr := undeclaredMapping(m, mr, k); awsErr {
			case noMethodResponse:
				v.atKey(ir, irbase, "responseParameters", k, fmt.Sprintf("the method declares no method response for status %s, so no header can be mapped: add {statusCode: %q, responseParameters: {%s: false}} to methodResponses %s",
					ir.StatusCode, ir.StatusCode, k, awsMapping(awsErr)))
			case "":
			default:
				v.atKey(ir, irbase, "responseParameters", k, fmt.Sprintf("the method response for status %s does not declare %s: add %s: false to its responseParameters %s",
					ir.StatusCode, k, k, awsMapping(awsErr)))
			}
			if val := ir.ResponseParameters[k]; !responseSourceRe.MatchString(val) {
				v.atVal(ir, irbase, "responseParameters", k, fmt.Sprintf("%q is not a response parameter source: quote a static value ('%s'), or use integration.response.header.NAME, integration.response.body.JSONPATH, stageVariables.NAME or context.NAME %s",
					val, strings.Trim(val, `'"`), awsMapping("Invalid mapping expression specified: "+val)))
			}
		}
	}
}

const noMethodResponse = "No method response exists for method."

// undeclaredMapping is AWS's error for an integration response of m mapping the method
// response header key when mr (m's method response for the status, nil if none) does not
// declare it, or "". A method with no method responses at all is let through.
func undeclaredMapping(m *Method, mr *MethodResponse, key string) string {
	switch _, ok := mr.params()[key]; {
	case len(m.MethodResponses) > 0 && mr == nil:
		return noMethodResponse
	case mr != nil && !ok:
		return "Invalid mapping expression parameter specified: " + key
	}
	return ""
}

// CheckResponseMappings is PutIntegrationResponse's refusal of header mappings the
// method's response for the status does not declare, as AWS's BadRequestException text.
func CheckResponseMappings(m *Method, ir *IntegrationResponse) error {
	var mr *MethodResponse
	for _, x := range m.MethodResponses {
		if x != nil && x.StatusCode == ir.StatusCode {
			mr = x
		}
	}
	for _, k := range slices.Sorted(maps.Keys(ir.ResponseParameters)) {
		if e := undeclaredMapping(m, mr, k); e != "" {
			return fmt.Errorf("BadRequestException: Invalid mapping expression specified: Validation Result: warnings : [], errors : [%s]", e)
		}
	}
	return nil
}

func (mr *MethodResponse) params() map[string]bool {
	if mr == nil {
		return nil
	}
	return mr.ResponseParameters
}

// declaresParam: the method declares the request parameter where.name (a multi-value
// source is declared by its single-value form too, and the other way round).
func declaresParam(m *Method, where, name string) bool {
	alt := map[string]string{"header": "multivalueheader", "multivalueheader": "header",
		"querystring": "multivaluequerystring", "multivaluequerystring": "querystring"}[where]
	for _, w := range []string{where, alt} {
		if _, ok := m.RequestParameters["method.request."+w+"."+name]; ok && w != "" {
			return true
		}
	}
	return false
}

// gatewayResponseSources checks the values of a gateway response's header mappings.
func (v *validator) gatewayResponseSources(gr *GatewayResponse, gbase string) {
	for _, k := range slices.Sorted(maps.Keys(gr.ResponseParameters)) {
		if val := gr.ResponseParameters[k]; !gatewaySourceRe.MatchString(val) {
			v.atVal(gr, gbase, "responseParameters", k, fmt.Sprintf("%q is not a gateway response parameter source: quote a static value ('%s'), or use method.request.header.NAME (querystring, path), stageVariables.NAME or context.NAME %s",
				val, strings.Trim(val, `'"`), awsMapping("Invalid mapping expression specified: "+val)))
		}
	}
}

// canonicalModelRef is how a model names another model of its API (AWS developer guide,
// "Data models for REST APIs": "$ref": "https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}").
var canonicalModelRef = lazyRE(`^https://apigateway\.amazonaws\.com/restapis/[^/]+/models/([^/]+)$`)

// models checks each model: a schema is given (CreateModel: "Model schema must have at
// least 1 property or array items defined", LS snapshot test_model_lifecycle), and every
// $ref to another model names one of the API's models, in the canonical form.
func (v *validator) models(api *RestAPI, base string) {
	for _, name := range slices.Sorted(maps.Keys(api.Models)) {
		m := api.Models[name]
		mbase := base + ".models." + name
		if m == nil || m.Schema == nil || m.Schema == "" {
			v.atKey(api, base, "models", name, fmt.Sprintf("model %s has no schema: give it one, e.g. schema: {type: object} (AWS: \"Model schema must have at least 1 property or array items defined\")", name))
			continue
		}
		schema := m.Schema
		if s, ok := schema.(string); ok { // AWS's own form: the schema as JSON text
			if err := json.Unmarshal([]byte(s), &schema); err != nil {
				v.at(m, mbase, "schema", fmt.Sprintf("the schema is a string but not JSON: %v (write it as a YAML mapping, or as JSON text)", err))
				continue
			}
		}
		for _, ref := range modelRefsIn(schema, nil) {
			if msg := checkModelRef(ref, api); msg != "" {
				v.at(m, mbase, "schema", msg)
			}
		}
	}
}

// checkModelRef says what is wrong with a $ref of a model, or "".
func checkModelRef(ref string, api *RestAPI) string {
	var name string
	switch {
	case strings.HasPrefix(ref, "#"):
		if !strings.HasPrefix(ref, "#/definitions/") && !strings.HasPrefix(ref, "#/components/schemas/") {
			return "" // a pointer into the model itself
		}
		name = ref[strings.LastIndex(ref, "/")+1:]
		if strings.HasPrefix(ref, "#/definitions/") {
			return "" // may be the model's own definitions
		}
	case canonicalModelRef.MatchString(ref):
		name = canonicalModelRef.FindStringSubmatch(ref)[1]
	default:
		return fmt.Sprintf("$ref %q: a model refers to another model as https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name} (AWS: \"Model reference must be in canonical form\")", ref)
	}
	if _, ok := api.Models[name]; ok || name == "Empty" || name == "Error" {
		return ""
	}
	return fmt.Sprintf("$ref %q: %s", ref, refMsg(name, "model", "models", slices.Sorted(maps.Keys(api.Models))))
}

// modelRefsIn lists the $ref strings of a schema.
func modelRefsIn(s any, out []string) []string {
	switch x := s.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if r, ok := x[k].(string); ok && k == "$ref" {
				out = append(out, r)
				continue
			}
			out = modelRefsIn(x[k], out)
		}
	case []any:
		for _, e := range x {
			out = modelRefsIn(e, out)
		}
	}
	return out
}
