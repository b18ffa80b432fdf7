package model

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Encode writes a workspace back as workspace YAML (docs/workspace.md), the inverse of Parse:
// Parse(Encode(w)) holds the same APIs, functions, plans and keys as w. It is how
// `apigwlab export --format workspace` and `serve --state` keep what control-plane clients
// changed. The encoder walks the same yaml tags the decoder reads (infoOf), so a field added
// to the model is written without changes here.
//
// What the model holds but the format cannot say is returned in notes (and written as
// comments at the top of the file), never dropped silently: see Lost.
func Encode(w *Workspace) ([]byte, []string) {
	e := &encoder{}
	root := e.workspace(w)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if len(e.notes) > 0 {
		root.HeadComment = "Not written back (the workspace format cannot say it):\n- " + strings.Join(e.notes, "\n- ")
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	if err := enc.Encode(doc); err != nil {
		// Only a programming error (a type the walk cannot write) gets here; say so in the
		// file rather than panic.
		return []byte("# apigwlab: cannot encode the workspace: " + err.Error() + "\n"), append(e.notes, err.Error())
	}
	_ = enc.Close()
	return buf.Bytes(), e.notes
}

type encoder struct {
	notes []string
}

func (e *encoder) note(format string, args ...any) {
	e.notes = append(e.notes, fmt.Sprintf(format, args...))
}

// workspace writes the top level. Template imports and OpenAPI files were merged into the
// model when it was loaded: their content is written in place, so the files are not named
// again (naming them would import the same APIs twice).
func (e *encoder) workspace(w *Workspace) *yaml.Node {
	cp := *w
	for _, ti := range w.Imports {
		if ti != nil {
			e.note("import: %s was merged in: its APIs, functions, plans and keys are written out here", ti.Template)
		}
	}
	cp.Imports = nil
	cp.RestAPIs = make([]*RestAPI, 0, len(w.RestAPIs))
	for _, a := range w.RestAPIs {
		if a != nil {
			cp.RestAPIs = append(cp.RestAPIs, e.restAPI(a))
		}
	}
	cp.HTTPAPIs, cp.WebSocketAPIs = e.v2APIs(w.HTTPAPIs), e.v2APIs(w.WebSocketAPIs)
	if len(w.RestAPIs) == 0 {
		cp.RestAPIs = w.RestAPIs
	}
	if cp.APIVersion == "" {
		cp.APIVersion = APIVersion
	}
	return e.value(reflect.ValueOf(&cp).Elem())
}

// restAPI is a copy of a ready to write: openapi: files replaced by the resources they gave,
// and the deployments the engine made (a stage's first one, create-deployment's) written as
// frozen snapshots with their resources, so each stage keeps serving what it served.
func (e *encoder) restAPI(a *RestAPI) *RestAPI {
	cp := *a
	cp.OpenAPI = ""
	cp.Deployments = nil
	cp.Stages = nil
	first := a.firstDeploymentUnchanged()
	for _, d := range a.Deployments {
		if d == nil {
			continue
		}
		if first && d.ID == a.FirstDeployment {
			continue // stages naming no deployment serve the API as written, as before
		}
		dc := *d
		dc.OpenAPI = ""
		if d.Frozen && len(d.Resources) == 0 && len(a.Resources) > 0 {
			e.note("%s: deployment %s has no resources; the format reads a deployment without resources as a snapshot of the API's current ones", a.Name, d.ID)
		}
		if d.Defs != nil && !SameDefinitions(d.Defs, a) {
			e.note("%s: deployment %s froze authorizers, models, validators or gateway responses that differ from the API's current ones; on load it serves the current ones", a.Name, d.ID)
		}
		cp.Deployments = append(cp.Deployments, &dc)
	}
	for _, s := range a.Stages {
		if s == nil {
			continue
		}
		sc := *s
		if sc.DeploymentID == "" && !first && a.FirstDeployment != "" {
			sc.DeploymentID = a.FirstDeployment
		}
		cp.Stages = append(cp.Stages, &sc)
	}
	if a.OpenAPI != "" {
		e.note("%s: openapi: %s was merged in: its resources are written out here", a.Name, a.OpenAPI)
	}
	return &cp
}

func (e *encoder) v2APIs(list []*V2API) []*V2API {
	if list == nil {
		return nil
	}
	out := make([]*V2API, 0, len(list))
	for _, a := range list {
		if a != nil {
			out = append(out, e.v2API(a))
		}
	}
	return out
}

// v2API is a copy of an HTTP or WebSocket API ready to write: a stage that serves a
// deployment other than the API's current definition names it (deploymentId), and that
// deployment is written with its frozen definition, so a change not deployed before a
// restart still waits for create-deployment after it. A stage serving the current
// definition (every autoDeploy stage) names none, as in a file written by hand. Other
// deployments (the history get-deployments lists) are not written.
func (e *encoder) v2API(a *V2API) *V2API {
	cp := *a
	cp.Deployments, cp.Stages = nil, nil
	written := map[string]bool{}
	for _, s := range a.Stages {
		if s == nil {
			continue
		}
		sc := *s
		sc.DeploymentID = ""
		d := a.StageDeployment(s)
		switch {
		case !a.Deployed || s.AutoDeploy:
		case d == nil:
			e.note("%s: stage %s serves no deployment (made without one); on load it serves the API's current definition", a.Name, s.StageName)
		case d.V2 == nil || SameV2Definition(d.V2, a):
		default:
			sc.DeploymentID = d.ID
			if !written[d.ID] {
				written[d.ID] = true
				c := CloneV2Definition(d.V2)
				def := &V2API{Routes: c.Routes, Integrations: c.Integrations, Authorizers: c.Authorizers,
					CorsConfiguration: c.CorsConfiguration, Models: c.Models}
				cp.Deployments = append(cp.Deployments, &Deployment{ID: d.ID, Description: d.Description, AutoDeployed: d.AutoDeployed, V2: def})
			}
		}
		cp.Stages = append(cp.Stages, &sc)
	}
	return &cp
}

// firstDeploymentUnchanged reports whether the deployment the engine made at load (served by
// the stages that name none) still equals the API's current definition, or does not exist:
// then the stages can go on naming none.
func (a *RestAPI) firstDeploymentUnchanged() bool {
	if a.FirstDeployment == "" {
		return true
	}
	for _, d := range a.Deployments {
		if d != nil && d.ID == a.FirstDeployment {
			if !SameResources(d.Resources, a.Resources) || d.Defs != nil && !SameDefinitions(d.Defs, a) {
				return false
			}
		}
	}
	for _, s := range a.Stages {
		// a stage pointed at it by id (update-stage) keeps pointing at it
		if s != nil && s.DeploymentID == a.FirstDeployment {
			return false
		}
	}
	return true
}

// value writes v, or returns nil when v is its zero value and the decoder would read the
// absent field the same way. Nil slices and maps are left out; empty ones are written ([] or
// {}), since some fields mean something when present but empty (permissions: []).
func (e *encoder) value(v reflect.Value) *yaml.Node {
	switch v.Type() {
	case durationType:
		if v.Int() == 0 {
			return nil
		}
		return str(time.Duration(v.Int()).String())
	case latencyPtrType:
		if v.IsNil() {
			return nil
		}
		return latencyNode(v.Interface().(*Latency))
	case aliasPtrType:
		if v.IsNil() {
			return nil
		}
		a := v.Interface().(*AliasTarget)
		if a.Weights == nil {
			return str(a.Version)
		}
		m := mapping()
		for _, k := range slices.Sorted(maps.Keys(a.Weights)) {
			m.Content = append(m.Content, str(k), number(a.Weights[k]))
		}
		return m
	case resourcesType:
		if v.IsNil() {
			return nil
		}
		return e.resources(v.Interface().([]*Resource))
	case anyType:
		if v.IsNil() {
			return nil
		}
		n := &yaml.Node{}
		if err := n.Encode(v.Interface()); err != nil {
			e.note("a value could not be written: %v", err)
			return nil
		}
		return n
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		if v.Elem().Kind() == reflect.Struct {
			n := e.structNode(v.Elem())
			if n == nil {
				n = mapping()
			}
			return n
		}
		return e.scalar(v.Elem(), true)
	case reflect.Struct:
		return e.structNode(v)
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i := range v.Len() {
			item := e.value(v.Index(i))
			if item == nil {
				item = e.emptyOf(v.Index(i))
			}
			n.Content = append(n.Content, item)
		}
		if len(n.Content) == 0 {
			n.Style = yaml.FlowStyle
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		n := mapping()
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys)
		for _, k := range keys {
			ev := v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key()))
			item := e.value(ev)
			if item == nil {
				item = e.emptyOf(ev)
			}
			n.Content = append(n.Content, str(k), item)
		}
		if len(n.Content) == 0 {
			n.Style = yaml.FlowStyle
		}
		return n
	}
	return e.scalar(v, false)
}

// emptyOf is how a zero entry of a list or map is written: "" for a string ({a: ""}
// decodes to the same), {} for a struct, false/0 for the rest.
func (e *encoder) emptyOf(v reflect.Value) *yaml.Node {
	switch v.Kind() {
	case reflect.Pointer, reflect.Struct:
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
		}
		return mapping()
	case reflect.Slice:
		return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	case reflect.Map:
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
	}
	return e.scalar(v, true)
}

// scalar writes a string, bool or number; zero values are left out unless keep (a pointer's
// target: *int 0 is not the same as absent).
func (e *encoder) scalar(v reflect.Value, keep bool) *yaml.Node {
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" && !keep {
			return nil
		}
		return str(v.String())
	case reflect.Bool:
		if !v.Bool() && !keep {
			return nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v.Bool())}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if v.Int() == 0 && !keep {
			return nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v.Int(), 10)}
	case reflect.Float64, reflect.Float32:
		if v.Float() == 0 && !keep {
			return nil
		}
		return number(v.Float())
	}
	e.note("a %s value could not be written", v.Type())
	return nil
}

// structNode writes a struct's fields in declaration order (the order docs/workspace.md
// lists them); nil when every field is left out.
func (e *encoder) structNode(v reflect.Value) *yaml.Node {
	si := infoOf(v.Type())
	n := mapping()
	for _, f := range si.fields {
		item := e.value(v.FieldByIndex(f.index))
		if item != nil {
			n.Content = append(n.Content, str(f.name), item)
		}
	}
	if len(n.Content) == 0 {
		return nil
	}
	return n
}

// resources writes `path: {VERB: method}` in model order; a resource without methods is
// `path:` (null), which the decoder reads back as the same empty resource.
func (e *encoder) resources(rs []*Resource) *yaml.Node {
	n := mapping()
	for _, r := range rs {
		if r == nil {
			continue
		}
		var methods *yaml.Node
		if len(r.Methods) > 0 {
			methods = mapping()
			for _, m := range r.Methods {
				if m == nil {
					continue
				}
				mn := e.structNode(reflect.ValueOf(m).Elem())
				if mn == nil {
					mn = mapping()
				}
				methods.Content = append(methods.Content, str(m.HTTPMethod), mn)
			}
		} else {
			methods = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: ""}
		}
		n.Content = append(n.Content, str(r.Path), methods)
	}
	if len(n.Content) == 0 {
		n.Style = yaml.FlowStyle
	}
	return n
}

func latencyNode(l *Latency) *yaml.Node {
	if l.Measured {
		return str("measured")
	}
	if l.P50 == 0 && l.P99 == 0 {
		return str(l.Fixed.String())
	}
	m := mapping()
	for _, kv := range []struct {
		k string
		d time.Duration
	}{{"p50", l.P50}, {"p99", l.P99}, {"fixed", l.Fixed}} {
		if kv.d != 0 {
			m.Content = append(m.Content, str(kv.k), str(kv.d.String()))
		}
	}
	return m
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

// str is a string scalar: the emitter quotes it when plain text would read as another type
// ("200", "true"), and writes multi-line text as a literal block.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func number(f float64) *yaml.Node {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatFloat(f, 'f', -1, 64)}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(f, 'g', -1, 64)}
}
