package websocket

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"apigwlab/engine/integration"
	"apigwlab/engine/lambda"
	"apigwlab/engine/mapping"
	"apigwlab/engine/model"
)

// Non-proxy integrations of WebSocket routes (MOCK, AWS = Lambda custom, HTTP), as the
// developer guide describes them (websocket-api-data-transformations,
// apigateway-websocket-api-integration-responses; fact 92):
//
//  1. the integration's templateSelectionExpression (static text such as \$default, or
//     ${request.body.PATH}) picks a requestTemplates key, $default being the catch-all; the
//     template (VTL, engine/mapping, with the WebSocket $context) renders the integration
//     request; without one, passthroughBehavior decides (WHEN_NO_MATCH passes the message);
//  2. the backend answers: MOCK reads {"statusCode": N} from the rendered request; AWS
//     invokes the function with it; HTTP sends it to the URL;
//  3. on a two-way route, an integration response is chosen by its key: /REGEX/ matched
//     against the status code (MOCK, HTTP) or the Lambda error's errorMessage (AWS), else
//     $default; its templateSelectionExpression (${integration.response.statuscode}, …)
//     picks a responseTemplates key, and the rendered template is the frame sent back. With
//     no template the backend's body is sent as it is. A one-way route sends nothing,
//     "regardless of any integration response configuration".

type template struct {
	src string
	t   *mapping.Template // nil: static text, rendered as itself
}

type intResponse struct {
	key       string
	re        *regexp.Regexp // nil for $default
	sel       selector
	hasSel    bool
	templates map[string]template
}

// compileNonProxy compiles an integration's templates and integration responses.
func compileNonProxy(c *integ, in *model.V2Integration) error {
	var err error
	if in.TemplateSelectionExpression != "" {
		if c.tplSel, err = parseTemplateSelection(in.TemplateSelectionExpression, false); err != nil {
			return fmt.Errorf("templateSelectionExpression: %w", err)
		}
		c.hasTplSel = true
	}
	if c.templates, err = compileTemplates("requestTemplates", in.RequestTemplates); err != nil {
		return err
	}
	if in.PassthroughBehavior != "" {
		c.passthrough = in.PassthroughBehavior
	}
	for _, ir := range in.IntegrationResponses {
		if ir == nil {
			continue
		}
		r := &intResponse{key: ir.IntegrationResponseKey}
		if k := ir.IntegrationResponseKey; k != model.DefaultRouteKey && len(k) >= 2 {
			// A pattern matches the whole status or message, as a REST selectionPattern does.
			if r.re, err = regexp.Compile(`^(?:` + k[1:len(k)-1] + `)$`); err != nil {
				return fmt.Errorf("integration response %s: %w", k, err)
			}
		}
		if ir.TemplateSelectionExpression != "" {
			if r.sel, err = parseTemplateSelection(ir.TemplateSelectionExpression, true); err != nil {
				return fmt.Errorf("integration response %s: templateSelectionExpression: %w", r.key, err)
			}
			r.hasSel = true
		}
		if r.templates, err = compileTemplates("integration response "+r.key+" responseTemplates", ir.ResponseTemplates); err != nil {
			return err
		}
		c.responses = append(c.responses, r)
	}
	// $default is the fallback: patterns are tried first, in the order written.
	sort.SliceStable(c.responses, func(i, j int) bool { return c.responses[i].re != nil && c.responses[j].re == nil })
	return nil
}

func compileTemplates(where string, m map[string]string) (map[string]template, error) {
	if len(m) == 0 {
		return nil, nil
	}
	out := make(map[string]template, len(m))
	for k, src := range m {
		t := template{src: src}
		if strings.ContainsAny(src, "$#") {
			var err error
			if t.t, err = mapping.Compile(where+" "+k, src); err != nil {
				return nil, err // the template's name and line:col are in the error
			}
		}
		out[k] = t
	}
	return out, nil
}

// pick chooses a template by key, $default being the catch-all.
func pick(ts map[string]template, key string) (template, string, bool) {
	if t, ok := ts[key]; ok {
		return t, key, true
	}
	t, ok := ts[model.DefaultRouteKey]
	return t, model.DefaultRouteKey, ok
}

// render renders a template against body with the connection's $context.
func (c *Conn) render(t template, body string, ev *eventInput) (string, error) {
	if t.t == nil {
		return t.src, nil
	}
	in := &mapping.Input{Body: body, StageVars: c.cur().vars, Context: c.mappingContext(ev)}
	res, err := t.t.Render(in)
	return res.Output, err
}

// mappingContext is $context of a WebSocket template (apigateway-websocket-api-mapping-template-reference).
func (c *Conn) mappingContext(ev *eventInput) mapping.Context {
	x := mapping.Context{WebSocket: true, APIID: c.api.ID, DomainName: c.api.domainName, AccountID: c.api.env.Account,
		RequestID: ev.requestID, ExtendedRequestID: ev.requestID, Stage: c.st.name,
		RequestTime: ev.at.UTC().Format(clf), RequestTimeEpoch: ev.at.UnixMilli(),
		ConnectionID: c.id, ConnectedAt: c.connectedAt.UnixMilli(), EventType: ev.eventType, MessageID: ev.messageID,
		RouteKey: ev.routeKey, Identity: mapping.Identity{SourceIP: c.sourceIP, UserAgent: c.userAgent}}
	if len(c.authz) > 0 {
		x.Authorizer = mapping.Authorizer{PrincipalID: c.principal, Fields: c.authzFields}
	}
	return x
}

// nonProxy runs a MOCK, AWS or HTTP integration with its templates.
func (c *Conn) nonProxy(r *route, ev *eventInput, ex *Exchange) outcome {
	in := r.integ
	body := string(ev.body)
	hop := ex.Trace.Hop("integration request", "", 0, 0)
	key := model.DefaultRouteKey
	if in.hasTplSel {
		key, _ = in.tplSel.eval(ev.body)
	}
	t, chosen, ok := pick(in.templates, key)
	var payload string
	switch {
	case ok:
		out, err := c.render(t, body, ev)
		if err != nil {
			hop.Decide("failed").Fact("template", chosen).Fact("error", err.Error())
			ex.ExecutionError = true
			return outcome{failed: true}
		}
		payload = out
		if hop != nil {
			hop.Decide("template "+chosen).Fact("selection", strconv.Quote(key)).Fact("rendered", payload)
		}
	case in.passthrough == model.PassthroughNever || in.passthrough == model.PassthroughWhenNoTemplates && len(in.templates) > 0:
		// REST answers 415 Unsupported Media Type here; a WebSocket message has no status
		// to answer with: the Internal server error frame (decided, docs/fidelity.md).
		hop.Decide("failed").Fact("why", "no request template for "+strconv.Quote(key)+" and passthroughBehavior "+in.passthrough)
		ex.ExecutionError = true
		return outcome{failed: true}
	default:
		payload = body
		hop.Decide("passed through").Fact("why", "no request template for "+strconv.Quote(key)+" (passthroughBehavior WHEN_NO_MATCH)")
	}
	ex.Event = []byte(payload)

	status, respBody, errMsg, header, failed := c.backend(in, payload, ex)
	if failed {
		return outcome{failed: true}
	}
	ex.Integrated, ex.Status = true, status
	if status >= 400 {
		ex.IntegrationError = true
	}
	if !r.twoWay {
		return outcome{status: status}
	}
	subject := strconv.Itoa(status)
	if in.typ == model.IntegrationAWS {
		subject = errMsg
	}
	var ir *intResponse
	for _, x := range in.responses {
		if x.re == nil {
			ir = x // $default, tried last
			break
		}
		if in.typ == model.IntegrationAWS && errMsg == "" {
			continue // a function that answered: only $default applies (patterns match errors)
		}
		if x.re.MatchString(subject) {
			ir = x
			break
		}
	}
	rhop := ex.Trace.Hop("integration response", "", 0, 0)
	if ir == nil {
		// No integration response for the answer: the route cannot answer
		// (REST: 500 "No match for output mapping and no default output mapping configured").
		rhop.Decide("failed").Fact("why", "no integration response matches "+strconv.Quote(subject)+" and there is no $default")
		ex.ExecutionError = true
		return outcome{failed: true}
	}
	rkey := model.DefaultRouteKey
	if ir.hasSel {
		rkey, _ = ir.sel.evalWith(ev.body, status, header)
	}
	frame := respBody
	if t, chosen, ok := pick(ir.templates, rkey); ok {
		out, err := c.render(t, respBody, ev)
		if err != nil {
			rhop.Decide("failed").Fact("template", chosen).Fact("error", err.Error())
			ex.ExecutionError = true
			return outcome{failed: true}
		}
		frame = out
		if rhop != nil {
			rhop.Decide(ir.key+", template "+chosen).Fact("selection", strconv.Quote(rkey))
		}
	} else if rhop != nil {
		rhop.Decide(ir.key + ", no template: the backend's body as it is")
	}
	return outcome{status: status, body: []byte(frame), hasBody: frame != ""}
}

// backend calls a non-proxy integration with the rendered request.
func (c *Conn) backend(in *integ, payload string, ex *Exchange) (status int, body, errMsg string, header map[string]string, failed bool) {
	hop := ex.Trace.Hop("integration", "", 0, 0)
	switch in.typ {
	case model.IntegrationMock:
		st, err := integration.MockStatus(strings.TrimSpace(payload))
		hop.Fact("type", "MOCK")
		if err != nil {
			hop.Decide("failed").Fact("error", err.Error())
			ex.ExecutionError = true
			return 0, "", "", nil, true
		}
		hop.Decide("statusCode " + strconv.Itoa(st))
		return st, "", "", nil, false
	case model.IntegrationAWS:
		fn, qual := c.stageVars(in.fn), c.stageVars(in.qual)
		ex.Function = fn
		res, err := c.api.env.Lambda.Invoke(&lambda.Invocation{Function: fn, Qualifier: qual, Now: ex.At, Event: func() []byte { return []byte(payload) }})
		if hop != nil {
			hop.Duration = res.Duration
			hop.Fact("type", "AWS (Lambda, non-proxy)").Fact("function", fn)
		}
		if err != nil || res.Throttled || res.Duration > in.timeout {
			why := "Lambda throttled the invocation"
			if err != nil {
				why = err.Error()
			} else if res.Duration > in.timeout {
				why = "timed out after " + in.timeout.String()
			}
			hop.Decide("failed").Fact("why", why)
			ex.ExecutionError = true
			return 0, "", "", nil, true
		}
		ex.IntegrationLatency, ex.Latency = res.Duration, res.Duration
		ex.Trace.FunctionLogs(hop, ex.At.Add(res.Duration), fn, res.Logs)
		if len(res.Pushes) > 0 {
			c.push(fn, res.Pushes, ex)
		}
		if res.FunctionError != "" {
			hop.Decide("function error").Fact("errorMessage", res.ErrorMessage)
			return 200, string(res.Payload), res.ErrorMessage, nil, false
		}
		hop.Decide("returned").Fact("result", string(res.Payload))
		return 200, string(res.Payload), "", nil, false
	default: // HTTP
		uri := c.stageVars(in.uri)
		hop.Fact("type", "HTTP "+in.method+" "+uri)
		resp, b, err := c.callHTTP(in, uri, []byte(payload), nil, ex)
		if err != nil {
			hop.Decide("failed").Fact("error", err.Error())
			ex.ExecutionError = true
			return 0, "", "", nil, true
		}
		header = map[string]string{}
		for k, v := range resp.Header {
			header[strings.ToLower(k)] = strings.Join(v, ",")
		}
		hop.Decide("returned " + strconv.Itoa(resp.StatusCode))
		return resp.StatusCode, string(b), "", header, false
	}
}
