package engine

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"apigwlab/engine/cognito"
	"apigwlab/engine/gwresponse"
	"apigwlab/engine/observe"
)

// AccessLogLine is one access-log line as the stage's format rendered it.
type AccessLogLine struct {
	At     time.Time
	API    string
	Stage  string
	Canary bool // AWS writes canary requests to the stage's log group with a /Canary suffix
	Text   string
}

// accessLogs keeps the most recent access-log lines of the gateway.
type accessLogs struct {
	mu    sync.Mutex
	lines []AccessLogLine
}

const accessLogKeep = 1000

func (a *accessLogs) add(l AccessLogLine) {
	a.mu.Lock()
	if len(a.lines) >= accessLogKeep {
		a.lines = append(a.lines[:0], a.lines[len(a.lines)-accessLogKeep/2:]...)
	}
	a.lines = append(a.lines, l)
	a.mu.Unlock()
}

// AccessLog returns the most recent access-log lines, oldest first.
func (g *Gateway) AccessLog() []AccessLogLine {
	g.accessLog.mu.Lock()
	defer g.accessLog.mu.Unlock()
	return append([]AccessLogLine(nil), g.accessLog.lines...)
}

// writeAccessLog renders the stage's accessLogSettings.format: each $context.NAME (or
// ${context.NAME}) is replaced by its value, "-" when it has none, as API Gateway writes
// empty access-log values. The format is plain substitution, not a mapping template.
func (c *call) writeAccessLog(resp *Response) {
	if c.stage == nil || c.stage.model.AccessLogSettings == nil || c.stage.model.AccessLogSettings.Format == "" {
		return
	}
	text := observe.AccessLogLine(c.stage.model.AccessLogSettings.Format, func(name string) string { return c.accessLogValue(name, resp) })
	line := AccessLogLine{At: c.start, API: c.api.name, Stage: c.stage.name, Canary: c.isCanary, Text: text}
	resp.AccessLog = line.Text
	c.g.accessLog.add(line)
}

// accessLogValue is $context.NAME for access logs: the template variables plus the
// access-log-only ones (status, responseLength, responseLatency, integration.*, error.*).
func (c *call) accessLogValue(name string, resp *Response) string {
	switch name {
	case "status":
		return strconv.Itoa(resp.Status)
	case "responseLength":
		return strconv.Itoa(len(resp.Body))
	case "responseLatency":
		return strconv.FormatInt(resp.Latency.Milliseconds(), 10)
	case "integrationLatency", "integration.latency":
		if !resp.Integrated {
			return ""
		}
		return strconv.FormatInt(resp.IntegrationLatency.Milliseconds(), 10)
	case "integrationStatus", "integration.integrationStatus", "integration.status":
		if !c.integrated {
			return ""
		}
		if c.integStatus != 0 {
			return strconv.Itoa(c.integStatus)
		}
		return strconv.Itoa(resp.Status)
	case "error.message":
		return c.errMessage
	case "error.messageString":
		if c.errMessage == "" {
			return ""
		}
		return gwresponse.MessageString(c.errMessage)
	case "error.responseType":
		return resp.GatewayResponse
	case "error.validationErrorString":
		return c.errValidation
	case "identity.apiKey":
		return c.ctx.APIKey
	case "identity.apiKeyId":
		return c.ctx.APIKeyID
	case "authorizer.principalId":
		if c.authResult != nil {
			return c.authResult.PrincipalID
		}
		return ""
	}
	if claim, ok := strings.CutPrefix(name, "authorizer.claims."); ok && c.claims != nil {
		return cognito.ClaimValues(c.claims)[claim]
	}
	if key, ok := strings.CutPrefix(name, "authorizer."); ok && c.authResult != nil {
		return c.authResult.ContextValues()[key]
	}
	return c.contextValue(name)
}
