package mapping

import (
	"errors"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// conformanceCase is one row of testdata/conformance.yaml: a template, its input and
// the output AWS produces, with the source of that expectation.
type conformanceCase struct {
	Name     string `yaml:"name"`
	Source   string `yaml:"source"`
	Template string `yaml:"template"`
	Body     string `yaml:"body"`
	Params   struct {
		Path        yaml.Node `yaml:"path"`
		Querystring yaml.Node `yaml:"querystring"`
		Header      yaml.Node `yaml:"header"`
	} `yaml:"params"`
	StageVariables map[string]string `yaml:"stageVariables"`
	Context        map[string]string `yaml:"context"`
	Want           *string           `yaml:"want"`
	WantError      string            `yaml:"wantError"`
	// WantStatus, when set, is the $context.responseOverride.status that counts (0:
	// none, AWS ignores values that are not integers from 100 to 599).
	WantStatus *int   `yaml:"wantStatus"`
	KnownGap   bool   `yaml:"knownGap"`
	Reason     string `yaml:"reason"`
}

// orderedParams reads a YAML mapping keeping its key order (parameters are ordered).
func orderedParams(t *testing.T, n *yaml.Node) []Param {
	t.Helper()
	if n.Kind == 0 {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		t.Fatalf("params must be a mapping, line %d", n.Line)
	}
	var out []Param
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, Param{Name: n.Content[i].Value, Value: n.Content[i+1].Value})
	}
	return out
}

func loadConformance(t *testing.T) []conformanceCase {
	t.Helper()
	data, err := os.ReadFile("testdata/conformance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []conformanceCase
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatalf("conformance.yaml: %v", err)
	}
	return cases
}

func (c *conformanceCase) input(t *testing.T) *Input {
	in := &Input{
		Body:      c.Body,
		Path:      orderedParams(t, &c.Params.Path),
		Query:     orderedParams(t, &c.Params.Querystring),
		Header:    orderedParams(t, &c.Params.Header),
		StageVars: c.StageVariables,
	}
	for k, v := range c.Context {
		switch k {
		case "requestId":
			in.Context.RequestID = v
		case "stage":
			in.Context.Stage = v
		case "httpMethod":
			in.Context.HTTPMethod = v
		case "resourcePath":
			in.Context.ResourcePath = v
		case "path":
			in.Context.Path = v
		case "accountId":
			in.Context.AccountID = v
		case "apiId":
			in.Context.APIID = v
		case "domainName":
			in.Context.DomainName = v
		case "resourceId":
			in.Context.ResourceID = v
		case "protocol":
			in.Context.Protocol = v
		case "sourceIp":
			in.Context.Identity.SourceIP = v
		case "userAgent":
			in.Context.Identity.UserAgent = v
		case "principalId":
			in.Context.Authorizer.PrincipalID = v
		default:
			if strings.HasPrefix(k, "claims.") {
				if in.Context.Authorizer.Claims == nil {
					in.Context.Authorizer.Claims = map[string]any{}
				}
				in.Context.Authorizer.Claims[strings.TrimPrefix(k, "claims.")] = v
				continue
			}
			if strings.HasPrefix(k, "authorizer.") {
				if in.Context.Authorizer.Fields == nil {
					in.Context.Authorizer.Fields = map[string]any{}
				}
				in.Context.Authorizer.Fields[strings.TrimPrefix(k, "authorizer.")] = v
				continue
			}
			t.Fatalf("unknown context field %q", k)
		}
	}
	return in
}

// TestConformance renders every case of the conformance table and compares the output
// with what AWS produces.
func TestConformance(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range loadConformance(t) {
		c := c
		if seen[c.Name] {
			t.Errorf("duplicate case name %q", c.Name)
		}
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			if c.Source == "" {
				t.Errorf("case has no source")
			}
			if (c.Want == nil) == (c.WantError == "") {
				t.Fatalf("case needs exactly one of want and wantError")
			}
			if c.KnownGap {
				if c.Reason == "" {
					t.Errorf("knownGap case has no reason")
				}
				t.Skip("known gap: " + c.Reason)
			}
			tp, err := Compile(c.Name, c.Template)
			var res Result
			if err == nil {
				res, err = tp.Render(c.input(t))
			}
			if c.WantError != "" {
				if err == nil {
					t.Fatalf("template %q: want error containing %q, got output %q", c.Template, c.WantError, res.Output)
				}
				msg := err.Error()
				var be *BodyError
				if errors.As(err, &be) {
					msg += "\n" + be.Message() // the text AWS sends in the 400 body
				}
				if !strings.Contains(msg, c.WantError) {
					t.Fatalf("template %q: error %q does not contain %q", c.Template, err, c.WantError)
				}
				return
			}
			if err != nil {
				t.Fatalf("template %q: %v", c.Template, err)
			}
			if res.Output != *c.Want {
				t.Errorf("template %q\n got: %q\nwant: %q\n(source: %s)", c.Template, res.Output, *c.Want, c.Source)
			}
			if c.WantStatus != nil && res.ResponseOverride.Status != *c.WantStatus {
				t.Errorf("template %q: responseOverride status %d, want %d", c.Template, res.ResponseOverride.Status, *c.WantStatus)
			}
		})
	}
}

// TestConformanceCount keeps the table at the size issue 6 asks for.
func TestConformanceCount(t *testing.T) {
	n := 0
	for _, c := range loadConformance(t) {
		if !c.KnownGap {
			n++
		}
	}
	if n < 150 {
		t.Fatalf("conformance table has %d non-gap cases, want at least 150", n)
	}
}
