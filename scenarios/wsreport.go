package scenarios

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// The WebSocket part of the reports: CloudWatch's WebSocket metrics for the run, then per
// connection group and per expectation window.

func (r *Result) writeWSSummary(tw *tabwriter.Writer) {
	w := r.Total.ws
	if w == nil {
		return
	}
	fmt.Fprintf(tw, "  ConnectCount\t%d (%s)\n", w.connects, codeList(w.connectStatus, "none"))
	fmt.Fprintf(tw, "  MessageCount\t%d (in %d · out %d: %d replies, %d error frames, %d pushes)\n",
		w.messagesIn+w.messagesOut, w.messagesIn, w.messagesOut, w.replies, w.errorFrames, w.messagesOut-w.replies-w.errorFrames)
	fmt.Fprintf(tw, "  ClientError\t%d\n", w.clientErrors)
	fmt.Fprintf(tw, "  IntegrationError\t%d\n", w.integrationErrors)
	fmt.Fprintf(tw, "  ExecutionError\t%d\n", w.executionErrors)
	fmt.Fprintf(tw, "  connections\tat most %d open at once, %d open at the end\n", w.maxOpen, r.openAtEnd)
	fmt.Fprintf(tw, "  disconnects\t%d (%s)\n", w.disconnects, codeList(w.closeCodes, "none"))
	if w.pushes > 0 {
		fmt.Fprintf(tw, "  @connections\t%d POST (%s)\n", w.pushes, codeList(w.pushStatus, ""))
	}
	if len(w.routes) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(w.routes)) {
			parts = append(parts, fmt.Sprintf("%s: %d", k, w.routes[k]))
		}
		fmt.Fprintf(tw, "  routes\t%s\n", strings.Join(parts, "  "))
	}
}

// codeList is "101: 40  403: 10", codes in order.
func codeList(m map[int]int64, none string) string {
	codes := make([]int, 0, len(m))
	for c, n := range m {
		if n > 0 {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		return none
	}
	sort.Ints(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d: %d", c, m[c])
	}
	return strings.Join(parts, "  ")
}

func (r *Result) writeWSTables(b *strings.Builder) {
	if len(r.Groups) > 0 {
		b.WriteString("\nConnection groups\n")
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  GROUP\tCONNECTS\tACCEPTED\tSENT\tRECEIVED\tCLOSED\n")
		for _, g := range r.Groups {
			span := fmtOffset(g.From)
			if g.To > g.From {
				span += "–" + fmtOffset(g.To)
			}
			fmt.Fprintf(tw, "  %s (%s)\t%d\t%d\t%d\t%d\t%s\n", g.Name, span, g.ws.connects, g.ws.connectStatus[101],
				g.ws.messagesIn, g.received, codeList(g.ws.closeCodes, "–"))
		}
		tw.Flush()
	}
	var wins []*WindowResult
	for _, w := range r.Windows {
		if w.acc.ws != nil {
			wins = append(wins, w)
		}
	}
	if len(wins) == 0 {
		return
	}
	b.WriteString("\nWindows (WebSocket)\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  WINDOW\tCONNECTS\tMESSAGES\tCLIENT ERR\tINTEG ERR\tEXEC ERR\tDISCONNECTS\tPUSH 410\n")
	for _, win := range wins {
		w := win.acc.ws
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", win.Window, w.connects, w.messagesIn+w.messagesOut,
			w.clientErrors, w.integrationErrors, w.executionErrors, w.disconnects, w.pushStatus[410])
	}
	tw.Flush()
}

// jsonWebSocket is the report's "websocket" object; its first keys are CloudWatch's names.
type jsonWebSocket struct {
	ConnectCount         int64              `json:"ConnectCount"`
	MessageCount         int64              `json:"MessageCount"`
	ClientError          int64              `json:"ClientError"`
	IntegrationError     int64              `json:"IntegrationError"`
	ExecutionError       int64              `json:"ExecutionError"`
	IntegrationLatencyMs map[string]float64 `json:"IntegrationLatencyMs"`
	MessagesIn           int64              `json:"messagesIn"`
	MessagesOut          int64              `json:"messagesOut"`
	ConnectStatus        map[string]int64   `json:"connectStatus"`
	DisconnectCodes      map[string]int64   `json:"disconnectCodes"`
	PushStatus           map[string]int64   `json:"pushStatus"`
	Routes               map[string]int64   `json:"routes"`
	MaxOpenConnections   int                `json:"maxOpenConnections"`
	OpenAtEnd            int                `json:"openAtEnd"`
	Groups               []jsonGroup        `json:"groups"`
}

type jsonGroup struct {
	Name            string           `json:"name"`
	From            string           `json:"from"`
	To              string           `json:"to"`
	Connects        int64            `json:"connects"`
	Accepted        int64            `json:"accepted"`
	Sent            int64            `json:"sent"`
	Received        int64            `json:"received"`
	DisconnectCodes map[string]int64 `json:"disconnectCodes"`
}

func intKeys(m map[int]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range m {
		if v > 0 {
			out[strconv.Itoa(k)] = v
		}
	}
	return out
}

func (r *Result) jsonWS() *jsonWebSocket {
	w := r.Total.ws
	if w == nil {
		return nil
	}
	h := &r.Total.integration
	out := &jsonWebSocket{ConnectCount: w.connects, MessageCount: w.messagesIn + w.messagesOut, ClientError: w.clientErrors,
		IntegrationError: w.integrationErrors, ExecutionError: w.executionErrors,
		IntegrationLatencyMs: map[string]float64{"p50": h.quantile(.5), "p99": h.quantile(.99), "max": float64(h.max) / 1000},
		MessagesIn:           w.messagesIn, MessagesOut: w.messagesOut, ConnectStatus: intKeys(w.connectStatus),
		DisconnectCodes: intKeys(w.closeCodes), PushStatus: intKeys(w.pushStatus), Routes: w.routes,
		MaxOpenConnections: w.maxOpen, OpenAtEnd: r.openAtEnd, Groups: []jsonGroup{}}
	for _, g := range r.Groups {
		out.Groups = append(out.Groups, jsonGroup{Name: g.Name, From: fmtOffset(g.From), To: fmtOffset(g.To), Connects: g.ws.connects,
			Accepted: g.ws.connectStatus[101], Sent: g.ws.messagesIn, Received: g.received, DisconnectCodes: intKeys(g.ws.closeCodes)})
	}
	return out
}
