package engine

import (
	"strings"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/httpapi"
	"apigwlab/engine/model"
	"apigwlab/engine/observe"
	"apigwlab/engine/wire"
)

// Custom domain names on the data plane. A request whose Host is one of the workspace's
// domainNames goes to the mapping with the longest matching base path (AWS: "API Gateway
// routes requests to the API mapping that has the longest matching path … If no path
// matches the request, API Gateway sends the request to the API that you've mapped to the
// empty path (none)", developerguide/http-api-mappings), with that path stripped ("API
// Gateway strips the incoming base path", developerguide/rest-api-mappings). No mapping
// matches: 403 {"message":"Forbidden"}, what API Gateway answers "when it has no place to
// point an event (when there is no base path mapping)" (Miserlou/Zappa#1248; unconfirmed
// headers, docs/fidelity.md).

// domainHit is where a request to a custom domain goes.
type domainHit struct {
	domain     string // the domain name as the client sent it (Host without port)
	key        string // the base path or mapping key that matched, "(none)" for the root
	api        string // the API's name or id as the mapping names it
	stage      string // "" for a base path mapping without a stage: the next segment is
	rest       string // the path after the base path ("" or "/…")
	clientPath string // the path as the client sent it
}

// forbiddenBody is API Gateway's answer to a request it cannot place.
const forbiddenBody = `{"message":"Forbidden"}`

// errExecuteAPIDisabled answers a request to a REST API's default endpoint when the API has
// disableExecuteApiEndpoint: AWS "Clients can still connect to your default endpoint, but
// they will receive a 403 Forbidden status code" (developerguide/rest-api-disable-default-endpoint;
// the body is the Forbidden body, unconfirmed). Not a gateway response type: answer
// renders it as it is.
var errExecuteAPIDisabled = &gwresponse.Error{Type: "", Message: "Forbidden", Body: forbiddenBody}

// domainFor finds the custom domain a request's Host names (nil when none does, or the
// workspace has none: then nothing is spent).
func (g *Gateway) domainFor(req *Request) (*model.DomainName, string) {
	if len(g.ws.DomainNames) == 0 {
		return nil, ""
	}
	host := req.Header.Value("Host")
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	if host == "" || strings.Contains(host, ".execute-api.") {
		return nil, ""
	}
	return g.ws.DomainByName(host), host
}

// matchMapping picks the mapping of d with the longest base path matching path.
func matchMapping(d *model.DomainName, host, path string) (domainHit, bool) {
	best, bestLen := domainHit{}, -1
	try := func(key, api, stage string) {
		k := model.NormalPath(key)
		rest, ok := "", k == ""
		switch {
		case k == "":
			rest = path
		case path == "/"+k:
			ok = true
		case strings.HasPrefix(path, "/"+k+"/"):
			ok, rest = true, path[len(k)+1:]
		}
		if ok && len(k) > bestLen {
			shown := k
			if k == "" {
				shown = model.NoBasePath
			}
			best, bestLen = domainHit{domain: host, key: shown, api: api, stage: stage, rest: rest, clientPath: path}, len(k)
		}
	}
	for _, m := range d.BasePathMappings {
		if m != nil {
			stage := m.Stage
			if model.IsRootPath(stage) {
				stage = ""
			}
			try(m.BasePath, m.RestAPIID, stage)
		}
	}
	for _, m := range d.APIMappings {
		if m != nil {
			try(m.APIMappingKey, m.APIID, m.Stage)
		}
	}
	return best, bestLen >= 0
}

// invokeDomain answers a request that came through custom domain d.
func (g *Gateway) invokeDomain(d *model.DomainName, host string, req *Request, resp *Response) {
	p := req.Path
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	hit, ok := matchMapping(d, host, p)
	if ok {
		if api := g.byKey[hit.api]; api != nil {
			r := *req
			r.API = api.id
			r.Path = hit.rest
			if hit.stage != "" {
				r.Path = "/" + hit.stage + hit.rest
			}
			g.invokeREST(&r, resp, &hit)
			return
		}
		if h := g.httpByKey[hit.api]; h != nil {
			rp := hit.rest
			if rp == "" {
				rp = "/"
			}
			hreq := *req
			g.invokeHTTP(h, &hreq, resp, &httpapi.Request{Domain: host, Stage: hit.stage, RoutePath: rp, MappingKey: hit.key})
			return
		}
	}
	// no mapping (or one naming an API serve cannot reach over HTTP: a WebSocket API)
	reqID, extID, _ := g.ids.next()
	var tr *observe.Trace
	if req.Trace {
		tr = observe.NewTrace()
		h := tr.Hop("custom domain", "answered 403", 0, 0).Fact("domain", host)
		if ok {
			h.Fact("mapping", hit.key+" → "+hit.api+" (a WebSocket API: apigwlab routes only REST and HTTP APIs by Host)")
		} else {
			h.Fact("reason", "no base path mapping or API mapping of "+d.DomainName+" matches "+p+": "+mappingList(d))
		}
	}
	*resp = Response{Status: 403, Body: forbiddenBody, RequestID: reqID, Trace: tr,
		Header: append(resp.Header[:0], wire.Header{Name: "Content-Type", Value: "application/json"},
			wire.Header{Name: "x-amzn-RequestId", Value: reqID}, wire.Header{Name: "x-amz-apigw-id", Value: extID},
			wire.Header{Name: "x-amzn-ErrorType", Value: "ForbiddenException"})}
}

// mappingList says what a domain maps, for the trace: "orders → orders:prod, (none) → …".
func mappingList(d *model.DomainName) string {
	var parts []string
	add := func(key, api, stage string) {
		k := "/" + model.NormalPath(key)
		if k == "/" {
			k = model.NoBasePath
		}
		if stage == "" {
			stage = model.NoBasePath
		}
		parts = append(parts, k+" → "+api+":"+stage)
	}
	for _, m := range d.BasePathMappings {
		if m != nil {
			add(m.BasePath, m.RestAPIID, m.Stage)
		}
	}
	for _, m := range d.APIMappings {
		if m != nil {
			add(m.APIMappingKey, m.APIID, m.Stage)
		}
	}
	if len(parts) == 0 {
		return "it has no mappings"
	}
	return "it maps " + strings.Join(parts, ", ")
}

// firstLabel is $context.domainPrefix of a domain name: "The first label of the
// $context.domainName" (AWS's $context reference).
func firstLabel(domain string) string {
	p, _, _ := strings.Cut(domain, ".")
	return p
}

// domainRoute applies a custom domain to the call being routed: $context.domainName and
// domainPrefix are the custom domain's, $context.path and the proxy event's path the path
// as the client sent it, base path included (LocalStack's AWS comparison in
// localstack/localstack#12296; aws-serverless-express#216), and a trace hop says which
// mapping matched. It reports a REST API's disabled default endpoint when no domain was used.
func (c *call) domainRoute(hop *observe.Hop) *gwresponse.Error {
	v := c.via
	if v == nil {
		if c.api.model != nil && c.api.model.DisableExecuteAPIEndpoint && !c.test {
			if hop != nil {
				hop.Decide("answered 403").Fact("reason", "disableExecuteApiEndpoint: the default execute-api endpoint is off; call the API through a custom domain name")
			}
			return errExecuteAPIDisabled
		}
		return nil
	}
	c.ctx.DomainName, c.ctx.DomainPrefix = v.domain, firstLabel(v.domain)
	if c.trace != nil {
		stage := v.stage
		if stage == "" {
			stage = "(none): the next path segment names it"
		}
		h := c.trace.Hop("custom domain", "pass", 0, 0).Fact("domain", v.domain).
			Fact("mapping", v.key+" → "+c.api.name+" ("+c.api.id+"), stage "+stage).
			Fact("path", v.clientPath+" → "+c.req.Path+" (the base path is stripped)")
		// the domain hop comes first, before the route hop made already
		n := len(c.trace.Hops)
		copy(c.trace.Hops[1:n], c.trace.Hops[0:n-1])
		c.trace.Hops[0] = h
	}
	return nil
}

// eventPath is the proxy event's path: after the stage on the default endpoint, the
// client's whole path through a custom domain.
func (c *call) eventPath() string {
	if c.via != nil {
		return c.via.clientPath
	}
	return c.stagePath
}
