package engine

import (
	"encoding/base64"
	"mime"
	"strings"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// integrationRequest is the request-mapping stage of non-proxy integrations: it picks a
// request template by Content-Type and applies passthroughBehavior (aws-facts.md §3.1).
func integrationRequest(c *call) *gwresponse.Error {
	integ := c.m.integ
	ct := contentType(c.req.Header)
	hop := c.trace.Hop("integration request", "pass", c.elapsed, 0)
	hop.Fact("contentType", ct)
	body := c.req.Body
	// Binary-ness follows the Content-Type the client sent (none: text), as for the
	// Lambda proxy event; the application/json default only picks the template.
	act := requestAction(c.isBinaryType(c.req.Header.Value("Content-Type")), integ.ContentHandling)
	switch act {
	case encodeText:
		body = base64.StdEncoding.EncodeToString([]byte(body))
	case decodeBlob:
		if body != "" {
			b, ok := base64Decode(body)
			if !ok {
				if hop != nil {
					hop.Decide("answered 500").Fact("payload", act.describe(integ.ContentHandling, len(body))).
						Fact("reason", "the body is not base64, so CONVERT_TO_BINARY cannot decode it")
				}
				return errBinaryConversion("request")
			}
			body = b
		}
	}
	if hop != nil && act != keepText {
		hop.Fact("payload", act.describe(integ.ContentHandling, len(c.req.Body)))
	}
	tpl, ok := integ.RequestTemplates[ct]
	if act.binary() {
		// A binary payload takes no mapping template: "To have the binary payload passed
		// through without modification, you must enable the passthrough behaviors", and
		// for a text-to-binary conversion "You do not provide a mapping template"
		// (api-gateway-payload-encodings-workflow).
		ok = false
	}
	if !ok {
		behavior := integ.PassthroughBehavior
		if behavior == "" {
			behavior = model.PassthroughWhenNoMatch
		}
		pass := behavior == model.PassthroughWhenNoMatch ||
			(behavior == model.PassthroughWhenNoTemplates && len(integ.RequestTemplates) == 0)
		hop.Fact("passthroughBehavior", behavior)
		if !pass {
			if hop != nil {
				hop.Decision = "answered 415"
				hop.Fact("reason", "no request template for "+ct+" and passthroughBehavior "+behavior+" refuses to pass the body through")
			}
			return gwresponse.ErrUnsupportedMediaType
		}
		if integ.Type == model.IntegrationMock {
			c.integBody = "" // a MOCK without template answers 200
		} else {
			c.integBody = body
		}
		hop.Fact("template", "none: body passed through")
		return nil
	}
	out, e := c.renderTemplate(tpl, body, true)
	if e != nil {
		if hop != nil {
			hop.Decide("answered "+itoa(statusOf(e))).Fact("reason", e.Log)
		}
		return e
	}
	c.integBody = out
	if hop != nil {
		hop.Fact("template", ct).Fact("body", truncate(out))
	}
	return nil
}

// contentType is the request's media type; a missing one is treated as application/json
// (aws-facts.md §3.1, §7).
func contentType(h wire.Headers) string {
	v, ok := h.Get("Content-Type")
	if !ok || strings.TrimSpace(v) == "" {
		return "application/json"
	}
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(v))
	}
	return mt
}

// integrationResponseStep selects the integration response (selectionPattern against the
// Lambda errorMessage or the backend status), maps the status, headers and body.
func integrationResponseStep(c *call) *gwresponse.Error {
	ir := c.m.selectResponse(c.integErrMsg, c.integErr)
	hop := c.trace.Hop("integration response", "", c.elapsed, 0)
	if ir == nil {
		if hop != nil {
			hop.Decision = "answered 500"
			hop.Fact("reason", "no integration response matches "+quote(c.integErrMsg)+" and none is the default (empty selectionPattern)")
		}
		e := gwresponse.Internal(500, "Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: "+itoa(c.integStatus))
		e.Type = gwresponse.APIConfigurationError
		return e
	}
	if ir.noMethodResponse {
		if hop != nil {
			hop.Decision = "answered 500"
			hop.Fact("reason", "integration response "+ir.model.StatusCode+" is selected but the method has no method response "+ir.model.StatusCode)
		}
		e := gwresponse.Internal(500, "Execution failed due to configuration error: Output mapping refers to an invalid method response: "+ir.model.StatusCode)
		e.Type = gwresponse.APIConfigurationError
		return e
	}
	c.status = ir.status
	c.header = c.header[:0]
	payload := c.integPayload
	handling := ir.model.ContentHandling
	act := responseAction(c.isBinaryType(c.integHeader.Value("Content-Type")),
		c.isBinaryType(firstMediaType(c.req.Header.Value("Accept"))), handling)
	switch act {
	case encodeText:
		payload = base64.StdEncoding.EncodeToString([]byte(payload))
	case decodeBlob:
		// The conversion comes before the response template (a JSON payload cannot be
		// decoded: "Unable to transform response"), and a binary result takes none.
		b, ok := base64Decode(payload)
		if !ok {
			if hop != nil {
				hop.Decide("answered 500").Fact("payload", act.describe(handling, len(payload))).
					Fact("reason", "the integration response is not base64, so it cannot be decoded into a binary blob")
			}
			return errBinaryConversion("response")
		}
		payload = b
	}
	body := payload
	tplName := ""
	if len(ir.model.ResponseTemplates) > 0 && !act.binary() {
		tplName, body = pickTemplate(ir.model.ResponseTemplates, c.req.Header.Value("Accept"))
		out, e := c.renderTemplate(body, payload, false)
		if e != nil {
			if hop != nil {
				hop.Decide("answered 500").Fact("reason", e.Log)
			}
			e.Type, e.Status = gwresponse.Default5XX, 500 // a response that cannot be mapped is the API's fault
			return e
		}
		body = out
	}
	if hop != nil && act != keepText {
		hop.Fact("payload", act.describe(handling, len(c.integPayload)))
	}
	c.body = body
	ct := "application/json"
	if tplName != "" {
		ct = tplName
	}
	c.header.Add("Content-Type", ct)
	if len(ir.model.ResponseParameters) > 0 {
		for _, k := range wire.SortedKeys(ir.model.ResponseParameters) {
			name, ok := strings.CutPrefix(k, "method.response.header.")
			if !ok {
				continue
			}
			if strings.EqualFold(name, "Transfer-Encoding") {
				continue // dropped (LS snapshot test_apigateway_header_remapping_*)
			}
			c.header.Set(remapResponseHeader(name), c.responseParameterValue(ir.model.ResponseParameters[k]))
		}
	}
	// $context.responseOverride set by the response template wins (aws-facts.md §3.5).
	if o := c.respOverride; o.Status != 0 || len(o.Header) > 0 {
		if o.Status != 0 {
			c.status = o.Status
		}
		for _, k := range wire.SortedKeys(o.Header) {
			c.header.Set(k, o.Header[k])
		}
		hop.Fact("responseOverride", "status "+itoa(c.status))
	}
	if hop != nil {
		hop.Decision = "pass"
		pattern := ir.model.SelectionPattern
		if pattern == "" {
			pattern = "(default)"
		}
		hop.Fact("selectionPattern", pattern).Fact("statusCode", ir.model.StatusCode)
		if tplName != "" {
			hop.Fact("template", tplName)
		}
	}
	return nil
}

// pickTemplate chooses a response template by Accept, else application/json, else the first.
func pickTemplate(t map[string]string, accept string) (string, string) {
	for rest := accept; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if v, ok := t[mt]; ok {
			return mt, v
		}
	}
	if v, ok := t["application/json"]; ok {
		return "application/json", v
	}
	keys := wire.SortedKeys(t)
	return keys[0], t[keys[0]]
}

// responseParameterValue evaluates method.response.header mapping values:
// 'literal', integration.response.header.NAME, integration.response.body (raw).
func (c *call) responseParameterValue(expr string) string {
	if len(expr) >= 2 && expr[0] == '\'' && expr[len(expr)-1] == '\'' {
		return expr[1 : len(expr)-1]
	}
	if name, ok := strings.CutPrefix(expr, "integration.response.header."); ok {
		return c.integHeader.Value(name)
	}
	if expr == "integration.response.body" {
		return c.integPayload
	}
	return c.parameterValue(expr)
}

// mappedRequestParameters builds an HTTP (non-proxy) integration request's headers and query
// from requestParameters: integration.request.header.X / querystring.X ← method.request.*,
// 'literal', stageVariables.X, context.X. Nothing else is forwarded, as in AWS.
func (c *call) mappedRequestParameters() (wire.Headers, []string) {
	var h wire.Headers
	var q []string
	c.applyRequestParameters(&h, &q)
	if ct, ok := c.req.Header.Get("Content-Type"); ok && c.integBody != "" {
		h.Set("Content-Type", ct)
	}
	return h, q
}

// statusOf is the status an error would answer with by default (for the trace).
func statusOf(e *gwresponse.Error) int {
	if e.Status != 0 {
		return e.Status
	}
	d, _ := gwresponse.Lookup(e.Type)
	return d.Status
}
