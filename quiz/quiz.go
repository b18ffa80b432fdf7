// Package quiz holds apigwlab's certification-style question bank about Amazon API Gateway
// (AWS Certified Developer and Solutions Architect – Associate level) and what it takes to
// run a quiz on it: loading and checking the bank, drawing an exam, presenting questions
// with shuffled options, scoring answers and a per-topic breakdown.
//
// The CLI (`apigwlab quiz`) is one client; a TUI quiz screen can use the same API:
// Load (or Parse), Bank.ByTopic, NewExam / NewPractice, Presented.Parse, Score.
package quiz

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed questions/*.yaml
var bundled embed.FS

// Question types.
const (
	Single   = "single"   // exactly one correct option
	Multiple = "multiple" // two or more correct options; the question says "Choose N."
)

// Topic is one area of the bank; every question has exactly one primary topic.
type Topic struct {
	ID    string
	Title string
}

// topics is the bank's topic list in curriculum order (the order of tables and breakdowns).
var topics = []Topic{
	{"mock-integrations", "MOCK integrations"},
	{"lambda-proxy", "Lambda proxy integration"},
	{"non-proxy-mapping", "Non-proxy integrations and mapping"},
	{"vtl", "VTL mapping templates"},
	{"request-validation", "Request validation and models"},
	{"stages-variables", "Stages and stage variables"},
	{"deployments-canary", "Deployments and canary releases"},
	{"throttling", "Throttling"},
	{"api-keys-usage-plans", "API keys and usage plans"},
	{"caching", "Caching"},
	{"lambda-authorizers", "Lambda authorizers"},
	{"cognito", "Cognito user pools"},
	{"iam-resource-policies", "IAM auth and resource policies"},
	{"cors", "CORS"},
	{"timeouts-observability", "Timeouts and observability"},
	{"http-websocket-apis", "HTTP and WebSocket APIs"},
	{"deployment-tooling", "SAM, CloudFormation, OpenAPI, SDKs"},
	{"endpoints-networking", "Endpoints, domains, private networks"},
	{"service-integrations", "Service integrations and payloads"},
	{"gateway-responses", "Gateway responses"},
}

// Domain is a domain of the AWS Certified Developer – Associate exam (DVA-C02) with its
// weight, the share of scored questions it has on the exam.
type Domain struct {
	ID     string
	Title  string
	Weight float64
}

// domains are DVA-C02's four content domains and their weights (exam guide, DVA-C02:
// Development with AWS Services 32%, Security 26%, Deployment 24%, Troubleshooting and
// Optimization 18%; https://docs.aws.amazon.com/aws-certification/latest/developer-associate-02/developer-associate-02.html).
var domains = []Domain{
	{"development", "Development with AWS Services", 0.32},
	{"security", "Security", 0.26},
	{"deployment", "Deployment", 0.24},
	{"troubleshooting", "Troubleshooting and Optimization", 0.18},
}

// topicDomains is the domain a question of each topic counts for unless it names another.
var topicDomains = map[string]string{
	"mock-integrations":      "development",
	"lambda-proxy":           "development",
	"non-proxy-mapping":      "development",
	"vtl":                    "development",
	"request-validation":     "development",
	"stages-variables":       "deployment",
	"deployments-canary":     "deployment",
	"throttling":             "troubleshooting",
	"api-keys-usage-plans":   "development",
	"caching":                "troubleshooting",
	"lambda-authorizers":     "security",
	"cognito":                "security",
	"iam-resource-policies":  "security",
	"cors":                   "development",
	"timeouts-observability": "troubleshooting",
	"http-websocket-apis":    "development",
	"deployment-tooling":     "deployment",
	"endpoints-networking":   "security",
	"service-integrations":   "development",
	"gateway-responses":      "development",
}

// Domains returns DVA-C02's domains in exam-guide order.
func Domains() []Domain { return append([]Domain(nil), domains...) }

// IsDomain reports whether id is a domain id.
func IsDomain(id string) bool {
	for _, d := range domains {
		if d.ID == id {
			return true
		}
	}
	return false
}

// DomainTitle returns a domain's title, or the id itself for an unknown one.
func DomainTitle(id string) string {
	for _, d := range domains {
		if d.ID == id {
			return d.Title
		}
	}
	return id
}

// labIDs are the guided labs a question may point to (labs/manifest.yaml keeps them stable).
var labIDs = []string{
	"first-rest-api-mock", "lambda-proxy-502", "non-proxy-mapping", "vtl-workshop",
	"request-validation", "stages-variables-aliases", "deployments-canary", "throttling",
	"api-keys-usage-plans", "caching", "lambda-authorizers", "cognito-scopes",
	"iam-resource-policies", "cors", "timeouts-observability", "http-integrations", "redeploy-trap", "openapi-import", "cfn-redeploy-trap", "lambda-permissions",
	"request-authorizers", "binary-payloads", "private-apis",
	"http-api-jwt-cors", "migrate-rest-to-http", "websocket-chat", "websocket-push",
}

// Topics returns the topics in curriculum order.
func Topics() []Topic { return append([]Topic(nil), topics...) }

// TopicTitle returns a topic's title, or the id itself for an unknown topic.
func TopicTitle(id string) string {
	for _, t := range topics {
		if t.ID == id {
			return t.Title
		}
	}
	return id
}

// IsTopic reports whether id is a topic of the bank.
func IsTopic(id string) bool {
	for _, t := range topics {
		if t.ID == id {
			return true
		}
	}
	return false
}

// LabIDs returns the ids of the labs questions may link to.
func LabIDs() []string { return append([]string(nil), labIDs...) }

// Question is one certification-style question.
type Question struct {
	ID       string    `yaml:"id"`
	Topic    string    `yaml:"topic"`
	Type     string    `yaml:"type"`
	Question string    `yaml:"question"` // markdown
	Options  []*Option `yaml:"options"`  // in file order; shuffled only when presented
	// Explanation is the why of the answer as a whole.
	Explanation string `yaml:"explanation"`
	// Source is the AWS documentation page the answer rests on.
	Source string `yaml:"source"`
	// Lab is the id of the guided lab whose step demonstrates the point, Step that step;
	// both empty when no lab step shows it (the question then points to its source only).
	Lab  string `yaml:"lab"`
	Step int    `yaml:"step"`
	// Domain is the DVA-C02 domain the question counts for; empty means its topic's.
	Domain string `yaml:"domain"`
	// File and Line say where the question is written (for errors and authors).
	File string `yaml:"-"`
	Line int    `yaml:"-"`
}

// Option is one answer option.
type Option struct {
	Text    string `yaml:"text"`
	Correct bool   `yaml:"correct"`
	Why     string `yaml:"why"` // why this option is right or wrong
}

// DomainID is the DVA-C02 domain the question counts for.
func (q *Question) DomainID() string {
	if q.Domain != "" {
		return q.Domain
	}
	return topicDomains[q.Topic]
}

// Correct returns the indexes (in file order) of the correct options.
func (q *Question) Correct() []int {
	var out []int
	for i, o := range q.Options {
		if o.Correct {
			out = append(out, i)
		}
	}
	return out
}

// Want is how many options the answer has: 1 for single, the number of correct ones otherwise.
func (q *Question) Want() int { return len(q.Correct()) }

// IsRight reports whether chosen (option indexes in file order) is exactly the correct set.
func (q *Question) IsRight(chosen []int) bool {
	correct := q.Correct()
	if len(chosen) != len(correct) {
		return false
	}
	seen := make(map[int]bool, len(chosen))
	for _, c := range chosen {
		if c < 0 || c >= len(q.Options) || !q.Options[c].Correct || seen[c] {
			return false
		}
		seen[c] = true
	}
	return true
}

// Bank is a loaded, checked question bank.
type Bank struct {
	Questions []*Question // by file name, then file order
	byID      map[string]*Question
}

// Get returns the question with this id.
func (b *Bank) Get(id string) (*Question, bool) {
	q, ok := b.byID[id]
	return q, ok
}

// ByTopic returns the questions of one topic ("" means all), in bank order.
func (b *Bank) ByTopic(topic string) []*Question {
	if topic == "" {
		return append([]*Question(nil), b.Questions...)
	}
	var out []*Question
	for _, q := range b.Questions {
		if q.Topic == topic {
			out = append(out, q)
		}
	}
	return out
}

// TopicCount is how many questions one topic has.
type TopicCount struct {
	Topic Topic
	Count int
}

// Counts returns the number of questions per topic, in topic order.
func (b *Bank) Counts() []TopicCount {
	n := map[string]int{}
	for _, q := range b.Questions {
		n[q.Topic]++
	}
	out := make([]TopicCount, 0, len(topics))
	for _, t := range topics {
		out = append(out, TopicCount{t, n[t.ID]})
	}
	return out
}

// Load reads the bundled question bank.
func Load() (*Bank, error) {
	return LoadFS(bundled, "questions")
}

// LoadFS reads every *.yaml file of dir in fsys (sorted by name) as one bank and checks it.
func LoadFS(fsys fs.FS, dir string) (*Bank, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read question directory %s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			files = append(files, e.Name())
		}
	}
	sort.Strings(files)
	var all []*Question
	var errs []error
	for _, f := range files {
		name := path.Join(dir, f)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		qs, err := Parse(name, data)
		if err != nil {
			errs = append(errs, err)
		}
		all = append(all, qs...)
	}
	b := &Bank{Questions: all, byID: make(map[string]*Question, len(all))}
	for _, q := range all {
		if prev, dup := b.byID[q.ID]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: question id %q is already used at %s:%d", q.File, q.Line, q.ID, prev.File, prev.Line))
			continue
		}
		b.byID[q.ID] = q
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return b, nil
}

// Parse reads one question file. Every problem is reported as file:line: what is wrong; the
// questions that are valid are returned with the error.
func Parse(name string, data []byte) ([]*Question, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty file: want a mapping with a questions list", name)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping with a questions list", name, root.Line)
	}
	var list *yaml.Node
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "questions":
			list = v
		default:
			errs = append(errs, fmt.Errorf("%s:%d: unknown field %q (want questions)", name, k.Line, k.Value))
		}
	}
	if list == nil {
		return nil, errors.Join(append(errs, fmt.Errorf("%s:%d: missing field questions", name, root.Line))...)
	}
	if list.Kind != yaml.SequenceNode {
		return nil, errors.Join(append(errs, fmt.Errorf("%s:%d: questions: want a list", name, list.Line))...)
	}
	var out []*Question
	for _, n := range list.Content {
		q, qerrs := parseQuestion(name, n)
		errs = append(errs, qerrs...)
		if len(qerrs) == 0 {
			out = append(out, q)
		}
	}
	return out, errors.Join(errs...)
}

var (
	questionFields = map[string]bool{"id": true, "topic": true, "type": true, "question": true, "options": true, "explanation": true, "source": true, "lab": true, "step": true, "domain": true}
	optionFields   = map[string]bool{"text": true, "correct": true, "why": true}
	idPattern      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// choosePattern finds "Choose two." in a multiple-answer question.
	choosePattern = regexp.MustCompile(`(?i)\bchoose (two|three|four|2|3|4)\b`)
	chooseNumbers = map[string]int{"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
)

// parseQuestion decodes and checks one question node.
func parseQuestion(file string, n *yaml.Node) (*Question, []error) {
	at := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, args...))
	}
	if n.Kind != yaml.MappingNode {
		return nil, []error{at(n.Line, "a question must be a mapping")}
	}
	var errs []error
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		lines[k.Value] = k.Line
		if !questionFields[k.Value] {
			errs = append(errs, at(k.Line, "unknown field %q", k.Value))
		}
	}
	q := &Question{}
	if err := n.Decode(q); err != nil {
		return nil, append(errs, at(n.Line, "%v", yamlErr(err)))
	}
	q.File, q.Line = file, n.Line
	line := func(field string) int {
		if l, ok := lines[field]; ok {
			return l
		}
		return n.Line
	}
	name := q.ID
	if name == "" {
		name = "(no id)"
	}
	bad := func(field, format string, args ...any) {
		errs = append(errs, at(line(field), "question %s: %s: %s", name, field, fmt.Sprintf(format, args...)))
	}
	switch {
	case q.ID == "":
		bad("id", "missing")
	case !idPattern.MatchString(q.ID):
		bad("id", "%q: use lowercase words joined by '-'", q.ID)
	}
	if !IsTopic(q.Topic) {
		bad("topic", "%q is not a topic (one of %s)", q.Topic, topicList())
	}
	if strings.TrimSpace(q.Question) == "" {
		bad("question", "missing")
	}
	if strings.TrimSpace(q.Explanation) == "" {
		bad("explanation", "missing")
	}
	if !strings.HasPrefix(q.Source, "https://") {
		bad("source", "want the https:// address of the AWS documentation page, got %q", q.Source)
	}
	switch {
	case q.Lab == "" && q.Step != 0:
		bad("step", "a step needs its lab: name the lab whose step shows the point")
	case q.Lab != "" && !isLab(q.Lab):
		bad("lab", "%q is not a lab id (one of %s)", q.Lab, strings.Join(labIDs, ", "))
	case q.Lab != "" && q.Step <= 0:
		bad("step", "link a lab only with the step that demonstrates the point (step: N), or leave lab out")
	}
	if q.Domain != "" && !IsDomain(q.Domain) {
		bad("domain", "%q is not a DVA-C02 domain (development, security, deployment, troubleshooting)", q.Domain)
	}
	if len(q.Options) < 4 || len(q.Options) > 5 {
		bad("options", "want 4 or 5 options, got %d", len(q.Options))
	}
	optNodes := fieldNode(n, "options")
	for i, o := range q.Options {
		ol := line("options")
		if optNodes != nil && i < len(optNodes.Content) {
			on := optNodes.Content[i]
			ol = on.Line
			for j := 0; j+1 < len(on.Content); j += 2 {
				if k := on.Content[j]; !optionFields[k.Value] {
					errs = append(errs, at(k.Line, "question %s: option %d: unknown field %q", name, i+1, k.Value))
				}
			}
		}
		if o == nil {
			errs = append(errs, at(ol, "question %s: option %d is empty", name, i+1))
			continue
		}
		if strings.TrimSpace(o.Text) == "" {
			errs = append(errs, at(ol, "question %s: option %d: text is missing", name, i+1))
		}
		if strings.TrimSpace(o.Why) == "" {
			errs = append(errs, at(ol, "question %s: option %d: why is missing (explain every option)", name, i+1))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	correct := len(q.Correct())
	choose := choosePattern.FindStringSubmatch(q.Question)
	switch q.Type {
	case Single:
		if correct != 1 {
			bad("options", "a single-answer question needs exactly one correct option, has %d", correct)
		}
		if choose != nil {
			bad("question", "says %q but the type is single", choose[0])
		}
	case Multiple:
		switch {
		case correct < 2:
			bad("options", "a multiple-answer question needs at least two correct options, has %d", correct)
		case correct >= len(q.Options):
			bad("options", "every option is correct: leave at least one wrong option")
		case choose == nil:
			bad("question", `a multiple-answer question must say "Choose %d." (in words: Choose two.)`, correct)
		case chooseNumbers[strings.ToLower(choose[1])] != correct:
			bad("question", "says %q but %d options are marked correct", choose[0], correct)
		}
	default:
		bad("type", "%q: want single or multiple", q.Type)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return q, nil
}

func fieldNode(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// yamlErr drops yaml.v3's "yaml: unmarshal errors:" preamble; the line is already in front.
func yamlErr(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return strings.Join(te.Errors, "; ")
	}
	return err.Error()
}

func isLab(id string) bool {
	for _, l := range labIDs {
		if l == id {
			return true
		}
	}
	return false
}

func topicList() string {
	ids := make([]string, len(topics))
	for i, t := range topics {
		ids[i] = t.ID
	}
	return strings.Join(ids, ", ")
}
