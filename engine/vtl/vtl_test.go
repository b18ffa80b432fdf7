package vtl

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

type renderCase struct {
	name string
	tmpl string
	vars map[string]any
	want string
}

// renderCases is shared with the fuzz seed corpus.
var renderCases = []renderCase{
	// References.
	{"plain reference", "hello $name!", nil, "hello Bob!"},
	{"formal reference", "${name}text", nil, "Bobtext"},
	{"identifier swallows following letters", "$nametext", nil, "$nametext"},
	{"quiet references", "$!name $!{name}", nil, "Bob Bob"},
	{"undefined references print as written", "$x ${x} $!x $!{x}.", nil, "$x ${x}  ."},
	{"dot not followed by a letter is text", "$name. $name.5 $name._x", nil, "Bob. Bob.5 Bob._x"},
	{"hyphen belongs to the identifier", "$a-b", map[string]any{"a": 1}, "$a-b"},
	{"hyphenated variable", "$a-b", map[string]any{"a-b": "hy"}, "hy"},
	{"map property chain", "$m.a.b $m.a.zz", map[string]any{"m": map[string]any{"a": map[string]any{"b": "deep"}}}, "deep $m.a.zz"},
	{"map index chain", `$m["a"]["b"]`, map[string]any{"m": map[string]any{"a": map[string]any{"b": "deep"}}}, "deep"},
	{"method on a property", "$m.a.b.length()", map[string]any{"m": map[string]any{"a": map[string]any{"b": "deep"}}}, "4"},
	{"list index, negative index", "$l[0]$l[2]$l[-1]", map[string]any{"l": []any{"x", "y", "z"}}, "xzz"},
	{"index with a reference", "#set($i = 1)$l[$i]", map[string]any{"l": []any{"x", "y"}}, "y"},
	{"nested method arguments", `$s.substring($s.indexOf("l"), 4)`, map[string]any{"s": "hello"}, "ll"},
	{"unknown method prints literally", "$s.nosuch() $!s.nosuch()|", map[string]any{"s": "x"}, "$s.nosuch() |"},
	{"wrong argument type is no such method", `$s.substring("1")`, map[string]any{"s": "abc"}, `$s.substring("1")`},
	{"method returning null prints literally", `#set($m = {})$m.put("k", "v") $m`, nil, `$m.put("k", "v") {k=v}`},
	{"List.add returns true", "#set($l = [])$l.add(1)$l", nil, "true[1]"},
	{"boolean property via isEmpty", "#set($l = [])$l.empty $s.empty", map[string]any{"s": "x"}, "true false"},
	{"dollar that is not a reference", "cost $5 and $ x and ${ x} and $!", nil, "cost $5 and $ x and ${ x} and $!"},
	{"hash that is not a directive", "#ffffff #1 # x #", nil, "#ffffff #1 # x #"},
	{"unknown directive with arguments prints as written", "#foo(bar, 'baz') #qux", nil, "#foo(bar, 'baz') #qux"},

	// Escapes (1.7 user guide, "Escaping Valid VTL References" / VELOCITY-455).
	{"escaped defined reference", `\$name`, nil, `$name`},
	{"escaped undefined reference", `\$undef`, nil, `\$undef`},
	{"double backslash before defined", `\\$name`, nil, `\Bob`},
	{"double backslash before undefined", `\\$undef`, nil, `\\$undef`},
	{"triple backslash before defined", `\\\$name`, nil, `\$name`},
	{"escaped quiet reference", `\$!name \$!undef`, nil, `$!name \$!undef`},
	{"escaped formal reference", `\${name}`, nil, `${name}`},
	{"escaped directive", `\#if($t) x \#end`, map[string]any{"t": true}, `#if(true) x #end`},
	{"double backslash before directive", `\\#if(true)x\\#end`, nil, `\x\`},
	{"escaped unknown directive keeps backslash", `\#foo`, nil, `\#foo`},
	{"escaped brace directive", `\#{end}`, nil, `#{end}`},
	{"backslash elsewhere is text", `a\b\\c\`, nil, `a\b\\c\`},

	// #set.
	{"set string", `#set($a = "x")$a`, nil, "x"},
	{"set null keeps the old value", "#set($a = 1)#set($a = $nope)$a", nil, "1"},
	{"set null on a new variable does nothing", "#set($a = $nope)$a", nil, "$a"},
	{"set map key", "#set($m = {})#set($m.k = 5)$m.k $m", nil, "5 {k=5}"},
	{"set list element", `#set($l = ["a", "b"])#set($l[1] = "Q")#set($l[-2] = "P")$l`, nil, "[P, Q]"},
	{"set interpolates double quotes", `#set($s = "a${name}b$nope")$s`, nil, "aBobb$nope"},
	{"single quotes do not interpolate", "#set($s = 'single $name')$s", nil, "single $name"},
	{"doubled quotes escape quotes", `#set($a = "say ""hi""")#set($b = 'it''s')$a $b`, nil, `say "hi" it's`},
	{"unicode escape in double quotes", `#set($a = "\u0041\u00e9")$a`, nil, "Aé"},
	{"backslashes are literal in strings", `#set($x = "C:\temp\n")$x`, nil, `C:\temp\n`},
	{"directive inside a string literal", `#set($s = "#if($t)yes#{else}no#end")$s`, map[string]any{"t": true}, "yes"},
	{"line comment inside a string literal ends it", `#set($s = "a ## b")[$s]`, nil, "[a ]"},
	{"set with spaces around", "#set( $a   =   'x' )$a", nil, "x"},
	{"brace set", "#{set}($a = 1)$a", nil, "1"},

	// #if.
	{"if true", "#if($t)yes#end", map[string]any{"t": true}, "yes"},
	{"if false", "#if($f)yes#end.", map[string]any{"f": false}, "."},
	{"if undefined", "#if($nope)yes#{else}no#end", nil, "no"},
	{"empty string reference is true in 1.7", `#set($e = "")#if($e)T#{else}F#end`, nil, "T"},
	{"string literal condition is false (SimpleNode.evaluate)", `#if("x")T#{else}F#end`, nil, "F"},
	{"number literal condition is false", `#if(1)T#{else}F#end`, nil, "F"},
	{"negated literal is true", `#if(!"x")T#{else}F#end`, nil, "T"},
	{"zero and empty list references are true", "#set($z = 0)#set($l = [])#if($z && $l)T#end", nil, "T"},
	{"int equals double", "#set($n = 1)#if($n == 1.0)eq#end", nil, "eq"},
	{"number equals string by toString", `#if("1" == 1)eq#end`, nil, "eq"},
	{"list equals its string form", `#set($l = [1, 2])#if($l == "[1, 2]")eq#end`, nil, "eq"},
	{"null equals null", "#if($a == $b)eq#end", nil, "eq"},
	{"null not equal to value", "#if($a != 1)ne#end", nil, "ne"},
	{"relational on strings is false", `#if("b" > "a")T#{else}F#end`, nil, "F"},
	{"relational on numbers", "#if(2 > 1 && 1 <= 1 && 1 >= 1 && 0 < 1)T#end", nil, "T"},
	{"word operators", "#if(1 lt 2 and not (2 gt 3) and 1 eq 1 and 1 ne 2 and 2 ge 2 and 2 le 2)ok#end", nil, "ok"},
	{"or and not", "#if($f || !$f)ok#end#if($f or $t)2#end", map[string]any{"f": false, "t": true}, "ok2"},
	{"elseif chain", "#set($v = 2)#if($v == 1)one#elseif($v == 2)two#{else}other#end", nil, "two"},
	{"else branch", "#set($v = 3)#if($v == 1)one#elseif($v == 2)two#{else}other#end", nil, "other"},
	{"brace forms", "#{if}(true)A#{else}B#{end}", nil, "A"},
	{"parenthesised condition", "#if(($f || $t) && !$f)ok#end", map[string]any{"f": false, "t": true}, "ok"},
	{"space before condition", "#if ($t)ok#end", map[string]any{"t": true}, "ok"},
	{"short circuit skips method", "#if($f && $s.nosuch())x#{else}y#end", map[string]any{"f": false, "s": "a"}, "y"},

	// #foreach.
	{"foreach list", `#foreach($i in ["a", "b"])$i#end`, nil, "ab"},
	{"foreach range", "#foreach($i in [1..3])$i#end", nil, "123"},
	{"foreach descending range", "#foreach($i in [3..1])$i#end", nil, "321"},
	{"foreach range with references", "#set($n = 3)#foreach($i in [1..$n])$i#end", nil, "123"},
	{"foreach map values in insertion order", `#set($m = {"z": 1, "a": 2})#foreach($v in $m)$v#end`, nil, "12"},
	{"foreach Go map values in key order", "#foreach($v in $m)$v#end", map[string]any{"m": map[string]any{"b": 2, "a": 1}}, "12"},
	{"foreach scope variables", `#foreach($i in ["a", "b", "c"])$foreach.index$foreach.count$foreach.hasNext$foreach.first$foreach.last$velocityCount$velocityHasNext|#end`, nil,
		"01truetruefalse1true|12truefalsefalse2true|23falsefalsetrue3false|"},
	{"foreach parent scope", "#foreach($a in [1, 2])#foreach($b in [1])$foreach.parent.index#end#end", nil, "01"},
	{"foreach topmost", "#foreach($a in [7])#foreach($b in [1])#foreach($c in [1])$foreach.topmost.count#end#end#end", nil, "1"},
	{"break", "#foreach($i in [1..5])#if($i == 3)#break#end$i#end.", nil, "12."},
	{"break with scope", "#foreach($a in [1, 2])#foreach($b in [1, 2])#if($b == 2)#break($foreach.parent)#end$a$b #end#end.", nil, "11 ."},
	{"foreach.stop()", "#foreach($i in [1..5])$i$foreach.stop()#end.", nil, "1."},
	{"loop variable restored", `#set($i = "orig")#foreach($i in [1, 2])#end$i`, nil, "orig"},
	{"loop variable removed", "#foreach($j in [1])#end$j", nil, "$j"},
	{"host variable restored after loop", "#foreach($v in [1])$v#end$v", map[string]any{"v": "host"}, "1host"},
	{"string is not iterable", `#foreach($c in "abc")X#end.`, nil, "."},
	{"null is not iterable", "#foreach($c in $nope)X#end.", nil, "."},
	{"entrySet and keySet", `#set($m = {"a": 1, "b": 2})#foreach($e in $m.entrySet())$e.key=$e.value;#end#foreach($k in $m.keySet())$k#end`, nil, "a=1;b=2;ab"},
	{"null element", "#foreach($x in $l)[$x]#end", map[string]any{"l": []any{"a", nil}}, "[a][$x]"},
	{"null element shadows outer variable", "#set($x = 'out')#foreach($x in $l)[$x]#end$x", map[string]any{"l": []any{nil}}, "[$x]out"},
	{"set inside loop persists", "#foreach($i in [1, 2])#set($last = $i)#end$last", nil, "2"},
	{"foreach over empty list", "#foreach($i in [])x#end.", nil, "."},
	{"foreach over list literal with references", "#foreach($i in [$name, 'x'])$i#end", nil, "Bobx"},

	// Whitespace (1.7 gobbling).
	{"set lines vanish", "#set($a = 1)\n#set($b = 2)\n$a$b\n", nil, "12\n"},
	{"indented set after a directive is gobbled", "#if(true)\n  #set($x = 1)\n  v=$x\n#end\n", nil, "  v=1\n"},
	{"indentation ending text is kept before set", "a\n  #set($x = 1)\nb", nil, "a\n  b"},
	{"if and end lines vanish", "x\n#if(true)\ny\n#end\nz\n", nil, "x\ny\nz\n"},
	{"indentation before if and end is printed", "x\n  #if(true)\n  y\n  #end\nz", nil, "x\n    y\n  z"},
	{"else line vanishes", "#if(false)\na\n#else\nb\n#end\n", nil, "b\n"},
	{"end eats trailing spaces and newline", "#if(true)a#end   \nb", nil, "ab"},
	{"end keeps spaces without newline", "#if(true)a#end b", nil, "a b"},
	{"brace end eats newline", "#if(true)a#{end}\nb", nil, "ab"},
	{"foreach lines vanish", "#foreach($i in [1, 2])\n$i\n#end\n", nil, "1\n2\n"},
	{"line comment eats its newline", "a\n## comment\nb", nil, "a\nb"},
	{"line comment at end of a text line", "a ## c\nb", nil, "a b"},
	{"block comment keeps surrounding newlines", "a\n#*\nc\n*#\nb", nil, "a\n\nb"},
	{"inline block comment", "a#* x *#b#** doc *#c", nil, "abc"},
	{"unparsed content", "#[[ $x #if( ]]#", nil, " $x #if( "},
	{"set eats trailing spaces and newline", "#set($a = 1)   \nx", nil, "x"},
	{"spaces after a reference are gobbled by set", "$name  #set($b = 1)x", nil, "Bobx"},
	{"CRLF line ends", "#set($a = 1)\r\n#if(true)\r\n$a\r\n#end\r\n", nil, "1\r\n"},
	{"macro call line vanishes", "#macro(m)x#end\n#m()\ny", nil, "xy"},
	{"tab indentation before set", "#if(true)\n\t#set($a = 1)\n#end$a", nil, "1"},

	// Expressions.
	{"integer division truncates", "#set($x = 7 / 2)#set($y = -7 / 2)$x $y", nil, "3 -3"},
	{"double division", "#set($x = 7.0 / 2)$x", nil, "3.5"},
	{"remainder", "#set($x = 7 % 3)#set($y = -7 % 3)#set($z = 7.5 % 2)$x $y $z", nil, "1 -1 1.5"},
	{"division by zero is null", "#set($x = 1 / 0)#set($y = 1.0 / 0)#set($z = 1 % 0)$x $y $z", nil, "$x $y $z"},
	{"precedence", "#set($x = 1 + 2 * 3)#set($y = (1 + 2) * 3)#set($z = 10 - 4 - 3)$x $y $z", nil, "7 9 3"},
	{"string concatenation", `#set($a = "a" + 1)#set($b = 1 + "a")#set($c = "x" + 1.5 + true)$a $b $c`, nil, "a1 1a x1.5true"},
	{"concatenation prints null operand literally", `#set($a = "a" + $nope)$a`, nil, "a$nope"},
	{"arithmetic with null is null", "#set($x = $nope + 1)$x", nil, "$x"},
	{"arithmetic on booleans is null", "#set($x = true + 1)$x", nil, "$x"},
	{"double sums", "#set($x = 0.1 + 0.2)#set($y = 1.5 * 2)$x $y", nil, "0.30000000000000004 3.0"},
	{"negative literals", "#set($x = -5)#set($y = 3 - -2)$x $y", nil, "-5 5"},
	{"double formatting", "#set($a = 1e10)#set($b = 0.00001)#set($c = 123.0)#set($d = 1234567.0)#set($e = 12345678.9)#set($f = 0.001)#set($g = 1.)#set($h = .5)$a $b $c $d $e $f $g $h", nil,
		"1.0E10 1.0E-5 123.0 1234567.0 1.23456789E7 0.001 1.0 0.5"},
	{"boolean values", "#set($a = $t && $f)#set($b = !$f)#set($c = 1 < 2)#set($d = $t == true)$a $b $c $d", map[string]any{"t": true, "f": false}, "false true true true"},
	{"collection rendering", `#set($l = [1, "a", $name, [2, 3], {"k": "v"}, 1.5, true])$l [] {} #set($e = {})$e`, nil, "[1, a, Bob, [2, 3], {k=v}, 1.5, true] [] {} {}"},
	{"range rendering", "#set($r = [1..3])$r $r.size()", nil, "[1, 2, 3] 3"},
	{"map literal with variable keys", `#set($k = "key")#set($m = {$k: $name, 1: 2})$m $m.key`, nil, "{key=Bob, 1=2} Bob"},
	{"self-referencing list", "#set($l = [])#set($x = $l.add($l))$l", nil, "[(this Collection)]"},
	{"Go values are normalised", "$i8 $u $f32 $strs $sm", map[string]any{"i8": int8(-3), "u": uint(7), "f32": float32(0.5), "strs": []string{"a", "b"}, "sm": map[string]string{"k": "v"}}, "-3 7 0.5 [a, b] {k=v}"},

	// String methods (java.lang.String).
	{"string basics", `$s.length() $s.isEmpty() $s.contains("World") $s.substring(6) $s.substring(0, 5) $s.charAt(1) $s.concat("!")`, map[string]any{"s": "Hello World"},
		"11 false true World Hello e Hello World!"},
	{"string search", `$s.indexOf("o") $s.indexOf("o", 5) $s.lastIndexOf("o") $s.lastIndexOf("o", 6) $s.indexOf("zz") $s.indexOf("") $s.startsWith("He") $s.startsWith("World", 6) $s.endsWith("ld")`, map[string]any{"s": "Hello World"},
		"4 7 7 4 -1 0 true true true"},
	{"string case and trim", `$s.toLowerCase() $s.toUpperCase() [$p.trim()] $s.equals("Hello World") $s.equalsIgnoreCase("hello world") $s.hashCode() $s.toString() $s.compareTo("Hello")`, map[string]any{"s": "Hello World", "p": " \t x \n"},
		"hello world HELLO WORLD [x] true true -862545276 Hello World 6"},
	{"string replace", `$s.replace("l", "L") $s.replaceAll("o(.)", "0$1") $s.replaceFirst("l", "_") $s.replaceAll("[aeiou]", "") $s.replace("", "-")`, map[string]any{"s": "Hello World"},
		"HeLLo WorLd Hell0 W0rld He_lo World Hll Wrld -H-e-l-l-o- -W-o-r-l-d-"},
	{"string matches", `$s.matches("H.*d") $s.matches("World") $s.matches("(?i)hello world") $s.matches("\w+\s\w+")`, map[string]any{"s": "Hello World"}, "true false true true"},
	{"split removes trailing empty strings", `$a.split(",") $b.split(",") $c.split(",") $d.split(",", 2) $a.split(",", -1) $e.split("") $f.split(",")`, map[string]any{"a": "a,b,,", "b": "a,,b", "c": ",a", "d": "a,b,c", "e": "abc", "f": ""},
		"[a, b] [a, , b] [, a] [a, b,c] [a, b, , ] [a, b, c] []"},
	{"split with regex", `$s.split("\s*;\s*").size()`, map[string]any{"s": "a ; b;c"}, "3"},
	{"escapeJavaScript replaceAll idiom", `$util.escapeJavaScript($s).replaceAll("\\'","'")`, map[string]any{"s": `it's "x"`}, `it's \"x\"`},
	{"replacement escapes", `$s.replaceAll("(a)(b)", "[\$2\\$1]") $s.replaceAll("(?<first>a)", "<${first}>")`, map[string]any{"s": "ab"}, `[$2\a] <a>b`},
	{"UTF-16 lengths", `$a.length() $b.length() $b.substring(0, 2) $a.indexOf("l") $a.charAt(1)`, map[string]any{"a": "héllo", "b": "😀x"}, "5 3 😀 2 é"},

	// List and Map methods.
	{"list methods", `#set($l = ["a", "b"])$l.size() $l.get(1) $l.contains("a") $l.indexOf("b") $l.isEmpty() $l.add("c") $l $l.remove(0) $l $l.remove("zz") $l.subList(0, 1)`, nil,
		"2 b true 1 false true [a, b, c] a [b, c] false [b]"},
	{"list add at index and set", `#set($l = [1, 3])#set($x = $l.add(1, 2))#set($y = $l.set(0, 0))$l $y`, nil, "[0, 2, 3] 1"},
	{"map methods", `#set($m = {"a": 1})$m.size() $m.get("a") $m.containsKey("a") $m.keySet() $m.values() $m.entrySet() $m.isEmpty() $m.remove("a") $m`, nil,
		"1 1 true [a] [1] [a=1] false 1 {}"},
	{"map put keeps insertion order", `#set($m = {})#set($x = $m.put("z", 1))#set($x = $m.put("a", 2))#set($x = $m.put("z", 3))$m $x`, nil, "{z=3, a=2} 1"},
	{"map getOrDefault and containsValue", `#set($m = {"a": 1})$m.getOrDefault("b", "d") $m.containsValue(1)`, nil, "d true"},
	{"number methods", "#set($n = 5)#set($f = 2.7)$n.intValue() $n.doubleValue() $n.toString() $f.intValue() $f.doubleValue() $n.equals(5) $n.equals(5.0)", nil, "5 5.0 5 2 2.7 true false"},
	{"entry methods", `#set($m = {"k": "v"})#foreach($e in $m.entrySet())$e.getKey() $e.getValue() $e#end`, nil, "k v k=v"},

	// Macros, #define, #evaluate, #stop, #literal.
	{"macro", `#macro(greet $who)Hello $who!#end#greet("World")`, nil, "Hello World!"},
	{"macro called before its definition", `#greet("X")#macro(greet $who)Hi $who#end`, nil, "Hi X"},
	{"macro missing argument", "#macro(m $a $b)[$a][$b]#end#m(1)", nil, "[1][$b]"},
	{"macro null argument prints caller text", "#macro(m $a)[$a]#end#m($nope)", nil, "[$nope]"},
	{"macro arguments are passed by name", "#macro(twice $x)$x$x#end#set($l = [1])#twice($l.size())", nil, "11"},
	{"macro set is global", "#macro(m)#set($g = 1)#end#m()$g", nil, "1"},
	{"macro with commas", "#macro(add $a, $b)$a+$b#end#add(1, 2)", nil, "1+2"},
	{"macro without parentheses is called", "#macro(hi)HI#end#hi.", nil, "HI."},
	{"nested macros", "#macro(inner $x)<$x>#end#macro(outer $y)#inner($y)#end#outer('v')", nil, "<v>"},
	{"block macro", "#macro(wrap)<$bodyContent>#end#@wrap()x$name#end", nil, "<xBob>"},
	{"define", "#define($d)Hi $name#end$d $d", nil, "Hi Bob Hi Bob"},
	{"define is lazy", "#define($d)v=$v#end#set($v = 1)$d #set($v = 2)$d", nil, "v=1v=2"},
	{"define in a string", `#define($d)x#end#set($s = "[$d]")$s $d.toString()`, nil, "[x] x"},
	{"evaluate", "#set($code = '#set($z = 5)$z')#evaluate($code)$z", nil, "55"},
	{"stop", "a#stop b", nil, "a"},
	{"stop inside loop", "#foreach($i in [1, 2])$i#stop#end.", nil, "1"},
	{"break outside a loop stops the template", "a#break b", nil, "a"},
	{"literal", "#literal()$x #foo#end.", nil, "$x #foo."},

	// Odds and ends.
	{"loop counters vanish after the loop", "#foreach($i in [1])#end$velocityCount $foreach", nil, "$velocityCount $foreach"},
	{"index on a method result", `$s.split(",")[1] $s.split(",").get(0)`, map[string]any{"s": "a,b"}, "b a"},
	{"compareTo and equalsIgnoreCase(null)", `$s.compareTo("b") $s.compareTo("a") $s.equalsIgnoreCase($nope)`, map[string]any{"s": "a"}, "-1 0 false"},
	{"evaluate defines macros locally", "#evaluate('#macro(e)E#end#e()')#e()", nil, "E#e()"},
	{"define block is truthy", "#define($d)#end#if($d)yes#end", nil, "yes"},
	{"escaped method reference", `\$s.length() \$nope.length()`, map[string]any{"s": "abc"}, `$s.length() \$nope.length()`},
	{"reference followed by set in directive text", "#set($a = 1)$a#set($b = 2)$b", nil, "12"},
	{"quiet reference on a missing property", "[$!m.nope]", map[string]any{"m": map[string]any{}}, "[]"},
	{"JSONPath arguments stay literal", `$obj.echo('$.a[0]') $obj.echo("$.b")`, nil, "string $.a[0] string $.b"},
	{"dollar bracket is text", `$[0] $!['a']`, nil, `$[0] $!['a']`},

	// Host objects.
	{"object property and getter order", "$obj.name $obj.other $obj.dyn $obj.flag $obj.missing", nil, "prop getter dyn-value true $obj.missing"},
	{"object methods and argument conversion", `$obj.echo([1, "a"], "x", 3, 1.5, $obj)`, nil, "[]interface {} [1 a] string x int 3 float64 1.5 *vtl.fakeObject obj"},
	{"object unknown method prints literally", "$obj.nope(1)", nil, "$obj.nope(1)"},
	{"object result is normalised", "$obj.list().size() $obj.list()", nil, "2 [x, y]"},
	{"object toString fallback", "$obj $obj.toString()", nil, "obj obj"},
	{"set property on object", "#set($obj.color = 'red')$obj.color", nil, "red"},
}

type fakeObject struct {
	props map[string]any
}

func (o *fakeObject) String() string { return "obj" }

func (o *fakeObject) Property(name string) (any, bool) {
	if name == "name" {
		return "prop", true
	}
	v, ok := o.props[name]
	return v, ok
}

func (o *fakeObject) Call(name string, args []any) (any, bool, error) {
	switch {
	case name == "getOther" && len(args) == 0:
		return "getter", true, nil
	case name == "get" && len(args) == 1 && args[0] == "dyn":
		return "dyn-value", true, nil
	case name == "isFlag" && len(args) == 0:
		return true, true, nil
	case name == "echo":
		var parts []string
		for _, a := range args {
			parts = append(parts, fmt.Sprintf("%T %v", a, a))
		}
		return strings.Join(parts, " "), true, nil
	case name == "list":
		return []any{"x", "y"}, true, nil
	case name == "fail":
		return nil, true, errors.New("boom")
	case name == "panic":
		panic("host bug")
	case name == "setColor" && len(args) == 1:
		if o.props == nil {
			o.props = map[string]any{}
		}
		o.props["color"] = args[0]
		return "", true, nil
	}
	return nil, false, nil
}

// fakeUtil implements the part of $util the tests use.
type fakeUtil struct{}

func (fakeUtil) Property(string) (any, bool) { return nil, false }

func (fakeUtil) Call(name string, args []any) (any, bool, error) {
	if name == "escapeJavaScript" && len(args) == 1 {
		s, _ := args[0].(string)
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `'`, `\'`, "\n", `\n`)
		return r.Replace(s), true, nil
	}
	return nil, false, nil
}

func baseVars(extra map[string]any) map[string]any {
	vars := map[string]any{"name": "Bob", "obj": &fakeObject{}, "util": fakeUtil{}}
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

func TestRender(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range renderCases {
		if seen[c.name] {
			t.Fatalf("duplicate case name %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			tp, err := Parse("t", c.tmpl)
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.tmpl, err)
			}
			got, err := tp.Render(baseVars(c.vars), nil)
			if err != nil {
				t.Fatalf("Render(%q): %v", c.tmpl, err)
			}
			if got != c.want {
				t.Errorf("Render(%q)\n got: %q\nwant: %q", c.tmpl, got, c.want)
			}
		})
	}
}

// fakeInput is $input for the API Gateway "all params" template.
type fakeInput struct {
	params *Map
	body   string
}

func (in *fakeInput) Property(name string) (any, bool) {
	if name == "body" {
		return in.body, true
	}
	return nil, false
}

func (in *fakeInput) Call(name string, args []any) (any, bool, error) {
	switch name {
	case "params":
		if len(args) == 0 {
			return in.params, true, nil
		}
		if len(args) == 1 {
			key, _ := args[0].(string)
			for _, kind := range []string{"path", "querystring", "header"} {
				m, _ := in.params.Get(kind)
				if v, ok := m.(*Map).Get(key); ok {
					return v, true, nil
				}
			}
			return "", true, nil
		}
	case "json":
		return in.body, true, nil
	}
	return nil, false, nil
}

func newParams() *Map {
	path, qs, hdr := NewMap(), NewMap(), NewMap()
	path.Put("id", "7")
	qs.Put("a", "1")
	qs.Put("q", `x"y`)
	hdr.Put("Accept", "*/*")
	p := NewMap()
	p.Put("path", path)
	p.Put("querystring", qs)
	p.Put("header", hdr)
	return p
}

// allParamsTemplate is the shape of the "pass all request parameters" example in the
// API Gateway developer guide (api-gateway-mapping-variable-examples, Example 2).
const allParamsTemplate = `#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}
`

// The expected output follows 1.7's rules exactly: each "#foreach(...)" / "#if(...)"
// / "#end" line keeps its indentation and loses its newline, and the "#set" line
// after the outer #foreach loses both. That is why the indentation is uneven: this is
// what API Gateway itself produces for this template.
const allParamsWant = "{\n" +
	"  \"params\" : {\n" +
	"        \"path\" : {\n" +
	"            \"id\" : \"7\"\n" +
	"                }\n" +
	"    ,        \"querystring\" : {\n" +
	"            \"a\" : \"1\"\n" +
	"      ,            \"q\" : \"x\\\"y\"\n" +
	"                }\n" +
	"    ,        \"header\" : {\n" +
	"            \"Accept\" : \"*/*\"\n" +
	"                }\n" +
	"          }\n" +
	"}\n"

func TestAllParamsTemplate(t *testing.T) {
	tp, err := Parse("allParams", allParamsTemplate)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tp.Render(map[string]any{"input": &fakeInput{params: newParams()}, "util": fakeUtil{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got != allParamsWant {
		t.Errorf("got:\n%s\nwant:\n%s\n(got %q)", got, allParamsWant, got)
	}
}

func TestInputParamsLookup(t *testing.T) {
	tp, err := Parse("t", `{"id": "$input.params('id')", "q": "$input.params('q')", "none": "$input.params('none')", "body": $input.body}`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tp.Render(map[string]any{"input": &fakeInput{params: newParams(), body: `{"x":1}`}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id": "7", "q": "x"y", "none": "", "body": {"x":1}}`
	if got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestVarsAreNotModified(t *testing.T) {
	vars := map[string]any{"a": "host", "l": []any{1}}
	tp, err := Parse("t", "#set($a = 'tmpl')#set($b = 1)$l.add(2)$l")
	if err != nil {
		t.Fatal(err)
	}
	got, err := tp.Render(vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got != "true[1, 2]" {
		t.Errorf("got %q", got)
	}
	if vars["a"] != "host" || len(vars) != 2 || len(vars["l"].([]any)) != 1 {
		t.Errorf("vars modified: %v", vars)
	}
}

func TestConcurrentRender(t *testing.T) {
	tp, err := Parse("t", "#foreach($i in [1..50])#set($x = \"$name$i\")$x.length()#end")
	if err != nil {
		t.Fatal(err)
	}
	want, err := tp.Render(map[string]any{"name": "n"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 8)
	for g := 0; g < 8; g++ {
		go func() {
			out, _ := tp.Render(map[string]any{"name": "n"}, nil)
			done <- out
		}()
	}
	for g := 0; g < 8; g++ {
		if got := <-done; got != want {
			t.Errorf("concurrent render got %q want %q", got, want)
		}
	}
}

func TestMapAPI(t *testing.T) {
	m := NewMap()
	m.Put("b", 1)
	m.Put("a", []any{1})
	m.Put("b", 2)
	if m.Len() != 2 || strings.Join(m.Keys(), ",") != "b,a" {
		t.Fatalf("keys %v", m.Keys())
	}
	if v, ok := m.Get("b"); !ok || v != 2 {
		t.Errorf("Get(b) = %v %v", v, ok)
	}
	if m.String() != "{b=2, a=[1]}" {
		t.Errorf("String() = %q", m.String())
	}
	tp, _ := Parse("t", "#set($x = $m.put('c', [3]))$m")
	if out, err := tp.Render(map[string]any{"m": m}, nil); err != nil || out != "{b=2, a=[1], c=[3]}" {
		t.Errorf("render %q %v", out, err)
	}
	if v, _ := m.Get("c"); fmt.Sprintf("%T", v) != "[]interface {}" {
		t.Errorf("Get exported %T, want []any", v)
	}
	if !m.Delete("b") || m.Delete("zz") || strings.Join(m.Keys(), ",") != "a,c" {
		t.Errorf("Delete: keys %v", m.Keys())
	}
}

func TestFormatDouble(t *testing.T) {
	for f, want := range map[float64]string{
		1: "1.0", 0.1: "0.1", 1e10: "1.0E10", 1e-5: "1.0E-5", 1e7: "1.0E7", 9999999: "9999999.0",
		-2.5: "-2.5", 0.001: "0.001", 0.0009: "9.0E-4", 1.2345e-10: "1.2345E-10", 1e21: "1.0E21",
	} {
		if got := FormatDouble(f); got != want {
			t.Errorf("FormatDouble(%v) = %q, want %q", f, got, want)
		}
	}
}

// TestFormatDoubleFastPath checks the short-decimal fast path against strconv's
// shortest formatting on values around the forms payloads carry.
func TestFormatDoubleFastPath(t *testing.T) {
	slow := func(f float64) string {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	r := rand.New(rand.NewPCG(1, 2))
	check := func(f float64) {
		if a := math.Abs(f); a < 1e-3 || a >= 1e7 {
			return
		}
		if got, want := FormatDouble(f), slow(f); got != want {
			t.Fatalf("FormatDouble(%v) = %s, want %s", f, got, want)
		}
	}
	for _, f := range []float64{0.001, 0.005, 0.1, 0.3, 1, 12.5, 249.99, 0.99, -0.25, 9999999.999, 1234567.5, 0.0011, 0.123, 100, 1e6} {
		check(f)
	}
	for i := 0; i < 200000; i++ {
		n := r.Int64N(20_000_000_000) - 10_000_000_000
		k := r.IntN(6)
		check(float64(n) / math.Pow(10, float64(k)))
		check(r.Float64() * math.Pow(10, float64(r.IntN(10)-3)))
	}
}
