package model

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// roundTrip parses file, encodes it, parses that again and requires the same model, and a
// second encoding byte-identical to the first.
func roundTrip(t *testing.T, file string) (first []byte) {
	t.Helper()
	w, err := Load(file)
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	out, _ := Encode(w)
	// Written beside the original, so relative paths (code handlers) still resolve.
	back := filepath.Join(filepath.Dir(file), ".roundtrip-"+filepath.Base(file))
	w2, err := Parse(back, out)
	if err != nil {
		t.Fatalf("%s: the export does not load back: %v\n%s", file, err, out)
	}
	if a, b := comparable(w), comparable(w2); !reflect.DeepEqual(a, b) {
		t.Fatalf("%s: load → export → load changed the model\nexport:\n%s", file, out)
	}
	again, _ := Encode(w2)
	if withoutNotes(again) != withoutNotes(out) {
		t.Fatalf("%s: a second export differs from the first\nfirst:\n%s\nsecond:\n%s", file, out, again)
	}
	return out
}

// withoutNotes drops the leading comment lines (the notes say what the first load merged in
// from other files, which the second has in place).
func withoutNotes(b []byte) string {
	s := string(b)
	for strings.HasPrefix(s, "#") {
		_, s, _ = strings.Cut(s, "\n")
	}
	return s
}

// comparable is w without where things were written and what was merged in from other files
// (import:, openapi:), which the export writes in place.
func comparable(w *Workspace) *Workspace {
	w.Source, w.ImportReport, w.Imports = "", nil, nil
	w.APIVersion = APIVersion // the export always names it
	for _, a := range w.RestAPIs {
		a.OpenAPI = ""
		for _, d := range a.Deployments {
			d.OpenAPI = ""
		}
	}
	clearPos(reflect.ValueOf(w))
	return w
}

func clearPos(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clearPos(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == posType {
			if v.CanSet() {
				v.Set(reflect.Zero(posType))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				clearPos(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			clearPos(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := v.MapIndex(k)
			if e.Kind() == reflect.Pointer && !e.IsNil() {
				clearPos(e)
			}
		}
	}
}

func TestEncodeRoundTripsFiles(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../examples/*.yaml", "../../examples/code/*.yaml", "testdata/*.yaml", "../testdata/*.yaml", "../../server/testdata/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	n := 0
	for _, f := range files {
		if _, err := Load(f); err != nil {
			continue // deliberately broken test inputs
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) { roundTrip(t, f) })
	}
	if n < 8 {
		t.Fatalf("only %d workspaces found to round-trip", n)
	}
}

func TestEncodeWritesWhatFieldsNeed(t *testing.T) {
	src := `apiVersion: apigwlab/v1
restApis:
  - name: shop
    resources:
      /empty:
      /items/{id}:
        GET:
          requestParameters: {method.request.path.id: true}
          integration:
            type: MOCK
            requestTemplates: {application/json: '{"statusCode": 200}'}
            integrationResponses:
              - statusCode: "200"
                responseTemplates:
                  application/json: |
                    {"id": "$input.params('id')",
                     "ok": true}
    stages:
      - stageName: dev
        variables: {flag: "true", n: "7"}
functions:
  - functionName: f
    latency: {p50: 20ms, p99: 1.5s}
    timeout: 3s
    reservedConcurrency: 0
    permissions: []
    returns: {statusCode: 200, body: "7", n: 2.5}
    aliases: {live: "1", split: {"1": 0.9, "2": 0.1}}
    versions:
      - version: "1"
      - version: "2"
`
	w, err := Parse("enc.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out, notes := Encode(w)
	if len(notes) != 0 {
		t.Errorf("notes %q, want none", notes)
	}
	for _, want := range []string{
		"      /empty:\n",
		"reservedConcurrency: 0\n",
		"permissions: []\n",
		`flag: "true"`,
		`statusCode: "200"`,
		"p50: 20ms",
		"timeout: 3s",
		"application/json: |\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	w2, err := Parse("enc2.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(comparable(w), comparable(w2)) {
		t.Fatalf("round trip changed the model:\n%s", out)
	}
}

// TestEncodeNotesWhatItCannotWrite: a deployment whose frozen definitions differ from the
// API's current ones is listed in a comment at the top, not dropped silently.
func TestEncodeNotesWhatItCannotWrite(t *testing.T) {
	w, err := Parse("n.yaml", []byte(`restApis:
  - name: a
    models: {M: {schema: {type: object}}}
    resources: {/: {GET: {integration: {type: MOCK}}}}
    deployments: [{id: d1}]
    stages: [{stageName: s, deploymentId: d1}]
`))
	if err != nil {
		t.Fatal(err)
	}
	w.RestAPIs[0].Deployments[0].Defs = &Definitions{} // froze no model; the API has one now
	out, notes := Encode(w)
	if len(notes) != 1 || !strings.Contains(notes[0], "deployment d1 froze") {
		t.Fatalf("notes %q", notes)
	}
	if !strings.HasPrefix(string(out), "# Not written back") {
		t.Fatalf("the notes are not at the top:\n%s", out)
	}
	if _, err := Parse("n2.yaml", out); err != nil {
		t.Fatal(err)
	}
}
