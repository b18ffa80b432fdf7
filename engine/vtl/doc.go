// Package vtl is a Velocity Template Language interpreter that behaves like Apache
// Velocity 1.7, the engine behind API Gateway mapping templates. It is pure: it knows
// nothing of AWS; the mapping layer provides $input, $util and $context as Objects.
//
// Pipeline: a modal lexer (lexer.go) and a recursive-descent parser (parser.go) build an
// AST whose nodes carry source offsets (ast.go); the evaluator (eval.go) renders it with
// Java semantics for values (values.go), built-in methods (methods.go) and regular
// expressions (javaregex.go).
//
// Sources. Grammar and lexing: Velocity 1.7's Parser.jjt (apache/velocity-engine
// src/parser/Parser.jjt, the version with doubled-quote string escapes, #[[ ]]#, index
// syntax and #@ block macros). Runtime semantics: the 1.7 sources (ASTReference,
// ASTSetDirective, ASTStringLiteral, ASTEQNode, ASTMathNode/ASTAddNode, ASTLTNode,
// ASTDivNode, ASTIndex, ASTIntegerRange, ASTMethod, Foreach, Break, VelocimacroProxy,
// MathUtils, runtime/defaults/velocity.properties), read from the fbrier/velocity
// fork of 1.7 and apache/velocity-engine history; the 1.7 user guide (escaping
// chapter, VELOCITY-455 correction); Velocity 2.x's description of 1.x "bc" space
// gobbling. AWS facts (1,000 #foreach iterations, 10 MB payloads) come from the API
// Gateway quotas documentation (shared/reference/aws-facts.md §3 and §4.3).
//
// Rules implemented, in brief (details beside the code):
//
//   - References: $a ${a} $!a $!{a}; .prop, .method(args), [index]; "$a." and "$a.5"
//     end before the dot; hyphens belong to identifiers ($a-b is one variable, as in
//     1.7). A null or undefined reference prints its own source text; quiet ones print
//     nothing. \$a prints "$a" if $a is defined, "\$a" if not; backslash pairs halve.
//   - Directives: #set (null right-hand side leaves the variable unchanged), #if
//     #elseif #else #end, #foreach (lists, map values, ranges; $foreach.index/count/
//     hasNext/first/last/parent, $velocityCount, $velocityHasNext), #break, #stop,
//     #define, #macro and calls (arguments by name, as 1.7's ProxyVMContext), #@macro
//     block calls with $bodyContent, #evaluate, #literal, comments, #[[ ]]#, the
//     #{name} brace forms, and "\#if"-style escapes. #include and #parse fail: a
//     mapping template has nothing to include.
//   - Whitespace (1.7, not 2.x's "lines" mode): the ")" that closes a directive, #else
//     and #end eat the spaces and one newline that follow them; #set also eats the
//     spaces/tabs before it when they start a token (after a directive, reference or
//     comment), but indentation that ends a run of text is printed. So a line holding
//     only "#if(...)" prints its indentation but not its newline.
//   - Expressions: Java typing (int arithmetic truncates; a Double anywhere makes a
//     Double; "+" with a String concatenates); division by zero is null; == compares
//     numbers numerically, same-class values with equals(), others as strings.
//     Truthiness follows 1.7's node rules (an empty-string reference is true; the
//     literals #if("x") and #if(1) are false). "null" is not a literal in 1.7 and is
//     rejected with a hint.
//   - Values print as Java does: Double.toString (1.0, 1.0E10), "[a, b]", "{a=1}". A
//     host list made with NewJSONList is a json-smart JSONArray: it prints as compact
//     JSON ("[1,{"a":2}]") and has count() (json.go).
//   - Methods: String, List, Map, Map.Entry and number methods with Java semantics.
//     A missing method yields null (the reference prints literally, or nothing with
//     Options.EmptyNulls, API Gateway's renderer); an exception a
//     method throws (substring out of range, a host Object's error) aborts the render
//     with an *Error, as Velocity's MethodInvocationException does and as API Gateway
//     reports it (a failed transformation), rather than printing the reference.
//
// Known gaps: Java regex features RE2 cannot express are refused with a clear error
// (see javaregex.go); integer overflow wraps at 64 bits instead of promoting to
// BigInteger; map keys are strings ($m.get(1) and $m.get("1") are the same key);
// mutating a list or map nested inside a host value ($input.path('$').items.add(x))
// changes a copy; #foreach does not call iterator() on host objects; #include and
// #parse are refused; Java's locale-specific case mapping ("ß".toUpperCase()) follows
// Go's Unicode tables.
//
// Speed: variables the template names get array slots at parse time (no map lookups
// per reference), render states are pooled, numbers print straight into the output,
// and host call arguments live on a per-render stack.
//
// Resource limits (Options) make every template finish: loop iterations, output and
// string size, nesting depth and total steps. Parse never panics and Render recovers
// from host panics; both return *Error with a line:column position.
package vtl
