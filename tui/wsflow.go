package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine/websocket"
)

// The flow view draws a WebSocket exchange as it draws a request: the hops engine/websocket
// traced, over the stages of its kind. These helpers are the parts that differ: what the
// client sent and what it got back are a message and a frame, not a request and a response.

// wsPipeline is the stages an exchange of this kind goes through, in order, as
// engine/websocket names its hops.
func wsPipeline(ex *websocket.Exchange) []string {
	switch ex.EventType {
	case websocket.EventConnect:
		return []string{"stage", "throttle", "authorizer", "integration", "connect"}
	case websocket.EventMessage:
		return []string{"limits", "route", "throttle", "integration", "route response"}
	case websocket.EventDisconnect:
		return []string{"connection", "integration"}
	}
	return []string{"@connections"}
}

// wsSkipReasons explain the stages a WebSocket exchange did not use.
var wsSkipReasons = map[string]string{
	"authorizer":     "The $connect route has no authorizer (authorizationType NONE): anyone may connect.",
	"throttle":       "No throttle applies to this route on this stage.",
	"integration":    "The API has no route for this event, so no integration ran.",
	"route response": "No route response: the integration failed, and the client got an error frame instead.",
	"connect":        "The handshake was refused before the $connect integration accepted it.",
}

// wsStopped reports whether a WebSocket hop's decision ended the exchange early (a refusal
// is "answered N", as for requests).
func wsStopped(decision string) bool {
	return strings.HasPrefix(decision, "no route") || strings.HasPrefix(decision, "closed with") ||
		strings.HasPrefix(decision, "closed before") || decision == "throttled"
}

// wsOutcome is what the client got, in a few words, and its colour.
func wsOutcome(st *Styles, ex *websocket.Exchange) (string, lipgloss.Style) {
	switch {
	case ex.EventType == websocket.EventConnect:
		return strconv.Itoa(ex.Status), st.statusStyle(ex.Status)
	case ex.EventType == "":
		return strconv.Itoa(ex.Status), st.statusStyle(ex.Status)
	case ex.CloseCode != 0:
		return "close " + strconv.Itoa(ex.CloseCode), st.Status.Warn
	case ex.EventType == websocket.EventDisconnect:
		return "closed", st.Dim
	case ex.Error != "":
		return "error frame", st.Status.Err
	case ex.Reply != nil:
		return "frame", st.Status.OK
	}
	return "nothing", st.Dim
}

// wsTitle is the flow view's title line for an exchange.
func wsTitle(st *Styles, en *entry) string {
	ex := en.WS
	what := ex.EventType
	if what == "" {
		what = ex.RouteKey + "/" + ex.ConnectionID
	} else if ex.RouteKey != "" {
		what += " " + ex.RouteKey
	}
	out, style := wsOutcome(st, ex)
	return fmt.Sprintf("#%d %s on %s/%s → %s · %s", en.Seq, what, ex.API, ex.Stage, style.Render(out), fmtMs(ex.Latency))
}

// wsBoxTitle is the title of the client boxes' detail.
func wsBoxTitle(st *Styles, en *entry, in bool) string {
	if in {
		switch en.WS.EventType {
		case websocket.EventConnect:
			return "client → gateway: the handshake (GET with Upgrade: websocket)"
		case websocket.EventMessage:
			return "client → gateway: the message as sent"
		case websocket.EventDisconnect:
			return "the connection closed"
		}
		return "backend → gateway: " + en.WS.RouteKey
	}
	out, _ := wsOutcome(st, en.WS)
	if en.WS.EventType == "" {
		return "gateway → backend: " + out
	}
	return "gateway → client: " + out
}

// wsDetail is the detail of a client box: what was sent (in), or what the client got.
func wsDetail(st *Styles, en *entry, in bool, w int) []string {
	ex := en.WS
	var lines []string
	fact := func(k, v string) { lines = append(lines, factLines(st, k, v, w)...) }
	if in {
		fact("event", ex.EventType)
		if ex.EventType == "" {
			fact("call", ex.RouteKey+" /"+ex.Stage+"/@connections/"+ex.ConnectionID)
		}
		if ex.ConnectionID != "" {
			fact("connectionId", ex.ConnectionID)
		}
		fact("stage", ex.Stage)
		if en.Req.RawQuery != "" {
			fact("query", en.Req.RawQuery)
		}
		for _, h := range en.Req.Header {
			fact("header", h.Name+": "+h.Value)
		}
		if en.Req.Body != "" {
			fact("message", en.Req.Body)
		}
		if ex.MessageID != "" {
			fact("messageId", ex.MessageID)
		}
		fact("requestId", ex.RequestID)
		fact("at", ex.At.UTC().Format("2006-01-02 15:04:05 UTC"))
		return lines
	}
	switch {
	case ex.EventType == websocket.EventConnect && ex.Status == 101:
		fact("handshake", "101 Switching Protocols: the connection is open")
	case ex.EventType == websocket.EventConnect:
		fact("handshake", fmt.Sprintf("refused with HTTP %d", ex.Status))
	case ex.EventType == "":
		fact("status", strconv.Itoa(ex.Status))
	}
	switch {
	case ex.Error != "" && ex.Reply != nil:
		fact("error frame", string(ex.Reply))
	case ex.Reply != nil && ex.EventType != "":
		fact("frame", string(ex.Reply))
	case ex.Reply != nil:
		fact("pushed", string(ex.Reply))
	case ex.EventType == websocket.EventMessage && ex.CloseCode == 0:
		fact("frame", "none: a one-way route sends nothing back")
	}
	if ex.CloseCode != 0 {
		fact("close", fmt.Sprintf("%d %q", ex.CloseCode, ex.CloseReason))
	}
	if ex.Function != "" {
		fact("function", ex.Function)
	}
	if ex.Integrated {
		fact("latency", fmtMs(ex.Latency)+" (integration "+fmtMs(ex.IntegrationLatency)+")")
	}
	return append(lines, timelineLines(st, ex.Trace, ex.Latency, w)...)
}

// wsLogHead is an exchange's heading in the logs screen, as wsTitle without colour.
func wsLogHead(en *entry) string {
	ex := en.WS
	what := ex.EventType + " " + ex.RouteKey
	if ex.EventType == "" {
		what = ex.RouteKey + "/" + ex.ConnectionID
		if ex.From != "" {
			what += " by " + ex.From
		}
	}
	out, _ := wsOutcome(&Styles{}, ex)
	return fmt.Sprintf("#%d %s %s on %s/%s → %s · %s · %s", en.Seq, en.At.UTC().Format("15:04:05"), what, ex.API, ex.Stage, out, fmtMs(ex.Latency), ex.RequestID)
}
