package quiz

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

// TestBundledBank checks the content rules every question must follow; a wrong or
// unexplained answer key is the worst bug a quiz can have.
func TestBundledBank(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatalf("bundled bank does not load:\n%v", err)
	}
	if len(b.Questions) < 160 {
		t.Errorf("the bank has %d questions, want at least 160", len(b.Questions))
	}
	for _, c := range b.Counts() {
		if c.Count < 8 {
			t.Errorf("topic %s has %d questions, want at least 8", c.Topic.ID, c.Count)
		}
	}
	labs := map[string]bool{}
	for _, l := range LabIDs() {
		labs[l] = true
	}
	ids := map[string]bool{}
	for _, q := range b.Questions {
		where := q.File + ": " + q.ID
		if ids[q.ID] {
			t.Errorf("%s: duplicate id", where)
		}
		ids[q.ID] = true
		if q.Lab != "" && !labs[q.Lab] {
			t.Errorf("%s: lab %q is not a lab id", where, q.Lab)
		}
		if !IsDomain(q.DomainID()) {
			t.Errorf("%s: no DVA-C02 domain (topic %s)", where, q.Topic)
		}
		if n := len(q.Options); n < 4 || n > 5 {
			t.Errorf("%s: %d options, want 4–5", where, n)
		}
		correct := len(q.Correct())
		switch q.Type {
		case Single:
			if correct != 1 {
				t.Errorf("%s: single with %d correct options", where, correct)
			}
		case Multiple:
			m := choosePattern.FindStringSubmatch(q.Question)
			if correct < 2 || m == nil || chooseNumbers[strings.ToLower(m[1])] != correct {
				t.Errorf("%s: multiple with %d correct options and choose %v", where, correct, m)
			}
		default:
			t.Errorf("%s: type %q", where, q.Type)
		}
		texts := map[string]bool{}
		for i, o := range q.Options {
			if strings.TrimSpace(o.Why) == "" {
				t.Errorf("%s: option %d has no why", where, i+1)
			}
			if texts[o.Text] {
				t.Errorf("%s: option %d repeats another option's text", where, i+1)
			}
			texts[o.Text] = true
		}
		if !strings.HasPrefix(q.Source, "https://docs.aws.amazon.com/") && !strings.HasPrefix(q.Source, "https://aws.amazon.com/") {
			t.Errorf("%s: source %q is not an AWS documentation page", where, q.Source)
		}
		if q.File == "" || q.Line == 0 {
			t.Errorf("%s: no position recorded", where)
		}
	}
}

func TestBankAPI(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	q := b.Questions[0]
	if got, ok := b.Get(q.ID); !ok || got != q {
		t.Errorf("Get(%q) = %v, %v", q.ID, got, ok)
	}
	if _, ok := b.Get("no-such-question"); ok {
		t.Error("Get of an unknown id succeeded")
	}
	total := 0
	for _, c := range b.Counts() {
		got := b.ByTopic(c.Topic.ID)
		if len(got) != c.Count {
			t.Errorf("ByTopic(%s) = %d questions, Counts says %d", c.Topic.ID, len(got), c.Count)
		}
		for _, q := range got {
			if q.Topic != c.Topic.ID {
				t.Errorf("ByTopic(%s) returned %s of topic %s", c.Topic.ID, q.ID, q.Topic)
			}
		}
		total += c.Count
	}
	if total != len(b.Questions) || len(b.ByTopic("")) != total {
		t.Errorf("counts add up to %d, bank has %d", total, len(b.Questions))
	}
	if len(Topics()) != 20 || !IsTopic("throttling") || IsTopic("nope") || TopicTitle("caching") != "Caching" {
		t.Error("topic helpers disagree with the topic list")
	}
}

const goodQuestion = `questions:
  - id: good-one
    topic: throttling
    type: single
    lab: throttling
    source: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
    question: What is the default account burst?
    options:
      - {text: "5,000", correct: true, why: the documented default}
      - {text: "10,000", correct: false, why: that is the rate}
      - {text: "1,000", correct: false, why: no}
      - {text: "29", correct: false, why: seconds of timeout}
    explanation: Token bucket capacity.
    step: 1
`

func TestParseErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"yaml syntax", "questions:\n  - id: [x\n", []string{"bad.yaml:"}},
		{"not a mapping", "- a\n- b\n", []string{"bad.yaml:1: want a mapping"}},
		{"unknown top-level field", "quiz: []\n", []string{"bad.yaml:1: unknown field \"quiz\"", "missing field questions"}},
		{"questions not a list", "questions: 3\n", []string{"bad.yaml:1: questions: want a list"}},
		{"unknown question field",
			strings.Replace(goodQuestion, "    lab: throttling\n", "    lab: throttling\n    hint: x\n", 1),
			[]string{"bad.yaml:6: unknown field \"hint\""}},
		{"bad topic", strings.Replace(goodQuestion, "topic: throttling", "topic: speed", 1),
			[]string{"bad.yaml:3: question good-one: topic: \"speed\" is not a topic"}},
		{"bad lab", strings.Replace(goodQuestion, "lab: throttling", "lab: lab-99", 1),
			[]string{"bad.yaml:5: question good-one: lab: \"lab-99\" is not a lab id"}},
		{"lab without its step", strings.Replace(goodQuestion, "    step: 1\n", "", 1),
			[]string{"question good-one: step: link a lab only with the step that demonstrates the point"}},
		{"step without its lab", strings.Replace(goodQuestion, "    lab: throttling\n", "", 1),
			[]string{"question good-one: step: a step needs its lab"}},
		{"bad domain", strings.Replace(goodQuestion, "    step: 1\n", "    step: 1\n    domain: marketing\n", 1),
			[]string{"question good-one: domain: \"marketing\" is not a DVA-C02 domain"}},
		{"no source", strings.Replace(goodQuestion, "source: https://", "source: ftp://", 1),
			[]string{"bad.yaml:6: question good-one: source:"}},
		{"two correct in single", strings.Replace(goodQuestion, "correct: false, why: that is", "correct: true, why: that is", 1),
			[]string{"bad.yaml:8: question good-one: options: a single-answer question needs exactly one correct option, has 2"}},
		{"multiple without choose", strings.Replace(strings.Replace(goodQuestion, "type: single", "type: multiple", 1), "correct: false, why: that is", "correct: true, why: that is", 1),
			[]string{"bad.yaml:7: question good-one: question: a multiple-answer question must say \"Choose 2.\""}},
		{"choose count mismatch", strings.Replace(strings.Replace(strings.Replace(goodQuestion, "type: single", "type: multiple", 1), "correct: false, why: that is", "correct: true, why: that is", 1), "burst?", "burst? (Choose three.)", 1),
			[]string{"says \"Choose three\" but 2 options are marked correct"}},
		{"multiple with one correct", strings.Replace(strings.Replace(goodQuestion, "type: single", "type: multiple", 1), "burst?", "burst? (Choose two.)", 1),
			[]string{"needs at least two correct options, has 1"}},
		{"missing why", strings.Replace(goodQuestion, ", why: no}", "}", 1),
			[]string{"bad.yaml:11: question good-one: option 3: why is missing"}},
		{"too few options", strings.Replace(goodQuestion, "      - {text: \"29\", correct: false, why: seconds of timeout}\n", "", 1),
			[]string{"want 4 or 5 options, got 3"}},
		{"bad type", strings.Replace(goodQuestion, "type: single", "type: essay", 1),
			[]string{"bad.yaml:4: question good-one: type: \"essay\": want single or multiple"}},
		{"bad id", strings.Replace(goodQuestion, "id: good-one", "id: Good One", 1),
			[]string{"bad.yaml:2: question Good One: id:"}},
		{"wrong field type", strings.Replace(strings.Replace(goodQuestion, "    step: 1\n", "", 1), "type: single", "type: single\n    step: two", 1),
			[]string{"bad.yaml:2: line 5: cannot unmarshal"}},
		{"question not a mapping", "questions:\n  - just text\n", []string{"bad.yaml:2: a question must be a mapping"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.file))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestParseGoodQuestion(t *testing.T) {
	qs, err := Parse("good.yaml", []byte(goodQuestion))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 1 || qs[0].ID != "good-one" || qs[0].Line != 2 || qs[0].File != "good.yaml" || qs[0].Want() != 1 {
		t.Errorf("parsed %+v", qs[0])
	}
}

func TestLoadFSReportsDuplicatesAcrossFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"q/a.yaml":   {Data: []byte(goodQuestion)},
		"q/b.yaml":   {Data: []byte(goodQuestion)},
		"q/notes.md": {Data: []byte("ignored")},
	}
	_, err := LoadFS(fsys, "q")
	if err == nil || !strings.Contains(err.Error(), `q/b.yaml:2: question id "good-one" is already used at q/a.yaml:2`) {
		t.Errorf("err = %v", err)
	}
	if _, err := LoadFS(fsys, "missing"); err == nil {
		t.Error("a missing directory loaded")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodQuestion))
	f.Add([]byte("questions:\n  - options: [~, {text: 1}]\n"))
	f.Add([]byte("questions: [{type: multiple, question: Choose two., options: [{correct: true}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		qs, err := Parse("fuzz.yaml", data)
		for _, q := range qs {
			if err == nil && q.Want() < 1 {
				t.Errorf("accepted a question without a correct option: %+v", q)
			}
		}
	})
}

// TestLabLinks checks the quiz's lab links against the lab content on disk (read as files, so
// the quiz does not depend on the labs package): every lab id is in labs/manifest.yaml and
// every step number exists in its lab.
func TestLabLinks(t *testing.T) {
	data, err := os.ReadFile("../labs/manifest.yaml")
	if err != nil {
		t.Skipf("no lab manifest: %v", err)
	}
	var manifest struct {
		Labs []struct{ ID, File string } `yaml:"labs"`
	}
	if err := yaml.Unmarshal(data, &manifest); err != nil {
		t.Fatalf("labs/manifest.yaml: %v", err)
	}
	files := map[string]string{}
	for _, l := range manifest.Labs {
		files[l.ID] = l.File
		if files[l.ID] == "" {
			files[l.ID] = l.ID + ".yaml"
		}
	}
	for _, id := range LabIDs() {
		if _, ok := files[id]; !ok {
			t.Errorf("lab %s is not in labs/manifest.yaml", id)
		}
	}
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	steps := map[string]int{}
	for _, q := range b.Questions {
		if q.Step == 0 {
			continue
		}
		n, ok := steps[q.Lab]
		if !ok {
			data, err := os.ReadFile(filepath.Join("../labs/content", files[q.Lab]))
			if err != nil {
				steps[q.Lab] = -1 // announced lab without content yet
				continue
			}
			var lab struct {
				Steps []yaml.Node `yaml:"steps"`
			}
			if err := yaml.Unmarshal(data, &lab); err != nil {
				t.Fatalf("lab %s: %v", q.Lab, err)
			}
			n = len(lab.Steps)
			steps[q.Lab] = n
		}
		if n >= 0 && q.Step > n {
			t.Errorf("%s: step %d of lab %s, which has %d steps", q.ID, q.Step, q.Lab, n)
		}
	}
}
