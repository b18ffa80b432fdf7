// Package observe records what the gateway did with a request: the trace (one hop per
// pipeline stage, with the facts behind its decision), AWS-worded execution log lines, and
// CloudWatch-named metrics. A nil *Trace records nothing, so tracing costs nothing when off.
package observe

import (
	"fmt"
	"strings"
	"time"
)

// Fact is one named piece of evidence behind a stage's decision (a matched resource, the
// event sent to Lambda, a bucket's token count…).
type Fact struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Hop is what one pipeline stage did with the request.
type Hop struct {
	Stage    string        `json:"stage"`
	Decision string        `json:"decision"`
	Start    time.Duration `json:"-"` // since the request arrived, in engine (virtual) time
	Duration time.Duration `json:"-"`
	Facts    []Fact        `json:"facts,omitempty"`
}

// Trace is the record of one request: hops in pipeline order and execution log lines.
type Trace struct {
	Hops []*Hop
	Log  []LogLine
}

// LogLine is one execution-log line, as API Gateway writes to CloudWatch Logs.
type LogLine struct {
	At   time.Time
	Text string
}

// String formats the line as the console's test-invoke output and TestInvokeMethod's log
// write it: "Mon Dec 07 19:43:05 UTC 2026 : Starting execution for request: …".
func (l LogLine) String() string {
	return l.At.UTC().Format("Mon Jan 02 15:04:05 UTC 2006") + " : " + l.Text
}

// Hop appends a hop and returns it so facts can be added. Nil-safe: returns nil when off.
func (t *Trace) Hop(stage, decision string, start, dur time.Duration) *Hop {
	if t == nil {
		return nil
	}
	h := &Hop{Stage: stage, Decision: decision, Start: start, Duration: dur}
	t.Hops = append(t.Hops, h)
	return h
}

// Fact adds evidence to a hop. Nil-safe.
func (h *Hop) Fact(key, value string) *Hop {
	if h == nil {
		return nil
	}
	h.Facts = append(h.Facts, Fact{Key: key, Value: value})
	return h
}

// Logf appends an execution-log line at time at. Nil-safe; formatting only happens when on.
func (t *Trace) Logf(at time.Time, format string, args ...any) {
	if t == nil {
		return
	}
	t.Log = append(t.Log, LogLine{At: at, Text: fmt.Sprintf(format, args...)})
}

// Line appends an execution-log line made of parts joined without separator: the common
// "label: value" lines cost one string, not a fmt call. Nil-safe.
func (t *Trace) Line(at time.Time, parts ...string) {
	if t == nil {
		return
	}
	text := parts[0]
	if len(parts) > 1 {
		text = strings.Join(parts, "")
	}
	t.Log = append(t.Log, LogLine{At: at, Text: text})
}

// NewTrace returns a trace sized for one request's hops and log lines.
func NewTrace() *Trace {
	return &Trace{Hops: make([]*Hop, 0, 10), Log: make([]LogLine, 0, 24)}
}

// Get returns the value of the first fact named key, or "".
func (h *Hop) Get(key string) string {
	for _, f := range h.Facts {
		if f.Key == key {
			return f.Value
		}
	}
	return ""
}

// All returns the values of every fact named key, in order (a function's log lines).
func (h *Hop) All(key string) []string {
	var out []string
	for _, f := range h.Facts {
		if f.Key == key {
			out = append(out, f.Value)
		}
	}
	return out
}

// Decide sets the hop's decision. Nil-safe.
func (h *Hop) Decide(decision string) *Hop {
	if h == nil {
		return nil
	}
	h.Decision = decision
	return h
}

// FunctionLogs adds a code function's log lines (lambda.Result.Logs) to hop as "log" facts
// and to the execution log, each marked with the function's log group: in AWS they are in
// CloudWatch Logs under /aws/lambda/NAME. Every pipeline (REST, HTTP, WebSocket) uses this
// one helper so the lines read the same everywhere. Nil-safe.
func (t *Trace) FunctionLogs(hop *Hop, at time.Time, fn string, lines []string) {
	if t == nil || len(lines) == 0 {
		return
	}
	group := "/aws/lambda/" + fn + " "
	for _, l := range lines {
		// CloudWatch's lines separate fields with tabs, and a message may hold newlines; a
		// trace line is one screen line, so tabs show as two spaces and newlines as \n.
		l = logReplacer.Replace(l)
		hop.Fact("log", l)
		t.Line(at, group, l)
	}
}

var logReplacer = strings.NewReplacer("\t", "  ", "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
