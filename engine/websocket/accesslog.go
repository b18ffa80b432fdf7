package websocket

import (
	"strconv"
	"strings"

	"apigwlab/engine/observe"
)

// accessLog renders the stage's accessLogSettings.format for a connect, message or
// disconnect into ex.AccessLog, with the $context variables of WebSocket access logs
// (developer guide, websocket-api-logging: connectionId, connectedAt, domainName, eventType,
// messageId, routeKey, requestId = extendedRequestId, apiId, authorizer.*, error.*,
// identity.*, integrationLatency, requestTime(Epoch), stage, status). @connections calls are
// not access-logged: they are calls to the management API, not to the WebSocket API.
func (a *API) accessLog(ex *Exchange, st *stage) {
	if st == nil || st.accessLog == "" || ex.EventType == "" {
		return
	}
	ex.AccessLog = observe.AccessLogLine(st.accessLog, func(name string) string {
		c := ex.conn
		switch name {
		case "apiId":
			return a.ID
		case "domainName":
			return a.domainName
		case "stage":
			return st.name
		case "connectionId":
			return ex.ConnectionID
		case "eventType":
			return ex.EventType
		case "messageId":
			return ex.MessageID
		case "routeKey":
			return ex.RouteKey
		case "requestId", "extendedRequestId":
			return ex.RequestID
		case "requestTime":
			return ex.At.UTC().Format(clf)
		case "requestTimeEpoch":
			return strconv.FormatInt(ex.At.UnixMilli(), 10)
		case "status":
			if st := accessStatus(ex); st != 0 {
				return strconv.Itoa(st)
			}
		case "integrationLatency", "integration.latency":
			if !ex.Integrated {
				return ""
			}
			return strconv.FormatInt(ex.IntegrationLatency.Milliseconds(), 10)
		case "integrationStatus", "integration.status", "integration.integrationStatus":
			if !ex.Integrated || ex.Status == 0 {
				return ""
			}
			return strconv.Itoa(ex.Status)
		case "error.message":
			return ex.Error
		case "error.messageString":
			if ex.Error == "" {
				return ""
			}
			return strconv.Quote(ex.Error)
		case "connectedAt":
			if c != nil {
				return strconv.FormatInt(c.connectedAt.UnixMilli(), 10)
			}
		case "identity.sourceIp":
			if c != nil {
				return c.sourceIP
			}
		case "identity.userAgent":
			if c != nil {
				return c.userAgent
			}
		case "identity.accountId":
			return ""
		}
		if key, ok := strings.CutPrefix(name, "stageVariables."); ok {
			return st.vars[key]
		}
		if key, ok := strings.CutPrefix(name, "authorizer."); ok && c != nil {
			// The proxy authorizer object holds the values already stringified, bar
			// integrationLatency (a number).
			switch v := c.authzFields[key].(type) {
			case string:
				return v
			case float64:
				return strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
		return ""
	})
}

// accessStatus is $context.status of a WebSocket exchange: a handshake's HTTP status (200
// when accepted: the access log reports the $connect route's outcome, not the 101 of the
// upgrade), an error frame's status (403 Forbidden, 429 Too Many Requests, 500 Internal
// server error, 504 Endpoint request timed out), none for a message that closed the
// connection (a limit), else the integration's statusCode or 200.
// AWS documents only "the response status": these values are unconfirmed (docs/fidelity.md).
func accessStatus(ex *Exchange) int {
	switch {
	case ex.EventType == EventConnect && ex.Status == 101:
		return 200
	case ex.EventType == EventConnect:
		return ex.Status
	case ex.EventType == EventDisconnect:
		return 200
	case ex.CloseCode != 0:
		return 0 // closed for a limit: no status ("-")
	}
	switch ex.Error {
	case "Forbidden":
		return 403
	case "Too Many Requests":
		return 429
	case "Internal server error":
		return 500
	case "Endpoint request timed out":
		return 504
	}
	if ex.Status != 0 {
		return ex.Status
	}
	return 200
}
