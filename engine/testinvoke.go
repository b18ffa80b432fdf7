package engine

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"apigwlab/engine/model"
	"apigwlab/engine/observe"
	"apigwlab/engine/wire"
)

// testInvokeStage is $context.stage of a test invocation: AWS runs it outside any stage and
// names it so.
const testInvokeStage = "test-invoke-stage"

// testInvokeMethod is test-invoke-method (AWS's TestInvokeMethod, the console's Test tab):
// it runs one method of the API's CURRENT definition, deployed or not, through the same
// pipeline as a request, less the steps marked notInTest (no resource policy, IAM,
// authorizer or API key: the caller is the API's owner; no stage throttle or cache), and
// answers AWS's TestInvokeMethodResponse: status, body, headers, multiValueHeaders, log
// (the execution log) and latency in milliseconds. Source: botocore apigateway 2015-07-09
// TestInvokeMethodRequest/Response; docs.aws.amazon.com/apigateway/latest/developerguide/
// how-to-test-method.html. Runs under g.mu held by Run, so it compiles the method freely.
func (g *Gateway) testInvokeMethod(f flagSet) (string, error) {
	api, r, m, err := g.methodArg(f, false)
	if err != nil && err.Error() == errNoMethod {
		// a concrete verb runs the resource's ANY method (LS snapshot
		// test_failed_invoke_test_method: GET on a resource with only ANY)
		anyFlags := maps.Clone(f)
		anyFlags["http-method"] = []string{"ANY"}
		api, r, m, err = g.methodArg(anyFlags, false)
	}
	if err != nil {
		return "", err
	}
	one := *r // only this method: another method of the resource may not compile yet
	one.Methods = []*model.Method{m}
	dep, err := compileDeployment(api, "test-invoke", []*model.Resource{&one}, nil)
	if err != nil {
		_, aws, ok := strings.Cut(err.Error(), "BadRequestException: ")
		if !ok {
			aws = err.Error()
		}
		return "", fmt.Errorf("BadRequestException: %s", aws)
	}
	vars, err := stringMapArg(f, "stage-variables")
	if err != nil {
		return "", err
	}
	header, err := testHeaders(f)
	if err != nil {
		return "", err
	}
	path, rawQuery, _ := strings.Cut(f.get("path-with-query-string"), "?")
	if path == "" {
		path = r.Path
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	st := &stage{name: testInvokeStage, deployment: dep, vars: vars,
		model: &model.Stage{StageName: testInvokeStage, Variables: vars}}
	verb := strings.ToUpper(f.get("http-method"))
	if verb == "ANY" {
		// a request always has a concrete verb; which one AWS uses for ANY is unconfirmed
		// (docs/fidelity.md): GET, the console's default
		verb = "GET"
	}
	req := &Request{API: api.id, Method: verb, Path: "/" + testInvokeStage + strings.TrimSuffix(path, "/"),
		RawQuery: rawQuery, Header: header, Body: f.get("body"), Trace: true}
	if path == "/" {
		req.Path = "/" + testInvokeStage
	}

	c := &call{g: g, req: req, start: g.clock.Now(), test: true, testResource: r.Path, stage: st, trace: observe.NewTrace()}
	reqID, extID, tr := g.ids.next() // the console calls API Gateway directly: no CloudFront
	c.traceRand = tr
	c.ctx.RequestID, c.ctx.ExtendedRequestID = reqID, extID
	resp := &Response{RequestID: reqID, Trace: c.trace}
	if e := c.run(); e != nil {
		c.answer(e, resp)
	}
	c.finish(resp)
	if resp.GatewayResponse != "" {
		// a failed test invocation answers x-amzn-ErrorType without the gateway response's
		// Content-Type (LS snapshot test_failed_invoke_test_method)
		resp.Header.Del("Content-Type")
	}
	return toJSON(testInvokeJSON(resp)), nil
}

// testHeaders reads --headers (a map, JSON or k=v,…) and --multi-value-headers (a map of
// lists), as TestInvokeMethodRequest carries them.
func testHeaders(f flagSet) (wire.Headers, error) {
	single, err := stringMapArg(f, "headers")
	if err != nil {
		return nil, err
	}
	multi, err := mapArg(f, "multi-value-headers", func(v string) ([]string, bool) { return []string{v}, true },
		"--%s: %v (values are lists of strings, e.g. '{\"Accept\":[\"text/html\"]}')", "k=v,k2=v2")
	if err != nil {
		return nil, err
	}
	var h wire.Headers
	for _, k := range slices.Sorted(maps.Keys(single)) {
		if _, dup := multi[k]; !dup {
			h.Add(k, single[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(multi)) {
		for _, v := range multi[k] {
			h.Add(k, v)
		}
	}
	return h, nil
}

func testInvokeJSON(r *Response) map[string]any {
	headers := map[string]string{}
	multi := map[string][]string{}
	for _, h := range r.Header {
		headers[h.Name] = h.Value // the last value, as a single-value map keeps it
		multi[h.Name] = append(multi[h.Name], h.Value)
	}
	var log strings.Builder
	log.WriteString("Execution log for request " + r.RequestID + "\n")
	for _, l := range r.Trace.Log {
		log.WriteString(l.String() + "\n")
	}
	return map[string]any{"status": r.Status, "body": r.Body, "headers": headers, "multiValueHeaders": multi,
		"log": log.String(), "latency": r.Latency.Milliseconds()}
}
