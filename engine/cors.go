package engine

import (
	"maps"
	"slices"
	"strconv"

	"apigwlab/engine/browser"
	"apigwlab/engine/model"
)

// CORS is enforced by browsers, not by API Gateway: the gateway answers every request and a
// browser then decides whether the page may read the answer. The classic trap is a 403 or
// 5XX from the gateway itself (no route, no API key, a timeout) sent without
// Access-Control-Allow-Origin: the page sees only "CORS error" and the real status is
// hidden. The trace says what a browser would do with the response, and what to configure.
// Sources: AWS how-to-cors.html and enable-cors-for-resource-using-swagger-importer-tool.html
// (OPTIONS method with a MOCK integration; gatewayresponse.header.Access-Control-Allow-Origin
// on DEFAULT_4XX and DEFAULT_5XX); the Fetch standard's CORS check (ACAO must be * or the
// request's Origin; a preflight needs an ok status and must allow the method): engine/browser,
// shared with HTTP APIs.

// corsHop records the browser's view of a response to a cross-origin request (one with an
// Origin header). It costs nothing when the request is not traced.
func (c *call) corsHop(resp *Response) {
	if c.trace == nil {
		return
	}
	origin, ok := c.req.Header.Get("Origin")
	if !ok {
		return
	}
	c.corsCheck(origin, resp)
}

func (c *call) corsCheck(origin string, resp *Response) {
	v := browser.Check(origin, c.req.Method, c.req.Header, resp.Status, resp.Header)
	h := v.Hop(c.trace, c.elapsed, origin, browser.Answer(resp.Status, resp.Header.Value("x-amzn-ErrorType"), truncate(resp.Body)))
	if v.Problem != "" {
		h.Fact("fix", c.corsFix(resp, v.Preflight, v.HasAllow))
	}
}

// corsFix says what to configure for the response to pass a browser's CORS check.
func (c *call) corsFix(resp *Response, preflight, hasAllow bool) string {
	switch resp.GatewayResponse {
	case "UNAUTHORIZED", "INVALID_API_KEY", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN":
		if preflight && hasAllow && c.m != nil {
			// A browser sends a preflight without Authorization or x-api-key.
			return "a preflight carries no Authorization or x-api-key: give OPTIONS " +
				"authorizationType NONE and apiKeyRequired false, so it answers 200"
		}
	}
	switch {
	case preflight && resp.GatewayResponse == "MISSING_AUTHENTICATION_TOKEN":
		return "add an OPTIONS method to this resource: a MOCK integration whose 200 response maps " +
			"Access-Control-Allow-Origin|Methods|Headers to static values ('*'), as Enable CORS builds it"
	case resp.GatewayResponse != "":
		class := "DEFAULT_4XX"
		if resp.Status >= 500 {
			class = "DEFAULT_5XX"
		}
		return "the gateway answered " + resp.GatewayResponse + " before any integration: add " +
			"gatewayresponse.header.Access-Control-Allow-Origin \"'*'\" to gatewayResponses " + class
	case preflight && hasAllow && resp.Status >= 200 && resp.Status <= 299 &&
		browser.AllowsMethod(resp.Header.Value("Access-Control-Allow-Methods"), c.req.Header.Value("Access-Control-Request-Method")):
		return "list the request's headers in method.response.header.Access-Control-Allow-Headers " +
			"(e.g. \"'Content-Type,Authorization,x-api-key'\")"
	case preflight && hasAllow:
		return "answer the OPTIONS method with 200 and list the method in " +
			"method.response.header.Access-Control-Allow-Methods (e.g. \"'GET,POST,OPTIONS'\")"
	case hasAllow:
		return "send Access-Control-Allow-Origin: * or exactly the page's origin"
	}
	if c.m != nil && c.m.integ != nil {
		switch c.m.integ.Type {
		case model.IntegrationAWSProxy:
			return "a Lambda proxy integration passes the function's headers through: " +
				"the function must return Access-Control-Allow-Origin"
		case model.IntegrationHTTPProxy:
			return "an HTTP proxy integration passes the backend's headers through: " +
				"the backend must send Access-Control-Allow-Origin"
		}
	}
	return "declare method.response.header.Access-Control-Allow-Origin on method response " +
		strconv.Itoa(resp.Status) + " and map it to \"'*'\" in the integration response"
}

// sortedParams lists a gateway response's responseParameters in a stable order: the CORS
// headers of DEFAULT_4XX come out the same in every run (replays are byte-identical).
func sortedParams(p map[string]string) []string {
	if len(p) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(p))
}
