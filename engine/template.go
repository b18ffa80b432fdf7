package engine

import (
	"net/url"
	"regexp"
	"strings"

	"apigwlab/engine/gwresponse"
)

func queryEscape(s string) string { return url.QueryEscape(s) }

// refPattern finds the references the interim renderer understands.
var refPattern = regexp.MustCompile(`\$!?(?:\{(context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_]+|input\.body)\}|(context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_]+|input\.body|input\.params\('([^']*)'\)))`)

// renderTemplate renders a mapping template. Until the VTL interpreter is wired in, it
// substitutes $context.*, $stageVariables.*, $input.body and $input.params('x') and leaves
// everything else as written.
func (c *call) renderTemplate(tpl, body string) (string, error) {
	if !strings.ContainsAny(tpl, "$#") {
		return tpl, nil
	}
	return refPattern.ReplaceAllStringFunc(tpl, func(ref string) string {
		m := refPattern.FindStringSubmatch(ref)
		name := m[1] + m[2] // braced or bare form
		switch {
		case name == "input.body":
			return body
		case strings.HasPrefix(name, "input.params("):
			return c.param(m[3])
		case strings.HasPrefix(name, "stageVariables."):
			return c.vars[strings.TrimPrefix(name, "stageVariables.")]
		default:
			return c.contextValue(strings.TrimPrefix(name, "context."))
		}
	}), nil
}

// param is $input.params(name): path, then query string, then header (aws-facts.md §3.2).
func (c *call) param(name string) string {
	for _, p := range c.params {
		if p.Name == name {
			return p.Value
		}
	}
	v, found := "", false
	for _, q := range c.Query() {
		if q.Name == name {
			v, found = q.Value, true
		}
	}
	if found {
		return v
	}
	return c.req.Header.Value(name)
}

// renderGatewayTemplate renders a customised gateway response template, where
// $context.error.* are defined.
func (c *call) renderGatewayTemplate(tpl string, e *gwresponse.Error) string {
	r := strings.NewReplacer(
		"$context.error.messageString", gwresponse.MessageString(e.Message),
		"${context.error.messageString}", gwresponse.MessageString(e.Message),
		"$context.error.message", e.Message,
		"${context.error.message}", e.Message,
		"$context.error.responseType", string(e.Type),
		"${context.error.responseType}", string(e.Type),
	)
	out, _ := c.renderTemplate(r.Replace(tpl), c.req.Body)
	return out
}
