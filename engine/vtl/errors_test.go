package vtl

import (
	"errors"
	"strings"
	"testing"
)

type errorCase struct {
	name string
	tmpl string
	want string // exact Error() text
}

var parseErrorCases = []errorCase{
	{"unclosed if", "#if(true)\nabc", "t:2:4: unclosed #if (opened at 1:1)"},
	{"unclosed foreach", "x\n  #foreach($i in [1])\n$i", "t:3:3: unclosed #foreach (opened at 2:3)"},
	{"unclosed if inside foreach", "#foreach($i in [1])#if(true)#end", "t:1:33: unclosed #foreach (opened at 1:1)"},
	{"stray end", "abc\n#end", "t:2:1: unexpected #end: no open #if, #foreach, #define or #macro"},
	{"stray else", "#else", "t:1:1: unexpected #else: no open #if, #foreach, #define or #macro"},
	{"else inside foreach", "#foreach($i in [1])#else#end", "t:1:20: #else without #if (inside #foreach opened at 1:1)"},
	{"two elses", "#if(true)#else#else#end", "t:1:15: #else after #else in #if (opened at 1:1)"},
	{"elseif after else", "#if(true)#else#elseif(true)#end", "t:1:15: #elseif after #else in #if (opened at 1:1)"},
	{"if without parenthesis", "#if true", "t:1:5: expected '(' after #if, found \"true\""},
	{"empty set value", "#set($a = )", "t:1:11: unexpected \")\" in expression"},
	{"set without equals", "#set($a 1)", "t:1:9: #set: expected '=' after $a, found \"1\""},
	{"set without reference", "#set(a = 1)", "t:1:6: #set: expected a reference like $name on the left of '='"},
	{"unclosed string", "#set($a = \"abc)", "t:1:11: unclosed string literal"},
	{"unclosed formal reference", "x ${a.b c", "t:1:8: unclosed ${...} reference: expected '}' after ${a.b"},
	{"foreach without in", "#foreach($i [1])#end", "t:1:1: #foreach arguments must be ($item in <collection>)"},
	{"null is not a literal", "#if($a == null)#end", "t:1:11: 'null' is not a literal in Velocity 1.7 (AWS would reject this template); test for null with #if(!$x) or compare against an undefined reference such as $null"},
	{"number glued to minus", "#set($a = 5 -3)", "t:1:13: expected ')' to close #set (opened at 1:1), found \"-3\""},
	{"unclosed block comment", "a #* b", "t:1:7: unclosed comment #* (opened at 1:3)"},
	{"unclosed unparsed block", "#[[ x", "t:1:6: unclosed #[[ (opened at 1:1)"},
	{"word as method argument", "$a.b(x)", "t:1:6: unexpected \"x\": expected a value (string, number, boolean, reference, list, map or range)"},
	{"expression as method argument", "$a.b($x + 1)", "t:1:9: expected ',' or ')' in method arguments, found \"+\" (method arguments must be values, not expressions)"},
	{"expression in list literal", "#set($a = [1, 2 + 3])", "t:1:17: expected ',' or ']' in list opened at 1:11, found \"+\""},
	{"invalid index", "$a[x]", "t:1:4: invalid index: expected a string, integer or reference inside [ ], found \"x\""},
	{"end inside string literal", "#set($s = \"#end\")", "t:1:12: unexpected #end inside string literal: no open #if, #foreach, #define or #macro"},
	{"macro without name", "#macro()#end", "t:1:1: a macro declaration requires at least a name argument: #macro(name $arg)"},
	{"macro with quoted name", "#macro('m')#end", "t:1:8: invalid first arg in #macro() directive - must be a word token (no ' or \" surrounding)"},
	{"word in a built-in directive", "#define(x)#end", "t:1:9: invalid arg #0 in directive #define: \"x\""},
	{"unclosed directive arguments", "#foo($a", "t:1:8: expected ')' to close #foo (opened at 1:1), found end of template"},
	{"unclosed parenthesis", "#if(($a)", "t:1:9: expected ')' to close #if (opened at 1:1), found end of template"},
	{"column counts characters", "é\n  ü #end", "t:2:5: unexpected #end: no open #if, #foreach, #define or #macro"},
	{"deep nesting", strings.Repeat("#if(true)", 300), "t:1:2300: template nested too deeply (more than 256 levels)"},
}

func TestParseErrors(t *testing.T) {
	for _, c := range parseErrorCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("t", c.tmpl)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want error %q", c.tmpl, c.want)
			}
			var ve *Error
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not *Error", err)
			}
			if err.Error() != c.want {
				t.Errorf("Parse(%q)\n got: %s\nwant: %s", c.tmpl, err, c.want)
			}
		})
	}
}

type runtimeErrorCase struct {
	name string
	tmpl string
	vars map[string]any
	opts *Options
	want string
}

var runtimeErrorCases = []runtimeErrorCase{
	{"foreach limit", "#foreach($i in [1..2000])#end", nil, nil, "t:1:1: #foreach loop exceeded 1000 iterations (MaxLoopIterations; AWS limits mapping-template loops to 1,000)"},
	{"foreach limit option", "x\n #foreach($i in $l)$i#end", map[string]any{"l": []any{1, 2, 3}}, &Options{MaxLoopIterations: 2}, "t:2:2: #foreach loop exceeded 2 iterations (MaxLoopIterations; AWS limits mapping-template loops to 1,000)"},
	{"output limit", "$s$s", map[string]any{"s": "abc"}, &Options{MaxOutputBytes: 5}, "t:1:3: output exceeded 5 bytes (MaxOutputBytes; API Gateway payloads are limited to 10 MB)"},
	{"string growth limit", "#set($s = 'ab')#foreach($i in [1..40])#set($s = \"$s$s\")#end", nil, &Options{MaxOutputBytes: 1000}, "t:1:52: output exceeded 1000 bytes (MaxOutputBytes; API Gateway payloads are limited to 10 MB)"},
	{"substring out of range", "#set($s = \"abc\")\n$s.substring(5)", nil, nil, "t:2:4: invocation of method 'substring' in java.lang.String threw exception java.lang.StringIndexOutOfBoundsException: begin 5, end 3, length 3"},
	{"charAt out of range", "$s.charAt(9)", map[string]any{"s": "abc"}, nil, "t:1:4: invocation of method 'charAt' in java.lang.String threw exception java.lang.StringIndexOutOfBoundsException: String index out of range: 9"},
	{"list get out of range", "$l.get(5)", map[string]any{"l": []any{1}}, nil, "t:1:4: invocation of method 'get' in java.util.ArrayList threw exception java.lang.IndexOutOfBoundsException: Index 5 out of bounds for length 1"},
	{"list index out of range", "$l[3]", map[string]any{"l": []any{1}}, nil, "t:1:3: invocation of method 'get' in java.util.ArrayList threw exception java.lang.IndexOutOfBoundsException: Index 3 out of bounds for length 1"},
	{"null string argument", "$s.contains($nope)", map[string]any{"s": "abc"}, nil, "t:1:4: invocation of method 'contains' in java.lang.String threw exception java.lang.NullPointerException"},
	{"unsupported regex", `$s.matches("a(?=b)")`, map[string]any{"s": "ab"}, nil, "t:1:4: invocation of method 'matches' in java.lang.String threw exception java.util.regex.PatternSyntaxException: lookaround (?= near index 0\na(?=b) (not supported by this simulator's RE2 engine)"},
	{"bad group reference", `$s.replaceAll("(a)", "$2")`, map[string]any{"s": "ab"}, nil, "t:1:4: invocation of method 'replaceAll' in java.lang.String threw exception java.lang.IndexOutOfBoundsException: No group 2"},
	{"concurrent modification", "#set($l = [1, 2])#foreach($i in $l)#set($x = $l.add(3))#end", nil, nil, "t:1:18: #foreach over $l threw java.util.ConcurrentModificationException: the list was modified inside the loop"},
	{"macro recursion", "#macro(r)#r()#end#r()", nil, nil, "t:1:10: macro #r exceeded maximum depth 100 (MaxDepth)"},
	{"macro recursion with depth option", "#macro(r $n)#r($n)#end#r(1)", nil, &Options{MaxDepth: 3}, "t:1:13: macro #r exceeded maximum depth 3 (MaxDepth)"},
	{"define recursion", "#define($d)x$d#end$d", nil, &Options{MaxDepth: 5}, "t:1:13: #define $d exceeded maximum depth 5 (MaxDepth)"},
	{"evaluate recursion", "#set($c = '#evaluate($c)')#evaluate($c)", nil, &Options{MaxDepth: 4}, "t:1:27: #evaluate exceeded maximum depth 4 (MaxDepth)"},
	{"evaluate parse error", "x #evaluate('#if(')", nil, nil, "t:1:3: #evaluate: unexpected end of template in expression"},
	{"host method error", "$obj.fail()", nil, nil, "t:1:6: invocation of method 'fail' in *vtl.fakeObject threw exception boom"},
	{"host panic", "\n  $obj.panic()", nil, nil, "t:2:8: invocation of method 'panic' in *vtl.fakeObject threw exception panic: host bug"},
	{"steps limit", "#foreach($a in [1..1000])#foreach($b in [1..1000])#end#end", nil, &Options{MaxSteps: 100000}, "t:1:41: template evaluation exceeded 100000 steps (MaxSteps)"},
	{"include unsupported", "#include('x.vm')", nil, nil, "t:1:1: #include is not supported: API Gateway mapping templates cannot load other templates"},
	{"break with a non-scope", "#break($name)", nil, nil, "t:1:1: $name is not a valid Scope instance"},
	{"huge range", "#set($r = [0..2000000000])", nil, nil, "t:1:11: range [0..2000000000] is too large"},
	{"huge replace", "#set($s = \"aaaaaaaaaa\")#set($t = $s.replace(\"a\", $s))#set($u = $t.replace(\"a\", $t))", nil, &Options{MaxOutputBytes: 500}, "t:1:67: output exceeded 500 bytes (MaxOutputBytes; API Gateway payloads are limited to 10 MB)"},
}

func TestRenderErrors(t *testing.T) {
	for _, c := range runtimeErrorCases {
		t.Run(c.name, func(t *testing.T) {
			tp, err := Parse("t", c.tmpl)
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.tmpl, err)
			}
			out, err := tp.Render(baseVars(c.vars), c.opts)
			if err == nil {
				t.Fatalf("Render(%q) = %q, want error %q", c.tmpl, out, c.want)
			}
			var ve *Error
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not *Error", err)
			}
			if err.Error() != c.want {
				t.Errorf("Render(%q)\n got: %s\nwant: %s", c.tmpl, err, c.want)
			}
		})
	}
}

func TestErrorFields(t *testing.T) {
	_, err := Parse("tmpl.vm", "ab\n  #end")
	var ve *Error
	if !errors.As(err, &ve) {
		t.Fatalf("got %v", err)
	}
	if ve.Name != "tmpl.vm" || ve.Line != 2 || ve.Col != 3 || !strings.HasPrefix(ve.Msg, "unexpected #end") {
		t.Errorf("got %+v", *ve)
	}
}

func TestNilTemplate(t *testing.T) {
	var tp *Template
	if _, err := tp.Render(nil, nil); err == nil {
		t.Error("Render on nil template succeeded")
	}
}
