package lambda

import (
	"strings"

	"apigwlab/engine/model"
)

// A function handling a WebSocket route can push to connections through the API's
// @connections management API: a declared function lists its pushes (model.Push), which
// Invoke resolves against the event and hands back in Result.Pushes for the caller (the
// WebSocket API) to make; a JavaScript function calls the AWS SDK's
// ApiGatewayManagementApiClient, which reaches the Service's Connections while it runs.

// Push is one POST @connections a declared function made, resolved against its event.
type Push struct {
	// To is "self", "others", "all" or a connection id; "" when a $.PATH found nothing.
	To string
	// Data is the text to send.
	Data []byte
	// Declared is the push's to: as written, for the trace ("$.body.to").
	Declared string
}

// Connections is the @connections management API code functions call. The gateway
// implements it, so a function's calls take the same path as serve's HTTP endpoint.
type Connections interface {
	// Call makes one call: method POST, GET or DELETE on @connections/{connectionID} of the
	// endpoint the SDK client was given (https://{apiId}.execute-api.{region}.amazonaws.com/{stage}).
	// fn is the calling function. An error is a failure to reach any API at that endpoint.
	Call(fn, method, endpoint, connectionID string, data []byte) (ConnectionsAnswer, error)
}

// ConnectionsAnswer is the HTTP answer of one @connections call.
type ConnectionsAnswer struct {
	Status    int
	ErrorType string // x-amzn-ErrorType; "" on success
	Body      []byte
	RequestID string // x-amzn-RequestId
}

// SetConnections installs the @connections API code functions call; with none, their calls
// fail as an unreachable endpoint does.
func (s *Service) SetConnections(c Connections) {
	s.mu.Lock()
	s.conns = c
	s.mu.Unlock()
}

// pushRule is a compiled model.Push.
type pushRule struct {
	to, data         string
	toPath, dataPath []step // nil when the value is literal
}

func compilePushes(ps []*model.Push) ([]pushRule, error) {
	var out []pushRule
	for _, p := range ps {
		if p == nil {
			continue
		}
		r := pushRule{to: p.To, data: p.Data}
		var err error
		if strings.HasPrefix(p.To, "$") {
			if r.toPath, err = compilePath(p.To); err != nil {
				return nil, posErrorf(p.Pos, "pushes: to: %v", strings.TrimPrefix(err.Error(), "when: "))
			}
		}
		if strings.HasPrefix(p.Data, "$") {
			if r.dataPath, err = compilePath(p.Data); err != nil {
				return nil, posErrorf(p.Pos, "pushes: data: %v", strings.TrimPrefix(err.Error(), "when: "))
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// needsEvent reports whether resolving the pushes reads the event.
func needsEvent(rs []pushRule) bool {
	for _, r := range rs {
		if r.toPath != nil || r.dataPath != nil {
			return true
		}
	}
	return false
}

// resolvePushes evaluates the pushes against the decoded event (nil when none needs it).
func resolvePushes(rs []pushRule, doc any) []Push {
	if len(rs) == 0 {
		return nil
	}
	out := make([]Push, 0, len(rs))
	for _, r := range rs {
		p := Push{To: r.to, Data: []byte(r.data), Declared: r.to}
		if r.toPath != nil {
			p.To = ""
			if v, ok := lookupPath(doc, r.toPath); ok && v != nil {
				p.To = asText(v)
			}
		}
		if r.dataPath != nil {
			p.Data = nil
			if v, ok := lookupPath(doc, r.dataPath); ok {
				p.Data = []byte(asText(v))
			}
		}
		out = append(out, p)
	}
	return out
}

// lookupPath follows a compiled JSONPath through the event. A string met before the path
// ends is read as JSON, so $.body.action reaches into a message's JSON body.
func lookupPath(doc any, path []step) (any, bool) {
	v := doc
	for _, s := range path {
		if str, isStr := v.(string); isStr {
			parsed, ok := decodeForMatch([]byte(str))
			if !ok {
				return nil, false
			}
			v = parsed
		}
		if s.isIndex {
			arr, ok := v.([]any)
			if !ok || s.index >= len(arr) {
				return nil, false
			}
			v = arr[s.index]
			continue
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[s.key]; !ok {
			return nil, false
		}
	}
	return v, true
}
