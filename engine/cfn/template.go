// Package cfn translates a SAM or CloudFormation template into apigwlab workspace YAML: its
// API Gateway REST and HTTP APIs, Lambda functions (as simulated functions), usage plans and
// API keys. Intrinsic functions (!Ref, !Sub, !GetAtt, !Join, !If, !FindInMap, … in short and
// long form) are evaluated against the template's Parameters (defaults, or the caller's
// overrides), Mappings, Conditions and the pseudo parameters. Resources it cannot
// translate are listed in the report, never fatal.
//
// The package knows nothing of the workspace types (engine/model decodes what it returns,
// with the workspace's own validation); it only writes the workspace's YAML keys.
package cfn

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Options are the values a template is evaluated with.
type Options struct {
	// Parameters override the template's parameter defaults.
	Parameters map[string]string
	Region     string // AWS::Region; default us-east-1
	AccountID  string // AWS::AccountId; default 123456789012
	StackName  string // AWS::StackName; default the template file's base name
}

// Template is a parsed template being translated.
type Template struct {
	file       string
	region     string
	account    string
	stack      string
	params     map[string]any
	mappings   map[string]any
	conditions map[string]*yaml.Node
	condCache  map[string]bool
	condBusy   map[string]bool
	resources  map[string]*resource
	order      []string // logical ids in file order
	globals    map[string]map[string]any
	notes      []string
	names      map[string]string // logical id → physical name, computed on demand
	naming     map[string]bool
	r          *resolver
}

type resource struct {
	id    string
	typ   string
	node  *yaml.Node // the resource's mapping
	props *yaml.Node // its Properties (may be nil)
	meta  *yaml.Node // its Metadata (may be nil)
	cond  string     // Condition
	line  int
}

func (t *Template) report(format string, args ...any) {
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
}

// parse reads the template's sections.
func parse(file string, data []byte, opt Options) (*Template, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not YAML or JSON: %v", file, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: want a template (a mapping with Resources:)", file)
	}
	root := doc.Content[0]
	t := &Template{file: file, region: opt.Region, account: opt.AccountID, stack: opt.StackName,
		params: map[string]any{}, conditions: map[string]*yaml.Node{}, condCache: map[string]bool{},
		condBusy: map[string]bool{}, resources: map[string]*resource{}, globals: map[string]map[string]any{},
		names: map[string]string{}, naming: map[string]bool{}}
	if t.region == "" {
		t.region = "us-east-1"
	}
	if t.account == "" {
		t.account = "123456789012"
	}
	t.r = &resolver{t: t}
	var resNode, paramNode, globalsNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, root.Content[i+1]
		switch k {
		case "Resources":
			resNode = v
		case "Parameters":
			paramNode = v
		case "Mappings":
			m, _ := t.r.value(v, 0).(map[string]any)
			t.mappings = m
		case "Conditions":
			for j := 0; j+1 < len(v.Content); j += 2 {
				t.conditions[v.Content[j].Value] = v.Content[j+1]
			}
		case "Globals":
			globalsNode = v
		}
	}
	if resNode == nil || resNode.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: no Resources: a SAM or CloudFormation template lists its resources under Resources", file)
	}
	if err := t.parameters(paramNode, opt.Parameters); err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(resNode.Content); i += 2 {
		k, v := resNode.Content[i], resNode.Content[i+1]
		res := &resource{id: k.Value, node: v, line: k.Line}
		for j := 0; j+1 < len(v.Content); j += 2 {
			switch v.Content[j].Value {
			case "Type":
				res.typ = v.Content[j+1].Value
			case "Properties":
				res.props = v.Content[j+1]
			case "Metadata":
				res.meta = v.Content[j+1]
			case "Condition":
				res.cond = v.Content[j+1].Value
			}
		}
		t.resources[res.id] = res
		t.order = append(t.order, res.id)
	}
	// Globals after Resources, so they may refer to resources.
	if globalsNode != nil {
		g, _ := t.r.value(globalsNode, 0).(map[string]any)
		for k, v := range g {
			if m, ok := v.(map[string]any); ok {
				t.globals[k] = m
			}
		}
	}
	return t, t.r.err
}

// parameters takes each parameter's override or Default; one with neither is an error.
func (t *Template) parameters(n *yaml.Node, overrides map[string]string) error {
	declared := map[string]bool{}
	if n != nil {
		for i := 0; i+1 < len(n.Content); i += 2 {
			name, decl := n.Content[i].Value, n.Content[i+1]
			declared[name] = true
			if v, ok := overrides[name]; ok {
				t.params[name] = v
				continue
			}
			var def *yaml.Node
			var typ string
			for j := 0; j+1 < len(decl.Content); j += 2 {
				switch decl.Content[j].Value {
				case "Default":
					def = decl.Content[j+1]
				case "Type":
					typ = decl.Content[j+1].Value
				}
			}
			if def == nil {
				return fmt.Errorf("%s:%d:%d: parameter %s has no Default: give it a value in the workspace (import: [{template: …, parameters: {%s: VALUE}}])",
					t.file, n.Content[i].Line, n.Content[i].Column, name, name)
			}
			v := t.r.value(def, 0)
			if strings.HasPrefix(typ, "List<") || typ == "CommaDelimitedList" {
				var l []any
				for _, s := range strings.Split(scalarString(v), ",") {
					l = append(l, strings.TrimSpace(s))
				}
				v = l
			}
			t.params[name] = v
		}
	}
	for _, name := range slices.Sorted(maps.Keys(overrides)) {
		if !declared[name] {
			if len(declared) == 0 {
				return fmt.Errorf("%s: parameters: %s is not a parameter of the template (it declares none)", t.file, name)
			}
			return fmt.Errorf("%s: parameters: %s is not a parameter of the template (parameters: %s)", t.file, name, strings.Join(slices.Sorted(maps.Keys(declared)), ", "))
		}
	}
	return nil
}

// condition evaluates a named condition (once).
func (t *Template) condition(at *yaml.Node, name string, r *resolver) bool {
	if v, ok := t.condCache[name]; ok {
		return v
	}
	n, ok := t.conditions[name]
	if !ok {
		r.fail(at, "no condition %q in Conditions", name)
		return false
	}
	if t.condBusy[name] {
		r.fail(at, "condition %q refers to itself", name)
		return false
	}
	t.condBusy[name] = true
	b, _ := r.value(n, 1).(bool)
	t.condCache[name] = b
	return b
}

// included says whether a resource's Condition holds.
func (t *Template) included(res *resource) bool {
	return res.cond == "" || t.condition(res.node, res.cond, t.r)
}

// ref answers Ref: a parameter's value, a pseudo parameter, or a resource's physical name.
func (t *Template) ref(name string) any {
	if v, ok := t.params[name]; ok {
		return v
	}
	switch name {
	case "AWS::Region":
		return t.region
	case "AWS::AccountId":
		return t.account
	case "AWS::StackName":
		return t.stack
	case "AWS::StackId":
		return fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s/00000000-0000-0000-0000-000000000000", t.region, t.account, t.stack)
	case "AWS::Partition":
		return "aws"
	case "AWS::URLSuffix":
		return "amazonaws.com"
	case "AWS::NoValue":
		return noValue{}
	case "AWS::NotificationARNs":
		return []any{}
	}
	if res, ok := t.resources[name]; ok {
		if res.typ == "AWS::ApiGateway::Resource" {
			return resourceRef + name
		}
		return t.name(res)
	}
	if strings.HasSuffix(name, ".Stage") || strings.HasSuffix(name, ".Deployment") {
		// SAM: MyApi.Stage is the API's stage.
		if res, ok := t.resources[strings.TrimSuffix(strings.TrimSuffix(name, ".Stage"), ".Deployment")]; ok {
			return t.str(res, "StageName")
		}
	}
	return name
}

// resourceRef marks a reference to an AWS::ApiGateway::Resource (or an API's root).
const resourceRef = "\x00resource:"

func (t *Template) getAtt(id, attr string) any {
	res, ok := t.resources[id]
	if !ok {
		return id + "." + attr
	}
	switch {
	case attr == "Arn" && isFunction(res.typ):
		return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", t.region, t.account, t.name(res))
	case attr == "RootResourceId":
		return resourceRef + id + "/"
	case attr == "Arn" && res.typ == "AWS::Cognito::UserPool":
		return t.name(res)
	}
	return t.name(res)
}

var subRe = regexp.MustCompile(`\$\{([^}]*)\}`)

func (t *Template) sub(text string, vars map[string]any) string {
	return subRe.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[2 : len(m)-1]
		if strings.HasPrefix(inner, "!") {
			return "${" + inner[1:] + "}"
		}
		if v, ok := vars[inner]; ok {
			return scalarString(v)
		}
		if _, ok := t.resources[inner]; ok || !strings.Contains(inner, ".") {
			return scalarString(t.ref(inner))
		}
		id, attr, _ := strings.Cut(inner, ".")
		return scalarString(t.getAtt(id, attr))
	})
}

func isFunction(typ string) bool {
	return typ == "AWS::Serverless::Function" || typ == "AWS::Lambda::Function"
}

// nameProps is the property that names each kind of resource.
var nameProps = map[string]string{
	"AWS::Serverless::Function": "FunctionName", "AWS::Lambda::Function": "FunctionName",
	"AWS::Serverless::Api": "Name", "AWS::Serverless::HttpApi": "Name", "AWS::ApiGateway::RestApi": "Name",
	"AWS::ApiGateway::Authorizer": "Name", "AWS::ApiGateway::Model": "Name", "AWS::ApiGateway::RequestValidator": "Name",
	"AWS::ApiGateway::UsagePlan": "UsagePlanName", "AWS::ApiGateway::ApiKey": "Name", "AWS::ApiGateway::Stage": "StageName",
	"AWS::Cognito::UserPool": "UserPoolName",
}

// name is a resource's physical name: its name property, else its logical id (CloudFormation
// would generate STACK-LogicalId-RANDOM; the logical id keeps names readable and stable).
func (t *Template) name(res *resource) string {
	if n, ok := t.names[res.id]; ok {
		return n
	}
	n := res.id
	if prop := nameProps[res.typ]; prop != "" && !t.naming[res.id] {
		t.naming[res.id] = true
		if s := t.str(res, prop); s != "" {
			n = s
		}
		delete(t.naming, res.id)
	}
	t.names[res.id] = n
	return n
}

// str resolves one string property of a resource.
func (t *Template) str(res *resource, key string) string {
	if res.props == nil {
		return ""
	}
	for i := 0; i+1 < len(res.props.Content); i += 2 {
		if res.props.Content[i].Value == key {
			return scalarString(t.r.value(res.props.Content[i+1], 1))
		}
	}
	return ""
}

// properties resolves a resource's Properties, with the Globals of its kind merged under them.
func (t *Template) properties(res *resource) map[string]any {
	var props map[string]any
	if res.props != nil {
		props, _ = t.r.value(res.props, 1).(map[string]any)
	}
	if props == nil {
		props = map[string]any{}
	}
	section := map[string]string{"AWS::Serverless::Function": "Function", "AWS::Serverless::Api": "Api",
		"AWS::Serverless::HttpApi": "HttpApi"}[res.typ]
	if g := t.globals[section]; g != nil {
		props = mergeGlobals(g, props)
	}
	return props
}

// mergeGlobals applies SAM's Globals rules: maps are merged (the resource wins), lists are
// concatenated, scalars of the resource replace the global's.
func mergeGlobals(g, props map[string]any) map[string]any {
	out := map[string]any{}
	maps.Copy(out, g)
	for k, v := range props {
		gv, ok := out[k]
		switch pv := v.(type) {
		case map[string]any:
			if gm, isMap := gv.(map[string]any); ok && isMap {
				out[k] = mergeGlobals(gm, pv)
				continue
			}
		case []any:
			if gl, isList := gv.([]any); ok && isList {
				out[k] = append(append([]any{}, gl...), pv...)
				continue
			}
		}
		out[k] = v
	}
	return out
}
