package integration

import (
	"encoding/base64"
	"slices"
	"sort"
	"strconv"
	"strings"

	"apigwlab/engine/wire"
)

// appendProxyEvent writes the REST payload 1.0 event by hand: it is on the traced hot path
// (every traced request logs it) and encoding/json's reflection and map sorting cost three
// times as much. Key order is AWS's; map keys are sorted, as encoding/json would sort them.
func appendProxyEvent(b []byte, c *Call) []byte {
	b = append(b, `{"resource":`...)
	b = wire.AppendJSONString(b, c.Resource)
	b = append(b, `,"path":`...)
	b = wire.AppendJSONString(b, c.Path)
	b = append(b, `,"httpMethod":`...)
	b = wire.AppendJSONString(b, c.HTTPMethod)

	// headers: one name per case-insensitive header (first casing seen); last value wins
	var hs []group
	for _, h := range c.Header {
		lk := strings.ToLower(h.Name)
		if lk == "content-length" || lk == "connection" { // not passed to the function (aws-facts.md §2.1)
			continue
		}
		hs = addToGroup(hs, h.Name, lk, h.Value)
	}
	b = append(b, `,"headers":`...)
	b = appendGroups(b, hs, "multiValueHeaders")

	// query: null when none; last value single, all values multi
	if len(c.Query) == 0 {
		b = append(b, `,"queryStringParameters":null,"multiValueQueryStringParameters":null`...)
	} else {
		var qs []group
		for _, q := range c.Query {
			qs = addToGroup(qs, q.Name, q.Name, q.Value)
		}
		b = append(b, `,"queryStringParameters":`...)
		b = appendGroups(b, qs, "multiValueQueryStringParameters")
	}
	b = append(b, `,"pathParameters":`...)
	if len(c.PathParams) == 0 {
		b = append(b, "null"...)
	} else {
		ps := append([]struct{ n, v string }(nil), make([]struct{ n, v string }, 0, len(c.PathParams))...)
		for _, p := range c.PathParams {
			ps = append(ps, struct{ n, v string }{p.Name, p.Value})
		}
		sort.Slice(ps, func(i, j int) bool { return ps[i].n < ps[j].n })
		b = append(b, '{')
		for i, p := range ps {
			if i > 0 {
				b = append(b, ',')
			}
			b = wire.AppendJSONString(b, p.n)
			b = append(b, ':')
			b = wire.AppendJSONString(b, p.v)
		}
		b = append(b, '}')
	}
	b = append(b, `,"stageVariables":`...)
	if len(c.StageVars) == 0 {
		b = append(b, "null"...)
	} else {
		keys := make([]string, 0, len(c.StageVars))
		for k := range c.StageVars {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = wire.AppendJSONString(b, k)
			b = append(b, ':')
			b = wire.AppendJSONString(b, c.StageVars[k])
		}
		b = append(b, '}')
	}

	x := c.Ctx
	b = append(b, `,"requestContext":{"resourceId":`...)
	b = wire.AppendJSONString(b, x.ResourceID)
	b = append(b, `,"resourcePath":`...)
	b = wire.AppendJSONString(b, x.ResourcePath)
	b = append(b, `,"httpMethod":`...)
	b = wire.AppendJSONString(b, x.HTTPMethod)
	b = append(b, `,"extendedRequestId":`...)
	b = wire.AppendJSONString(b, x.ExtendedRequestID)
	b = append(b, `,"requestTime":`...)
	b = wire.AppendJSONString(b, x.RequestTime)
	b = append(b, `,"path":`...)
	b = wire.AppendJSONString(b, x.Path)
	b = append(b, `,"accountId":`...)
	b = wire.AppendJSONString(b, x.AccountID)
	b = append(b, `,"protocol":`...)
	b = wire.AppendJSONString(b, x.Protocol)
	b = append(b, `,"stage":`...)
	b = wire.AppendJSONString(b, x.Stage)
	b = append(b, `,"domainPrefix":`...)
	b = wire.AppendJSONString(b, x.DomainPrefix)
	b = append(b, `,"requestTimeEpoch":`...)
	b = strconv.AppendInt(b, x.RequestTimeEpoch, 10)
	b = append(b, `,"requestId":`...)
	b = wire.AppendJSONString(b, x.RequestID)
	b = append(b, `,"identity":{"cognitoIdentityPoolId":null,"accountId":`...)
	b = appendNullable(b, x.IdentityAccountID)
	b = append(b, `,"cognitoIdentityId":null,"caller":`...)
	b = appendNullable(b, x.Caller)
	b = append(b, ',')
	if x.VpceID != "" {
		b = append(b, `"vpceId":`...)
		b = wire.AppendJSONString(b, x.VpceID)
		b = append(b, `,"vpcId":`...)
		b = appendNullable(b, x.VpcID)
		b = append(b, ',')
	}
	if x.APIKey != "" {
		b = append(b, `"apiKey":`...)
		b = wire.AppendJSONString(b, x.APIKey)
		b = append(b, `,"apiKeyId":`...)
		b = wire.AppendJSONString(b, x.APIKeyID)
		b = append(b, ',')
	}
	b = append(b, `"sourceIp":`...)
	b = wire.AppendJSONString(b, x.SourceIP)
	b = append(b, `,"principalOrgId":null,"accessKey":`...)
	b = appendNullable(b, x.AccessKey)
	b = append(b, `,"cognitoAuthenticationType":null,"cognitoAuthenticationProvider":null,"userArn":`...)
	b = appendNullable(b, x.UserArn)
	b = append(b, `,"userAgent":`...)
	if x.UserAgent == "" {
		b = append(b, "null"...)
	} else {
		b = wire.AppendJSONString(b, x.UserAgent)
	}
	b = append(b, `,"user":`...)
	b = appendNullable(b, x.User)
	b = append(b, `},`...)
	if len(x.Authorizer) > 0 {
		b = append(b, `"authorizer":`...)
		b = append(b, x.Authorizer...)
		b = append(b, ',')
	}
	b = append(b, `"domainName":`...)
	b = wire.AppendJSONString(b, x.DomainName)
	b = append(b, `,"deploymentId":`...)
	b = wire.AppendJSONString(b, x.DeploymentID)
	b = append(b, `,"apiId":`...)
	b = wire.AppendJSONString(b, x.APIID)
	b = append(b, `},"body":`...)
	if c.Body == "" {
		b = append(b, `null,"isBase64Encoded":false}`...)
		return b
	}
	if IsBinary(headerValue(c, "Content-Type"), c.BinaryMediaTypes) {
		b = wire.AppendJSONString(b, base64.StdEncoding.EncodeToString([]byte(c.Body)))
		return append(b, `,"isBase64Encoded":true}`...)
	}
	b = wire.AppendJSONString(b, c.Body)
	return append(b, `,"isBase64Encoded":false}`...)
}

// group is one name of a header or query map and its values in order.
type group struct {
	name, key string // key: what makes two names the same (lower-cased for headers)
	values    []string
}

func addToGroup(gs []group, name, key, value string) []group {
	for i := range gs {
		if gs[i].key == key {
			gs[i].values = append(gs[i].values, value)
			return gs
		}
	}
	return append(gs, group{name, key, []string{value}})
}

// appendGroups writes the single-value map (last value) and then, under multiKey, the
// multi-value one, sorted by key: {"a":"2"},"multiKey":{"a":["1","2"]}. Header keys are
// lower-cased, so headers come in case-insensitive order, as in events AWS delivers
// (Host, upgrade-insecure-requests, User-Agent: a user-posted event,
// webiny/webiny-js examples/apps/site/event.js); query keys sort as written. The caller has
// written the single map's key.
func appendGroups(b []byte, gs []group, multiKey string) []byte {
	slices.SortFunc(gs, func(x, y group) int {
		if c := strings.Compare(x.key, y.key); c != 0 {
			return c
		}
		return strings.Compare(x.name, y.name)
	})
	b = append(b, '{')
	for i, g := range gs {
		if i > 0 {
			b = append(b, ',')
		}
		b = wire.AppendJSONString(b, g.name)
		b = append(b, ':')
		b = wire.AppendJSONString(b, g.values[len(g.values)-1])
	}
	b = append(b, `},"`...)
	b = append(b, multiKey...)
	b = append(b, `":{`...)
	for i, g := range gs {
		if i > 0 {
			b = append(b, ',')
		}
		b = wire.AppendJSONString(b, g.name)
		b = append(b, ':')
		b = appendStrings(b, g.values)
	}
	return append(b, '}')
}

func headerValue(c *Call, name string) string { return c.Header.Value(name) }

func appendStrings(b []byte, vs []string) []byte {
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = wire.AppendJSONString(b, v)
	}
	return append(b, ']')
}

// appendNullable writes s as a JSON string, or null when empty (requestContext.identity
// fields AWS sends as null for callers without that identity).
func appendNullable(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return wire.AppendJSONString(b, s)
}
