package websocket

import (
	"strconv"
	"time"

	"apigwlab/engine/wire"
)

// Event types of requestContext.eventType (fact 74).
const (
	EventConnect    = "CONNECT"
	EventMessage    = "MESSAGE"
	EventDisconnect = "DISCONNECT"
)

// eventInput is everything a Lambda proxy event (payload format 1.0, the only one WebSocket
// integrations support, fact 75) is made of. Key order follows AWS's captures (facts 83–85):
// the events are byte-compared with them in event_test.go.
type eventInput struct {
	eventType      string
	routeKey       string
	messageID      string
	requestID      string
	stage          string
	connectionID   string
	apiID          string
	domainName     string
	sourceIP       string
	userAgent      string
	connectedAt    time.Time
	at             time.Time
	header         wire.Headers // CONNECT and DISCONNECT only
	query          []wire.QueryParam
	stageVars      map[string]string
	body           []byte // MESSAGE only
	disconnectCode int
	disconnectWhy  string
	authorizer     []byte // requestContext.authorizer, when $connect had an authorizer
}

// clf is the access-log time format of requestContext.requestTime.
const clf = "02/Jan/2006:15:04:05 -0700"

func (in *eventInput) json() []byte {
	b := make([]byte, 0, 768+len(in.body))
	b = append(b, '{')
	if in.eventType != EventMessage {
		b = appendHeaders(b, in.header)
		b = append(b, ',')
		if len(in.query) > 0 {
			b = appendQuery(b, in.query)
			b = append(b, ',')
		}
	}
	if len(in.stageVars) > 0 {
		b = append(b, `"stageVariables":{`...)
		for i, k := range wire.SortedKeys(in.stageVars) {
			if i > 0 {
				b = append(b, ',')
			}
			b = wire.AppendJSONString(b, k)
			b = append(b, ':')
			b = wire.AppendJSONString(b, in.stageVars[k])
		}
		b = append(b, "},"...)
	}
	b = append(b, `"requestContext":{"routeKey":`...)
	b = wire.AppendJSONString(b, in.routeKey)
	switch in.eventType {
	case EventMessage:
		b = append(b, `,"messageId":`...)
		b = wire.AppendJSONString(b, in.messageID)
	case EventDisconnect:
		b = append(b, `,"disconnectStatusCode":`...)
		b = strconv.AppendInt(b, int64(in.disconnectCode), 10)
	}
	b = append(b, `,"eventType":`...)
	b = wire.AppendJSONString(b, in.eventType)
	b = append(b, `,"extendedRequestId":`...)
	b = wire.AppendJSONString(b, in.requestID)
	b = append(b, `,"requestTime":`...)
	b = wire.AppendJSONString(b, in.at.UTC().Format(clf))
	b = append(b, `,"messageDirection":"IN"`...)
	if in.eventType == EventDisconnect {
		b = append(b, `,"disconnectReason":`...)
		b = wire.AppendJSONString(b, in.disconnectWhy)
	}
	b = append(b, `,"stage":`...)
	b = wire.AppendJSONString(b, in.stage)
	b = append(b, `,"connectedAt":`...)
	b = strconv.AppendInt(b, in.connectedAt.UnixMilli(), 10)
	b = append(b, `,"requestTimeEpoch":`...)
	b = strconv.AppendInt(b, in.at.UnixMilli(), 10)
	b = append(b, `,"identity":{`...)
	if in.userAgent != "" {
		b = append(b, `"userAgent":`...)
		b = wire.AppendJSONString(b, in.userAgent)
		b = append(b, ',')
	}
	b = append(b, `"sourceIp":`...)
	b = wire.AppendJSONString(b, in.sourceIP)
	b = append(b, `},"requestId":`...)
	b = wire.AppendJSONString(b, in.requestID)
	b = append(b, `,"domainName":`...)
	b = wire.AppendJSONString(b, in.domainName)
	b = append(b, `,"connectionId":`...)
	b = wire.AppendJSONString(b, in.connectionID)
	b = append(b, `,"apiId":`...)
	b = wire.AppendJSONString(b, in.apiID)
	if in.authorizer != nil {
		b = append(b, `,"authorizer":`...)
		b = append(b, in.authorizer...)
	}
	b = append(b, '}')
	if in.eventType == EventMessage {
		b = append(b, `,"body":`...)
		b = wire.AppendJSONString(b, string(in.body))
	}
	return append(b, `,"isBase64Encoded":false}`...)
}

// appendHeaders writes "headers" (the last value of each name) and "multiValueHeaders" in the
// client's order and casing (fact 83).
func appendHeaders(b []byte, h wire.Headers) []byte {
	return appendPairs(b, `"headers":{`, `},"multiValueHeaders":{`, h)
}

// appendQuery writes queryStringParameters and multiValueQueryStringParameters alike.
func appendQuery(b []byte, q []wire.QueryParam) []byte {
	h := make(wire.Headers, len(q))
	for i, p := range q {
		h[i] = wire.Header{Name: p.Name, Value: p.Value}
	}
	return appendPairs(b, `"queryStringParameters":{`, `},"multiValueQueryStringParameters":{`, h)
}

func appendPairs(b []byte, single, multi string, h wire.Headers) []byte {
	b = append(b, single...)
	seen := map[string]bool{}
	first := true
	for i, x := range h {
		if seen[x.Name] {
			continue
		}
		seen[x.Name] = true
		if !first {
			b = append(b, ',')
		}
		first = false
		b = wire.AppendJSONString(b, x.Name)
		b = append(b, ':')
		last := x.Value
		for _, y := range h[i+1:] {
			if y.Name == x.Name {
				last = y.Value
			}
		}
		b = wire.AppendJSONString(b, last)
	}
	b = append(b, multi...)
	clear(seen)
	first = true
	for i, x := range h {
		if seen[x.Name] {
			continue
		}
		seen[x.Name] = true
		if !first {
			b = append(b, ',')
		}
		first = false
		b = wire.AppendJSONString(b, x.Name)
		b = append(b, ":["...)
		b = wire.AppendJSONString(b, x.Value)
		for _, y := range h[i+1:] {
			if y.Name == x.Name {
				b = append(b, ',')
				b = wire.AppendJSONString(b, y.Value)
			}
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// errorFrame is the text frame AWS sends on the open socket when it cannot process a
// message: note the space after "message": and none after the other colons (facts 93–94,
// byte-exact from wscat/websocat captures).
func errorFrame(message, connectionID, requestID string) []byte {
	b := make([]byte, 0, 96)
	b = append(b, `{"message": `...)
	b = wire.AppendJSONString(b, message)
	b = append(b, `, "connectionId":`...)
	b = wire.AppendJSONString(b, connectionID)
	b = append(b, `, "requestId":`...)
	b = wire.AppendJSONString(b, requestID)
	return append(b, '}')
}
