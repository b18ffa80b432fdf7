package model

import (
	"strings"
	"testing"
)

// A mapping template that does not parse is a warning, not an error (AWS stores it and
// fails its requests), reported at the line and column of the error in the file: inside a
// literal block the template's own lines, in a one-line scalar the column past the quote.
func TestTemplateSyntaxWarnings(t *testing.T) {
	src := `apiVersion: apigwlab/v1
restApis:
  - name: t
    resources:
      /a:
        POST:
          integration:
            type: MOCK
            requestTemplates:
              application/json: |
                {"statusCode": 200}
                #set($a = )
            integrationResponses:
              - statusCode: "200"
                responseTemplates:
                  application/json: '{"x": $a.b(x)}'
                  text/plain: x$a.b(x)
                  application/xml: "a\tb #end"
          methodResponses: [{statusCode: "200"}]
    gatewayResponses:
      DEFAULT_4XX:
        responseTemplates:
          application/json: '{"m": "$context.error.message"} #else'
    stages: [{stageName: prod}]
`
	w, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("a template that does not parse made the file invalid: %v", err)
	}
	lines := strings.Split(src, "\n")
	at := func(e *Error) string { // the file's text from the reported column on
		r := []rune(lines[e.Pos.Line-1])
		return string(r[e.Pos.Col-1:])
	}
	tests := []struct {
		field, pos, text, msg string
	}{
		{"restApis[0].resources./a.POST.integration.requestTemplates.application/json", "t.yaml:12:27", ")",
			`warning: the mapping template does not parse (its line 2, column 11): unexpected ")" in expression. AWS accepts it (put-integration and deployments do not parse templates) and answers every request that uses it 500 {"message": "Internal server error"}, as apigwlab does`},
		{"restApis[0].resources./a.POST.integration.integrationResponses[0].responseTemplates.application/json", "t.yaml:16:49", "x)}'", ""},
		{"restApis[0].resources./a.POST.integration.integrationResponses[0].responseTemplates.text/plain", "t.yaml:17:37", "x)", ""},
		// an escape before the error: the value's position, the template's in the message
		{"restApis[0].resources./a.POST.integration.integrationResponses[0].responseTemplates.application/xml", "t.yaml:18:36", `"a\tb #end"`, ""},
		{"restApis[0].gatewayResponses.DEFAULT_4XX.responseTemplates.application/json", "t.yaml:23:62", "#else'",
			`warning: the mapping template does not parse (its line 1, column 33): unexpected #else: no open #if, #foreach, #define or #macro. apigwlab answers with the default body instead; AWS only substitutes variables in gateway response templates (no Velocity), so there it would print as written`},
	}
	if len(w.Warnings) != len(tests) {
		t.Fatalf("%d warnings, want %d:\n%v", len(w.Warnings), len(tests), w.Warnings)
	}
	for i, tt := range tests {
		e := w.Warnings[i]
		if e.Field != tt.field || e.Pos.String() != tt.pos || !strings.HasPrefix(at(e), tt.text) || (tt.msg != "" && e.Msg != tt.msg) {
			t.Errorf("warning %d:\n got %s (text there %q)\nwant %s: %s: %s (text there %q)", i, e.Error(), at(e), tt.pos, tt.field, tt.msg, tt.text)
		}
	}
}
