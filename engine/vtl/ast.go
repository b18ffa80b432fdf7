package vtl

// The AST. Every node records the byte offset of its first character in the template
// source (Template.position turns it into line:col for errors). Statement nodes render
// output; expression nodes produce values. References are both.

type node interface{ offset() int }

type expr interface {
	offset() int
	literal() string // source text, used where Velocity prints a null operand literally
}

// textNode is literal output. gobble marks a run of only spaces/tabs that began a
// Velocity TEXT token: a following #set swallows it (see parser.gobbleBeforeSet).
type textNode struct {
	pos    int
	s      string
	gobble bool
}

// refPart is one step of a reference chain: .name, .name(args) or [index].
type refPart struct {
	pos   int
	kind  partKind
	name  string // property or method name
	args  []expr // method arguments
	index expr   // index expression
	// Getter names tried for a property, built once at parse time: getName, getname,
	// isName, isname (see state.property).
	getters [4]string
}

type partKind uint8

const (
	partProp partKind = iota
	partMethod
	partIndex
)

// refNode is $a, $!a, ${a}, $!{a}, with property/method/index parts and the
// backslashes that preceded it (esc).
type refNode struct {
	pos   int
	root  string
	parts []refPart
	quiet bool
	esc   int    // number of backslashes immediately before '$'
	lit   string // source text from '$' to the end of the reference
	slot  int    // root's variable slot (Template.slotOf), -1 for none
}

type setNode struct {
	pos int
	lhs *refNode
	rhs expr
}

type ifBranch struct {
	cond expr
	body []node
}

type ifNode struct {
	pos      int
	branches []ifBranch
	elseBody []node
	hasElse  bool
}

type foreachNode struct {
	pos     int
	varName string
	varSlot int
	iter    expr
	body    []node
}

type defineNode struct {
	pos  int
	name string
	slot int
	body []node
}

type macroDef struct {
	pos    int
	name   string
	params []string
	body   []node
}

// callNode is #name(args): a macro call resolved at render time (Velocity 1.7's
// RuntimeMacro). With no macro of that name it renders its own source text.
type callNode struct {
	pos   int
	name  string
	args  []expr
	src   string // exact source, printed when no such macro exists
	block bool   // #@name(...) ... #end
	body  []node
}

type breakNode struct {
	pos   int
	scope expr // optional #break($foreach.parent)
}

type stopNode struct{ pos int }

type evaluateNode struct {
	pos int
	arg expr
}

// unsupportedNode is #include / #parse: API Gateway has no other templates to load.
type unsupportedNode struct {
	pos  int
	name string
}

// Expressions.

type strLit struct {
	pos    int
	s      string // value when not interpolated
	interp []node // parsed content of a double-quoted string holding $ or #
	lit    string
}

type intLit struct {
	pos int
	v   int
	lit string
}

type floatLit struct {
	pos int
	v   float64
	lit string
}

type boolLit struct {
	pos int
	v   bool
	lit string
}

type listLit struct {
	pos   int
	items []expr
	lit   string
}

type mapLit struct {
	pos  int
	keys []expr
	vals []expr
	lit  string
}

type rangeLit struct {
	pos      int
	from, to expr
	lit      string
}

// wordArg is a bare word in a directive argument list (#foreach's "in", a macro name).
type wordArg struct {
	pos int
	w   string
}

type binOp uint8

const (
	opOr binOp = iota
	opAnd
	opEq
	opNe
	opLt
	opLe
	opGt
	opGe
	opAdd
	opSub
	opMul
	opDiv
	opMod
)

var binOpNames = [...]string{"||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"}

type binary struct {
	pos  int
	op   binOp
	l, r expr
	lit  string
}

type notExpr struct {
	pos int
	x   expr
	lit string
}

// parenExpr keeps parentheses because Velocity's truthiness depends on node kind.
type parenExpr struct {
	pos int
	x   expr
	lit string
}

func (n *textNode) offset() int        { return n.pos }
func (n *refNode) offset() int         { return n.pos }
func (n *setNode) offset() int         { return n.pos }
func (n *ifNode) offset() int          { return n.pos }
func (n *foreachNode) offset() int     { return n.pos }
func (n *defineNode) offset() int      { return n.pos }
func (n *callNode) offset() int        { return n.pos }
func (n *breakNode) offset() int       { return n.pos }
func (n *stopNode) offset() int        { return n.pos }
func (n *evaluateNode) offset() int    { return n.pos }
func (n *unsupportedNode) offset() int { return n.pos }
func (n *strLit) offset() int          { return n.pos }
func (n *intLit) offset() int          { return n.pos }
func (n *floatLit) offset() int        { return n.pos }
func (n *boolLit) offset() int         { return n.pos }
func (n *listLit) offset() int         { return n.pos }
func (n *mapLit) offset() int          { return n.pos }
func (n *rangeLit) offset() int        { return n.pos }
func (n *wordArg) offset() int         { return n.pos }
func (n *binary) offset() int          { return n.pos }
func (n *notExpr) offset() int         { return n.pos }
func (n *parenExpr) offset() int       { return n.pos }

func (n *refNode) literal() string   { return n.lit }
func (n *strLit) literal() string    { return n.lit }
func (n *intLit) literal() string    { return n.lit }
func (n *floatLit) literal() string  { return n.lit }
func (n *boolLit) literal() string   { return n.lit }
func (n *listLit) literal() string   { return n.lit }
func (n *mapLit) literal() string    { return n.lit }
func (n *rangeLit) literal() string  { return n.lit }
func (n *wordArg) literal() string   { return n.w }
func (n *binary) literal() string    { return n.lit }
func (n *notExpr) literal() string   { return n.lit }
func (n *parenExpr) literal() string { return n.lit }
