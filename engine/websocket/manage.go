package websocket

import (
	"strconv"
	"time"

	"apigwlab/engine/observe"
)

// ManageError is an @connections API error (fact 98): its HTTP status, the
// x-amzn-ErrorType, and the body.
type ManageError struct {
	Status int
	Type   string
	Body   string
}

func (e *ManageError) Error() string { return strconv.Itoa(e.Status) + " " + e.Type }

var (
	// GoneException carries no message: SDKs report "null" or the status (fact 99); we send
	// an empty body, which every SDK we know of parses.
	errGone      = &ManageError{Status: 410, Type: "GoneException"}
	errForbidden = &ManageError{Status: 403, Type: "ForbiddenException", Body: `{"message":"Forbidden"}`}
	errBadID     = &ManageError{Status: 400, Type: "BadRequestException", Body: `{"message":"Invalid connectionId"}`}
	errTooLarge  = &ManageError{Status: 413, Type: "PayloadTooLargeException", Body: `{"message":"Message too long"}`}
)

// ConnectionInfo is GET @connections/{id}'s answer (fact 97).
type ConnectionInfo struct {
	ConnectedAt  time.Time
	LastActiveAt time.Time
	SourceIP     string
	UserAgent    string
}

// JSON renders it as AWS does: ISO-8601 timestamps with milliseconds, userAgent null when the
// client sent none (fact 97).
func (i ConnectionInfo) JSON() []byte {
	const iso = "2006-01-02T15:04:05.000Z"
	b := []byte(`{"connectedAt":"` + i.ConnectedAt.UTC().Format(iso) + `","identity":{"sourceIp":`)
	b = strconv.AppendQuote(b, i.SourceIP)
	b = append(b, `,"userAgent":`...)
	if i.UserAgent == "" {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendQuote(b, i.UserAgent)
	}
	return append(b, `},"lastActiveAt":"`+i.LastActiveAt.UTC().Format(iso)+`"}`...)
}

// lookup finds the connection an @connections call names on a stage.
func (a *API) manageLookup(stage, id string) (*Conn, *ManageError) {
	if a.stage(stage) == nil {
		return nil, errForbidden // wrong or missing stage (fact 100, likely)
	}
	if !validConnectionID(id) {
		return nil, errBadID
	}
	c, ok := a.Conn(id)
	if !ok || c.st.name != stage {
		return nil, errGone
	}
	c.mu.Lock()
	open := c.state == stateOpen
	c.mu.Unlock()
	if !open {
		return nil, errGone // still in $connect (fact 82) or closing
	}
	return c, nil
}

// Call is one @connections call by method (POST, GET, DELETE) as a function makes it (the
// SDK's ApiGatewayManagementApiClient, a declared function's pushes): the same code as
// serve's HTTP endpoint, with from naming the caller in the exchange ("function NAME").
// It answers the HTTP status, the x-amzn-ErrorType ("" on success) and the body.
func (a *API) Call(from, method, stage, id string, data []byte) (status int, errType string, body []byte, ex *Exchange) {
	var err *ManageError
	switch method {
	case "POST":
		ex, err = a.post(stage, id, data, from)
		if err == nil {
			return 200, "", nil, ex
		}
	case "GET":
		var info ConnectionInfo
		info, ex, err = a.get(stage, id, from)
		if err == nil {
			return 200, "", info.JSON(), ex
		}
	case "DELETE":
		ex, _, err = a.del(stage, id, from)
		if err == nil {
			return 204, "", nil, ex
		}
	default:
		// API Gateway's answer to another method on the path is not modelled: 403 as for
		// a path with no route (fact 100).
		ex = a.manageExchange(stage, id, method, from)
		err = errForbidden
		a.manageDone(ex, err)
	}
	return err.Status, err.Type, []byte(err.Body), ex
}

// PostToConnection sends data to a client: POST /{stage}/@connections/{id} → 200 (fact 96).
func (a *API) PostToConnection(stage, id string, data []byte) (*Exchange, *ManageError) {
	return a.post(stage, id, data, "")
}

func (a *API) post(stage, id string, data []byte, from string) (*Exchange, *ManageError) {
	ex := a.manageExchange(stage, id, "POST", from)
	c, err := a.manageLookup(stage, id)
	if err == nil && len(data) > MaxMessageBytes {
		err = errTooLarge
	}
	if err != nil {
		return a.manageDone(ex, err), err
	}
	ex.Status = 200
	ex.Trace.Hop("@connections", "sent", 0, 0).Fact("bytes", strconv.Itoa(len(data)))
	c.reply(ex, data, "")
	a.finish(ex)
	return ex, nil
}

// GetConnection describes a connection: GET /{stage}/@connections/{id} → 200 JSON.
func (a *API) GetConnection(stage, id string) (ConnectionInfo, *ManageError) {
	info, _, err := a.get(stage, id, "")
	return info, err
}

func (a *API) get(stage, id, from string) (ConnectionInfo, *Exchange, *ManageError) {
	ex := a.manageExchange(stage, id, "GET", from)
	c, err := a.manageLookup(stage, id)
	if err != nil {
		return ConnectionInfo{}, a.manageDone(ex, err), err
	}
	ex.Status = 200
	a.finish(ex)
	return ConnectionInfo{ConnectedAt: c.connectedAt, LastActiveAt: c.LastActive(), SourceIP: c.sourceIP, UserAgent: c.userAgent}, ex, nil
}

// DeleteConnection closes a connection: DELETE /{stage}/@connections/{id} → 204; the
// $disconnect event reports 1000 "Connection Closed Normally" (fact 101).
func (a *API) DeleteConnection(stage, id string) (*Exchange, *ManageError) {
	_, disc, err := a.del(stage, id, "")
	return disc, err
}

// del closes a connection for DELETE @connections: the call's exchange, then $disconnect's.
func (a *API) del(stage, id, from string) (call, disc *Exchange, err *ManageError) {
	ex := a.manageExchange(stage, id, "DELETE", from)
	c, err := a.manageLookup(stage, id)
	if err != nil {
		return a.manageDone(ex, err), nil, err
	}
	ex.Status = 204
	a.finish(ex)
	return ex, c.deleted("DELETE @connections/" + id), nil
}

func (a *API) manageExchange(stage, id, method, from string) *Exchange {
	ex := &Exchange{API: a.Name, Stage: stage, ConnectionID: id, At: a.env.Clock.Now(), RequestID: a.ids.Next(),
		RouteKey: method + " @connections", Trace: observe.NewTrace(), From: from}
	return ex
}

func (a *API) manageDone(ex *Exchange, err *ManageError) *Exchange {
	ex.Status, ex.Error = err.Status, err.Type
	ex.Trace.Hop("@connections", "answered "+strconv.Itoa(err.Status)+" "+err.Type, 0, 0)
	a.finish(ex)
	return ex
}

// CloseAll closes every open connection from the gateway's side (1001 Going away to the
// client; $disconnect runs with 1000), as when the API is deleted. It returns the
// $disconnect exchanges.
func (a *API) CloseAll() []*Exchange {
	var out []*Exchange
	for _, c := range a.Conns() {
		if ex := c.deleted("API deleted"); ex != nil {
			out = append(out, ex)
		}
	}
	return out
}
