// Package router holds the resource tree of one REST API (API Gateway v1)
// deployment and selects the resource and method a request goes to, the way
// API Gateway does.
//
// Each rule below carries its evidence next to the code that implements it.
// Where the evidence is a recording against real AWS (LocalStack snapshot
// files, or measurements published by other emulators) that is said; where
// it is only another emulator's choice, that is said too.
package router

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Method slots. ANY is kept apart from the seven concrete verbs so that an
// explicitly declared verb can be preferred over it.
const (
	mGET = iota
	mPOST
	mPUT
	mDELETE
	mPATCH
	mHEAD
	mOPTIONS
	mANY
	nMethods
)

var methodNames = [nMethods]string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"}

// declaredMethod maps a method given to Add to its slot, or -1.
// The accepted set is PutMethod's: "Invalid HttpMethod specified. Valid options
// are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY" (LocalStack
// localstack-core/localstack/services/apigateway/provider.py, put_method).
func declaredMethod(m string) int {
	switch m {
	case "ANY":
		return mANY
	default:
		return requestMethod(m)
	}
}

// requestMethod maps a request's method to its slot, or -1 for a verb no
// method can declare (TRACE, CONNECT, lower-case "get", or "ANY" itself).
// ANY stands for exactly these seven verbs: LocalStack's ApiGatewayMethodRule
// (next_gen/execute_api/handlers/resource_router.py, PR #11129) expands ANY to
// DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT and nothing else.
func requestMethod(m string) int {
	switch m {
	case "GET":
		return mGET
	case "POST":
		return mPOST
	case "PUT":
		return mPUT
	case "DELETE":
		return mDELETE
	case "PATCH":
		return mPATCH
	case "HEAD":
		return mHEAD
	case "OPTIONS":
		return mOPTIONS
	}
	return -1
}

// AWS error texts, verbatim where AWS has one.
const (
	// LocalStack provider.py put_method; same text in other emulators.
	msgInvalidMethod = "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
	// ConflictException seen from real AWS in CloudFormation/serverless logs
	// ("Method already exists for this resource (Service: AmazonApiGateway;
	// Status Code: 409; Error Code: ConflictException ...)").
	msgMethodExists = "Method already exists for this resource"
	// CreateResource's BadRequestException. The older text ("only allow
	// a-zA-Z0-9._- and curly braces at the beginning and the end", claudiajs/claudia
	// #11 from 2016, moto) gained ':' when AWS started accepting colons
	// (aws/aws-cdk #22477); the current wording is quoted the same way by two
	// unrelated projects; AWS's exact ending may differ.
	msgInvalidPart = "Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces at the beginning and the end."
	// LocalStack provider.py create_resource; the sibling text is also the one
	// users quote from real CloudFormation failures (e.g. "A sibling ({id}) of
	// this resource already has a variable path part -- only one is allowed").
	msgGreedyParent = "Cannot create a child of a resource with a greedy path variable: "
	msgSiblingPre   = "A sibling ("
	msgSiblingPost  = ") of this resource already has a variable path part -- only one is allowed"
)

// Tree is an immutable-after-build resource tree for one deployment of a REST API.
//
// Add is not safe for concurrent use; once building is done, Lookup and
// Resources may be called from any number of goroutines.
type Tree[T any] struct {
	root *node[T]
}

// node is one API Gateway resource. Every node is a resource, including the
// intermediate ones Add creates implicitly, as CreateResource would have had to.
type node[T any] struct {
	path   string // resource template, e.g. "/pets/{petId}"
	part   string // last path part as declared: "pets", "{petId}", "{proxy+}"; "" for the root
	greedy bool   // part is "{name+}"

	lits     []*node[T]          // literal children
	litIndex map[string]*node[T] // lits by part, once there are enough of them to beat a scan
	vchild   *node[T]            // the one variable child, {name} or {name+}

	has  [nMethods]bool
	vals [nMethods]T

	params []paramSpec // variable parts of path, in path order
}

// paramSpec says which segment of a matching request holds a path parameter.
type paramSpec struct {
	seg    int
	name   string
	greedy bool
}

const litIndexMin = 8 // below this, comparing a few strings beats hashing the segment

// New returns an empty tree holding only the root resource "/".
func New[T any]() *Tree[T] {
	return &Tree[T]{root: &node[T]{path: "/"}}
}

// Add registers method (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS or ANY) on resourcePath.
//
// resourcePath is an API Gateway resource path such as "/", "/pets",
// "/pets/{petId}" or "/files/{proxy+}"; missing intermediate resources are
// created. On error the tree is left unchanged. Errors are checked in the
// order API Gateway would meet them: each path part as CreateResource would
// create it, then the method as PutMethod would put it.
func (t *Tree[T]) Add(resourcePath, method string, v T) error {
	if t.root == nil {
		t.root = &node[T]{path: "/"}
	}
	parts, err := splitResourcePath(resourcePath)
	if err != nil {
		return err
	}

	// Validate everything before touching the tree, so a failed Add leaves no
	// half-built branch behind.
	n := t.root
	for i, part := range parts {
		if i > 0 && isGreedy(parts[i-1]) {
			// The greedy parent is checked before the child's own syntax, as
			// LocalStack's create_resource does.
			return errors.New(msgGreedyParent + parts[i-1])
		}
		if !validPart(part) {
			return errors.New(msgInvalidPart)
		}
		if n == nil {
			continue // below a resource that does not exist yet: no siblings to clash with
		}
		child := n.child(part)
		if child == nil && part[0] == '{' && n.vchild != nil {
			// One variable child per parent, greedy or not: the error names the
			// sibling that already exists. Users quote real failures with a greedy
			// sibling too ("A sibling ({proxy+}) of this resource already has a
			// variable path part -- only one is allowed"), and LocalStack PR #7746
			// notes that AWS rejects /parent/{proxy+} beside /parent/{child}.
			return errors.New(msgSiblingPre + n.vchild.part + msgSiblingPost)
		}
		n = child
	}
	mi := declaredMethod(method)
	if mi < 0 {
		return errors.New(msgInvalidMethod)
	}
	if n != nil && n.has[mi] {
		return errors.New(msgMethodExists)
	}

	// Now build.
	n = t.root
	var params []paramSpec
	for i, part := range parts {
		if part[0] == '{' {
			g := isGreedy(part)
			name := part[1 : len(part)-1]
			if g {
				name = name[:len(name)-1]
			}
			params = append(params, paramSpec{seg: i, name: name, greedy: g})
		}
		child := n.child(part)
		if child == nil {
			child = &node[T]{path: "/" + strings.Join(parts[:i+1], "/"), part: part}
			if len(params) > 0 {
				child.params = slices.Clone(params)
			}
			if part[0] == '{' {
				child.greedy = isGreedy(part)
				n.vchild = child
			} else {
				n.lits = append(n.lits, child)
				if n.litIndex != nil || len(n.lits) >= litIndexMin {
					if n.litIndex == nil {
						n.litIndex = make(map[string]*node[T], len(n.lits))
						for _, l := range n.lits {
							n.litIndex[l.part] = l
						}
					}
					n.litIndex[part] = child
				}
			}
		}
		n = child
	}
	n.has[mi] = true
	n.vals[mi] = v
	return nil
}

// child returns the existing child declared with exactly this path part.
func (n *node[T]) child(part string) *node[T] {
	if part[0] == '{' {
		if n.vchild != nil && n.vchild.part == part {
			return n.vchild
		}
		return nil
	}
	return n.literal(part)
}

func (n *node[T]) literal(seg string) *node[T] {
	if n.litIndex != nil {
		return n.litIndex[seg]
	}
	for _, c := range n.lits {
		if c.part == seg {
			return c
		}
	}
	return nil
}

// splitResourcePath checks the shape of a whole resource path and returns its
// parts. These checks have no CreateResource equivalent (resources are created
// one part at a time there), so their messages are our own.
func splitResourcePath(p string) ([]string, error) {
	if !strings.HasPrefix(p, "/") {
		return nil, errors.New("invalid resource path " + strconv.Quote(p) + `: must start with "/"`)
	}
	if p == "/" {
		return nil, nil
	}
	if strings.HasSuffix(p, "/") {
		return nil, errors.New("invalid resource path " + strconv.Quote(p) + `: trailing "/" is only allowed on the root resource "/"`)
	}
	parts := strings.Split(p[1:], "/")
	for _, part := range parts {
		if part == "" {
			return nil, errors.New("invalid resource path " + strconv.Quote(p) + ": empty path part")
		}
	}
	return parts, nil
}

func isGreedy(part string) bool { return strings.HasSuffix(part, "+}") }

// validPart reports whether part is a literal or a whole-part variable.
//
// Literal characters: a-zA-Z0-9 . _ - (the original CreateResource rule,
// claudiajs/claudia #11), ':' (works in console and CloudFormation,
// aws/aws-cdk #22477 and #22531; moto accepts it), '$' (works in console and
// CLI, aws/aws-cdk #27083 and #27619) and ',' (AWS "important notes" for REST
// APIs as cited by aws-amplify/amplify-category-api #2719).
// A variable is "{name}" or "{name+}" and must be the whole part: "{id}.html"
// is rejected (serverless-nextjs #208 quotes that failure from AWS). Variable
// names take a-zA-Z0-9 . _ - : (moto accepts "{pro:xy+}").
func validPart(part string) bool {
	if part == "" {
		return false
	}
	if part[0] != '{' {
		for i := 0; i < len(part); i++ {
			if !literalByte(part[i]) {
				return false
			}
		}
		return true
	}
	if len(part) < 3 || part[len(part)-1] != '}' {
		return false // "{", "{}", "{a"
	}
	name := part[1 : len(part)-1]
	if name[len(name)-1] == '+' {
		name = name[:len(name)-1]
	}
	if name == "" {
		return false // "{+}"
	}
	for i := 0; i < len(name); i++ {
		if !nameByte(name[i]) {
			return false // "{a+b}", "{a}b}", "{a b}"
		}
	}
	return true
}

func nameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '.' || c == '_' || c == '-' || c == ':'
}

func literalByte(c byte) bool { return nameByte(c) || c == '$' || c == ',' }

// Param is one path parameter of a matched request.
type Param struct{ Name, Value string }

// ParamsText prints parameters as AWS's execution log and trace print a map: {a=1, b=2}.
func ParamsText(ps []Param) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name + "=" + p.Value)
	}
	b.WriteByte('}')
	return b.String()
}

// Match describes the resource and method a request was routed to.
type Match[T any] struct {
	Resource string  // the resource template, e.g. "/pets/{petId}"
	Method   string  // the method that matched as declared: "GET" or "ANY"
	Value    T       // the value given to Add for that resource and method
	Params   []Param // path parameters in path order, values still percent-encoded as sent
}

// Result says how a Lookup ended.
type Result int

const (
	// Found means a resource and a method matched.
	Found Result = iota
	// NoResource means no resource matches the path.
	NoResource
	// NoMethod means a resource matches the path but none that does has the method or ANY.
	NoMethod
)

// String names the result for logs and test failures.
func (r Result) String() string {
	switch r {
	case Found:
		return "Found"
	case NoResource:
		return "NoResource"
	case NoMethod:
		return "NoMethod"
	}
	return "Result(" + strconv.Itoa(int(r)) + ")"
}

// Lookup finds the resource and method for a request path.
//
// path is the raw, still percent-encoded path after the stage, without query
// string, e.g. "/pets/7". Lookup does not allocate unless the matched
// resource has path parameters, and then allocates only the Params slice.
// For NoMethod, Match.Resource names the most specific resource that matched
// the path; for NoResource the Match is zero. API Gateway answers both with
// 403 {"message":"Missing Authentication Token"} (its MISSING_AUTHENTICATION_TOKEN
// gateway response covers "an unsupported API method or resource", as quoted
// in localstack/localstack PR #11251); the two are told apart only for our logs.
func (t *Tree[T]) Lookup(method, path string) (Match[T], Result) {
	p := trimSlashes(path)
	if t.root == nil {
		if p == "" {
			return Match[T]{Resource: "/"}, NoMethod
		}
		return Match[T]{}, NoResource
	}
	mi := requestMethod(method)
	var first *node[T]
	n, slot := t.root.match(p, 0, p == "", mi, &first)
	if n == nil {
		if first != nil {
			return Match[T]{Resource: first.path}, NoMethod
		}
		return Match[T]{}, NoResource
	}
	m := Match[T]{Resource: n.path, Method: methodNames[slot], Value: n.vals[slot]}
	if len(n.params) > 0 {
		m.Params = fillParams(n.params, p)
	}
	return m, Found
}

// trimSlashes drops leading and trailing slashes: "/pets/" is "/pets",
// "//hardcoded" reaches "/hardcoded", "/" and "" reach the root. Real AWS,
// recorded in LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json
// (test_lambda_aws_proxy_integration): "/proxy-value/" gives proxy "proxy-value",
// "//proxy-value" gives "proxy-value", "//hardcoded" gives resource "/hardcoded".
// LocalStack's RestAPIResourceRouter strips every trailing slash ("trailing
// slashes are ignored in APIGW"); AWS was only recorded with one.
func trimSlashes(p string) string {
	for len(p) > 0 && p[0] == '/' {
		p = p[1:]
	}
	for len(p) > 0 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	return p
}

// match walks the segment of p starting at i (done: no segment left) and
// returns the first resource, in precedence order, that has method slot mi or
// ANY, with the slot that matched. first records the first resource that
// matched the whole path at all, for NoMethod.
//
// Candidates are tried literal, then {param}, then {proxy+}, backtracking to
// the less specific branch when a more specific one fails deeper down
// (LocalStack's werkzeug rule ordering; tests/unit/services/apigateway/
// test_handler_request.py test_route_request_with_greedy_parameter).
// A node sits at a fixed depth, so it is visited at most once per lookup:
// backtracking stays linear in the size of the tree.
//
// Segments are split on '/' only and never decoded, so "%2F" does not split
// ("/foo/foo%2Fbar/" gives param "foo%2Fbar" in the same LocalStack test file),
// literals compare byte for byte and case-sensitively, and values keep their
// encoding (real AWS keeps "test%2Balias@gmail.com" in the proxy value:
// snapshot above, "invocation-payload-with-path-encoded-email").
func (n *node[T]) match(p string, i int, done bool, mi int, first **node[T]) (*node[T], int) {
	if done {
		return n.accept(mi, first)
	}
	j := strings.IndexByte(p[i:], '/')
	if j < 0 {
		j = len(p)
	} else {
		j += i
	}
	// An empty inner segment ("/a//b") matches no literal and no {param}: that
	// is LocalStack's (werkzeug) behaviour, not verified against AWS.
	if seg := p[i:j]; seg != "" {
		last := j == len(p)
		if c := n.literal(seg); c != nil {
			if r, s := c.match(p, j+1, last, mi, first); r != nil {
				return r, s
			}
		}
		if c := n.vchild; c != nil && !c.greedy {
			if r, s := c.match(p, j+1, last, mi, first); r != nil {
				return r, s
			}
		}
	}
	if c := n.vchild; c != nil && c.greedy {
		// Greedy takes one or more segments, never zero: at least one is left
		// here (trailing slashes are gone), and a node that ran out of segments
		// returned above, so "/parent/{proxy+}" does not match "/parent" and
		// "/{proxy+}" does not match "/" (aws/aws-cdk ProxyResource adds ANY to
		// the root "so that empty paths are proxied as well";
		// logandk/serverless-wsgi #20). Empty inner segments stay in the value:
		// real AWS gives proxy "proxy-value//double-slash" (snapshot above).
		return c.accept(mi, first)
	}
	return nil, 0
}

// accept picks the method of a resource that matched the whole path, or
// declines so that match goes on to less specific resources.
//
// Resource and method are chosen as a pair: a resource without the verb or
// ANY does not stop the search. Measured on real AWS by two emulator projects:
// ministackorg/ministack PR #1423 (method-less /jobs and GET-only
// /jobs/{operation_type} fall through to /{proxy+} ANY) and floci-io/floci
// PR #3399 (GET /users/me reaches /users/{userId} when /users/me has only
// PATCH; POST /things/real reaches /things/{proxy+}).
//
// A declared verb beats ANY: ANY "will catch any HTTP method that wasn't
// explicitly declared" (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-any-method.html).
// No HEAD-for-GET and no automatic OPTIONS: HEAD on a GET-only resource is
// 403 MissingAuthenticationTokenException on real AWS (propublica/congress-api-docs
// #129; dherault/serverless-offline #704), LocalStack removes werkzeug's
// implicit HEAD (ApiGatewayMethodRule), and REST APIs answer CORS preflight
// only through a declared OPTIONS method
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html).
func (n *node[T]) accept(mi int, first **node[T]) (*node[T], int) {
	if mi >= 0 {
		if n.has[mi] {
			return n, mi
		}
		if n.has[mANY] {
			return n, mANY
		}
	}
	if *first == nil {
		*first = n
	}
	return nil, 0
}

// fillParams re-reads p along the matched template; it is the only allocation
// of a Lookup.
func fillParams(specs []paramSpec, p string) []Param {
	ps := make([]Param, len(specs))
	seg, i := 0, 0
	for k := 0; k < len(specs); seg++ {
		j := strings.IndexByte(p[i:], '/')
		if j < 0 {
			j = len(p)
		} else {
			j += i
		}
		if s := specs[k]; s.seg == seg {
			v := p[i:j]
			if s.greedy {
				v = p[i:]
			}
			ps[k] = Param{Name: s.name, Value: v}
			k++
		}
		i = j + 1
	}
	return ps
}

// ResourceInfo is one resource of a tree, for display.
type ResourceInfo struct {
	Path    string   // the resource template, e.g. "/pets/{petId}"
	Methods []string // declared methods in alphabetical order; empty, not nil, for a resource without methods
}

// Resources lists every resource, including the root and intermediate ones without methods, sorted by path.
func (t *Tree[T]) Resources() []ResourceInfo {
	if t.root == nil {
		return []ResourceInfo{{Path: "/", Methods: []string{}}}
	}
	var out []ResourceInfo
	var walk func(n *node[T])
	walk = func(n *node[T]) {
		ms := []string{}
		for i, ok := range n.has {
			if ok {
				ms = append(ms, methodNames[i])
			}
		}
		slices.Sort(ms)
		out = append(out, ResourceInfo{Path: n.path, Methods: ms})
		for _, c := range n.lits {
			walk(c)
		}
		if n.vchild != nil {
			walk(n.vchild)
		}
	}
	walk(t.root)
	slices.SortFunc(out, func(a, b ResourceInfo) int { return strings.Compare(a.Path, b.Path) })
	return out
}
