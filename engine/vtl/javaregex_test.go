package vtl

import (
	"strings"
	"testing"
)

func TestJavaRegexTranslation(t *testing.T) {
	for _, c := range []struct {
		pat, input string
		match      bool
	}{
		{`\p{Lower}+`, "abc", true},
		{`\P{Lower}+`, "ABC", true},
		{`[\p{Upper}\d]+`, "A1B2", true},
		{`\p{IsLatin}+`, "abc", true},
		{`\p{L}+`, "héllo", true},
		{`\u0041\u00e9`, "Aé", true},
		{`\0101`, "A", true},
		{`\s`, "\x0B", true},
		{`\S+`, "ab", true},
		{`\Q.*\E`, ".*", true},
		{`\Q.*\E`, "ab", false},
		{`a\Z`, "a", true},
		{`(?i)abc`, "ABC", true},
		{`(?iu)abc`, "ABC", true},
		{`(?s)a.b`, "a\nb", true},
		{`a{2,3}`, "aaa", true},
		{`a+?b`, "aab", true},
		{`(?<word>\w+)`, "abc", true},
		{`\e`, "\x1b", true},
		{`\cA`, "\x01", true},
		{`[^a-c]`, "d", true},
		{`x\.y`, "x.y", true},
	} {
		m, err := javaMatches(c.input, c.pat)
		if err != nil {
			t.Errorf("matches(%q, %q): %v", c.input, c.pat, err)
			continue
		}
		if m != c.match {
			t.Errorf("matches(%q, %q) = %v, want %v", c.input, c.pat, m, c.match)
		}
	}
}

func TestJavaRegexUnsupported(t *testing.T) {
	for pat, want := range map[string]string{
		`a(?=b)`:       "lookaround (?=",
		`a(?!b)`:       "lookaround (?!",
		`(?<=a)b`:      "lookaround (?<=",
		`(?<!a)b`:      "lookaround (?<!",
		`(?>a)`:        "atomic group",
		`a*+`:          "possessive quantifier",
		`a{2}+`:        "possessive quantifier",
		`(a)\1`:        "backreference",
		`(?<n>a)\k<n>`: "backreference",
		`[a-z&&[^b]]`:  "intersection",
		`[a[b]]`:       "union",
		`(?x)a b`:      "COMMENTS flag",
		`\G`:           "escape \\G",
		`\y`:           "Illegal/unsupported escape sequence",
		`a{`:           "Illegal repetition",
		`[ab`:          "Unclosed character class",
		`\p{Foo}`:      "Unknown character property",
		`\`:            "Unexpected internal error",
	} {
		_, err := compileJavaRegex(pat)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("compile(%q) = %v, want error containing %q", pat, err, want)
		}
	}
}

func TestJavaReplacement(t *testing.T) {
	for _, c := range []struct {
		s, pat, repl, want string
		all                bool
	}{
		{"abc", "(b)", "[$1]", "a[b]c", true},
		{"abc", "(b)", "$10", "ab0c", true},
		{"abab", "a", "x", "xbxb", true},
		{"abab", "a", "x", "xbab", false},
		{"abc", "(x)?b", "[$1]", "a[]c", true},
		{"a.b", "\\.", "\\$", "a$b", true},
		{"abc", "z", "$9", "abc", true}, // no match: the replacement is never parsed
		{"aaa", "", "-", "-a-a-a-", true},
	} {
		got, err := javaReplace(c.s, c.pat, c.repl, c.all, 1<<20)
		if err != nil || got != c.want {
			t.Errorf("replace(%q, %q, %q) = %q, %v; want %q", c.s, c.pat, c.repl, got, err, c.want)
		}
	}
	for _, repl := range []string{"$", "$x", "\\", "${nope}"} {
		if _, err := javaReplace("ab", "(a)", repl, true, 1<<20); err == nil {
			t.Errorf("replacement %q: want error", repl)
		}
	}
}

func TestJavaSplit(t *testing.T) {
	for _, c := range []struct {
		s, pat string
		limit  int
		want   string
	}{
		{"boo:and:foo", ":", 2, "boo|and:foo"},
		{"boo:and:foo", ":", 5, "boo|and|foo"},
		{"boo:and:foo", ":", -2, "boo|and|foo"},
		{"boo:and:foo", "o", 5, "b||:and:f||"},
		{"boo:and:foo", "o", -2, "b||:and:f||"},
		{"boo:and:foo", "o", 0, "b||:and:f"},
		{"", ",", 0, ""},
		{",", ",", 0, ""},
		{"abc", "", 0, "a|b|c"},
	} {
		parts, err := javaSplit(c.s, c.pat, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(parts, "|"); got != c.want {
			t.Errorf("split(%q, %q, %d) = %q, want %q", c.s, c.pat, c.limit, got, c.want)
		}
	}
}
