package vtl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Java regular expressions (String.matches/replaceAll/replaceFirst/split) run on Go's
// RE2 engine after translation. RE2 guarantees linear time, which a gateway wants, but
// cannot express some java.util.regex features. Those are reported as a
// PatternSyntaxException-style error naming the feature rather than silently
// matching differently:
//   - lookahead/lookbehind (?=, (?!, (?<=, (?<!; atomic groups (?>; possessive
//     quantifiers *+ ++ ?+ {n}+; backreferences \1 and \k<name>; \G \R \X \K;
//     class unions/intersections [a[b]] [a&&b]; the COMMENTS flag (?x).
// Translated: \uXXXX, \0oct, \e, \cX, \s (Java's includes \x0B), \Z (as \z),
// \p{Lower}-style POSIX classes, \p{IsLatin}/\p{IsL}. Known approximations: Java's "."
// also excludes \r, \u0085, \u2028, \u2029 and Java's "$" also matches before a final
// line terminator; RE2 treats only \n specially and "$" as end of text.

var regexCache sync.Map // pattern -> *regexp.Regexp or error
var regexCacheSize int64
var regexCacheMu sync.Mutex

const maxCachedRegexps = 512

func compileJavaRegex(pat string) (*regexp.Regexp, error) {
	if v, ok := regexCache.Load(pat); ok {
		if re, ok := v.(*regexp.Regexp); ok {
			return re, nil
		}
		return nil, v.(error)
	}
	var val any
	re, err := translateAndCompile(pat)
	if err != nil {
		val = err
	} else {
		val = re
	}
	regexCacheMu.Lock()
	if regexCacheSize < maxCachedRegexps {
		regexCache.Store(pat, val)
		regexCacheSize++
	}
	regexCacheMu.Unlock()
	return re, err
}

func patternError(pat, format string, args ...any) error {
	return &javaException{"java.util.regex.PatternSyntaxException", fmt.Sprintf(format, args...) + " near index 0\n" + pat + " (not supported by this simulator's RE2 engine)"}
}

var posixClasses = map[string]string{
	"Lower": "lower", "Upper": "upper", "ASCII": "ascii", "Alpha": "alpha", "Digit": "digit",
	"Alnum": "alnum", "Punct": "punct", "Graph": "graph", "Print": "print", "Blank": "blank",
	"Cntrl": "cntrl", "XDigit": "xdigit", "Space": "space",
}

const javaSpace = `\t\n\x0B\f\r `

func translateAndCompile(pat string) (*regexp.Regexp, error) {
	var b strings.Builder
	inClass := false
	classStart := 0
	prevQuant := false // previous token was a quantifier (for possessive detection)
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		wasQuant := prevQuant
		prevQuant = false
		switch {
		case c == '\\':
			if i+1 >= len(pat) {
				return nil, &javaException{"java.util.regex.PatternSyntaxException", "Unexpected internal error near index " + strconv.Itoa(len(pat)) + "\n" + pat}
			}
			e := pat[i+1]
			i++
			switch {
			case e == 'Q':
				end := strings.Index(pat[i+1:], `\E`)
				lit := ""
				if end < 0 {
					lit = pat[i+1:]
					i = len(pat)
				} else {
					lit = pat[i+1 : i+1+end]
					i += end + 2
				}
				b.WriteString(regexp.QuoteMeta(lit))
			case e == 'u':
				if i+4 >= len(pat) {
					return nil, patternError(pat, "Illegal Unicode escape sequence")
				}
				if _, err := strconv.ParseUint(pat[i+1:i+5], 16, 16); err != nil {
					return nil, patternError(pat, "Illegal Unicode escape sequence")
				}
				b.WriteString(`\x{` + pat[i+1:i+5] + `}`)
				i += 4
			case e == '0':
				j := i + 1
				for j < len(pat) && j < i+4 && pat[j] >= '0' && pat[j] <= '7' {
					j++
				}
				if j == i+1 {
					return nil, patternError(pat, "Illegal octal escape sequence")
				}
				v, _ := strconv.ParseUint(pat[i+1:j], 8, 32)
				fmt.Fprintf(&b, `\x{%x}`, v)
				i = j - 1
			case e == 'e':
				b.WriteString(`\x{1b}`)
			case e == 'c':
				if i+1 >= len(pat) {
					return nil, patternError(pat, "Illegal control escape sequence")
				}
				fmt.Fprintf(&b, `\x{%x}`, pat[i+1]^64)
				i++
			case e == 's':
				if inClass {
					b.WriteString(javaSpace)
				} else {
					b.WriteString(`[` + javaSpace + `]`)
				}
			case e == 'S' && !inClass:
				b.WriteString(`[^` + javaSpace + `]`)
			case e == 'Z':
				b.WriteString(`\z`)
			case e == 'p' || e == 'P':
				name := ""
				if i+1 < len(pat) && pat[i+1] == '{' {
					end := strings.IndexByte(pat[i+1:], '}')
					if end < 0 {
						return nil, patternError(pat, "Unclosed character family")
					}
					name = pat[i+2 : i+1+end]
					i += end + 1
				} else if i+1 < len(pat) {
					name = pat[i+1 : i+2]
					i++
				}
				neg := e == 'P'
				if pc, ok := posixClasses[name]; ok {
					switch {
					case inClass && neg:
						b.WriteString("[:^" + pc + ":]")
					case inClass:
						b.WriteString("[:" + pc + ":]")
					case neg:
						b.WriteString("[^[:" + pc + ":]]")
					default:
						b.WriteString("[[:" + pc + ":]]")
					}
					break
				}
				name = strings.TrimPrefix(name, "Is")
				if _, ok := unicode.Categories[name]; !ok {
					if _, ok := unicode.Scripts[name]; !ok {
						return nil, patternError(pat, "Unknown character property name {%s}", name)
					}
				}
				fmt.Fprintf(&b, `\%c{%s}`, e, name)
			case e >= '1' && e <= '9' || e == 'k':
				return nil, patternError(pat, "backreference \\%c", e)
			case strings.IndexByte("GRXKhHvV", e) >= 0:
				return nil, patternError(pat, "escape \\%c", e)
			case strings.IndexByte("tnrfadDwWbBAzxS", e) >= 0:
				b.WriteByte('\\')
				b.WriteByte(e)
			case e < 0x80 && (isAlpha(e) || isDigit(e)):
				return nil, &javaException{"java.util.regex.PatternSyntaxException", fmt.Sprintf("Illegal/unsupported escape sequence near index %d\n%s", i, pat)}
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		case inClass:
			switch {
			case c == '[' && i > classStart:
				return nil, patternError(pat, "character class union [a[b]]")
			case c == '&' && i+1 < len(pat) && pat[i+1] == '&':
				return nil, patternError(pat, "character class intersection &&")
			case c == ']' && i > classStart:
				inClass = false
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			classStart = i + 1
			if i+1 < len(pat) && pat[i+1] == '^' {
				classStart++
			}
			b.WriteByte(c)
		case c == '(' && strings.HasPrefix(pat[i:], "(?"):
			rest := pat[i+2:]
			switch {
			case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"),
				strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
				tok := rest[:1]
				if rest[0] == '<' {
					tok = rest[:2]
				}
				return nil, patternError(pat, "lookaround (?%s", tok)
			case strings.HasPrefix(rest, ">"):
				return nil, patternError(pat, "atomic group (?>")
			case strings.HasPrefix(rest, "<"), strings.HasPrefix(rest, ":"):
				b.WriteString("(?")
				i++
			default:
				// Inline flags (?idmsuxU-...) or (?flags:...). RE2 knows i, m, s; Java's
				// d (UNIX_LINES), u and U (Unicode case/classes) are dropped; x is refused.
				j := 0
				var fl strings.Builder
				for j < len(rest) && strings.IndexByte("idmsuxU-", rest[j]) >= 0 {
					switch rest[j] {
					case 'x':
						return nil, patternError(pat, "COMMENTS flag (?x)")
					case 'i', 'm', 's', '-':
						fl.WriteByte(rest[j])
					}
					j++
				}
				if j >= len(rest) || (rest[j] != ')' && rest[j] != ':') {
					return nil, patternError(pat, "Unknown inline modifier")
				}
				flags := strings.TrimSuffix(fl.String(), "-")
				if flags == "" {
					if rest[j] == ':' {
						b.WriteString("(?:")
					} else {
						b.WriteString("(?:)")
					}
				} else {
					b.WriteString("(?" + flags + string(rest[j]))
				}
				i += 2 + j
			}
		case c == '*' || c == '+' || c == '?':
			if c == '+' && wasQuant {
				return nil, patternError(pat, "possessive quantifier")
			}
			if c == '?' && wasQuant {
				b.WriteByte(c) // lazy quantifier
				break
			}
			b.WriteByte(c)
			prevQuant = true
		case c == '{':
			end := strings.IndexByte(pat[i:], '}')
			if end > 0 && isRepeat(pat[i+1:i+end]) {
				b.WriteString(pat[i : i+end+1])
				i += end
				prevQuant = true
			} else {
				return nil, &javaException{"java.util.regex.PatternSyntaxException", fmt.Sprintf("Illegal repetition near index %d\n%s", i, pat)}
			}
		default:
			b.WriteByte(c)
		}
	}
	if inClass {
		return nil, &javaException{"java.util.regex.PatternSyntaxException", "Unclosed character class near index " + strconv.Itoa(len(pat)-1) + "\n" + pat}
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, &javaException{"java.util.regex.PatternSyntaxException", err.Error()}
	}
	return re, nil
}

func isRepeat(s string) bool {
	lo, hi, comma := strings.Cut(s, ",")
	if lo == "" {
		return false
	}
	for _, part := range []string{lo, hi} {
		for i := 0; i < len(part); i++ {
			if !isDigit(part[i]) {
				return false
			}
		}
	}
	if !comma {
		return hi == ""
	}
	return true
}

// replSeg is one piece of a Java replacement string: literal text or a group.
type replSeg struct {
	lit   string
	group int // -1 for literal
	name  string
}

// parseReplacement implements Matcher.appendReplacement's syntax: "\x" quotes x,
// "$n" and "${name}" insert groups. Java reads as many digits as still name an
// existing group, so with 1 group "$10" is group 1 then "0".
func parseReplacement(repl string, re *regexp.Regexp) ([]replSeg, error) {
	var segs []replSeg
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			segs = append(segs, replSeg{lit: lit.String(), group: -1})
			lit.Reset()
		}
	}
	groups := re.NumSubexp()
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		switch c {
		case '\\':
			i++
			if i >= len(repl) {
				return nil, &javaException{"java.lang.IllegalArgumentException", "character to be escaped is missing"}
			}
			lit.WriteByte(repl[i])
		case '$':
			i++
			if i >= len(repl) {
				return nil, &javaException{"java.lang.IllegalArgumentException", "Illegal group reference: group index is missing"}
			}
			if repl[i] == '{' {
				end := strings.IndexByte(repl[i:], '}')
				if end < 0 {
					return nil, &javaException{"java.lang.IllegalArgumentException", "named capturing group is missing trailing '}'"}
				}
				name := repl[i+1 : i+end]
				if re.SubexpIndex(name) < 0 {
					return nil, &javaException{"java.lang.IllegalArgumentException", "No group with name {" + name + "}"}
				}
				flush()
				segs = append(segs, replSeg{group: re.SubexpIndex(name), name: name})
				i += end
				continue
			}
			if !isDigit(repl[i]) {
				return nil, &javaException{"java.lang.IllegalArgumentException", "Illegal group reference"}
			}
			ref := int(repl[i] - '0')
			if ref > groups {
				return nil, &javaException{"java.lang.IndexOutOfBoundsException", "No group " + strconv.Itoa(ref)}
			}
			for i+1 < len(repl) && isDigit(repl[i+1]) {
				next := ref*10 + int(repl[i+1]-'0')
				if next > groups {
					break
				}
				ref = next
				i++
			}
			flush()
			segs = append(segs, replSeg{group: ref})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return segs, nil
}

// javaReplace is String.replaceAll / replaceFirst with Java replacement syntax.
func javaReplace(s, pat, repl string, all bool, limit int) (string, error) {
	re, err := compileJavaRegex(pat)
	if err != nil {
		return "", err
	}
	n := -1
	if !all {
		n = 1
	}
	matches := re.FindAllStringSubmatchIndex(s, n)
	if len(matches) == 0 {
		return s, nil
	}
	segs, err := parseReplacement(repl, re)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	last := 0
	add := func(str string) error {
		if b.Len()+len(str) > limit {
			return errValueTooLarge
		}
		b.WriteString(str)
		return nil
	}
	for _, m := range matches {
		if err := add(s[last:m[0]]); err != nil {
			return "", err
		}
		for _, sg := range segs {
			if sg.group < 0 {
				if err := add(sg.lit); err != nil {
					return "", err
				}
			} else if m[2*sg.group] >= 0 {
				if err := add(s[m[2*sg.group]:m[2*sg.group+1]]); err != nil {
					return "", err
				}
			}
		}
		last = m[1]
	}
	if err := add(s[last:]); err != nil {
		return "", err
	}
	return b.String(), nil
}

// javaSplit is String.split(regex, limit) as of Java 8: a zero-width match at the
// start never yields a leading empty string, and with limit 0 trailing empty
// strings are removed.
func javaSplit(s, pat string, limit int) ([]string, error) {
	re, err := compileJavaRegex(pat)
	if err != nil {
		return nil, err
	}
	var out []string
	index := 0
	limited := limit > 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if !limited || len(out) < limit-1 {
			if index == 0 && m[0] == 0 && m[0] == m[1] {
				continue
			}
			out = append(out, s[index:m[0]])
			index = m[1]
		} else {
			break
		}
	}
	if index == 0 {
		return []string{s}, nil
	}
	out = append(out, s[index:])
	if limit == 0 {
		for len(out) > 0 && out[len(out)-1] == "" {
			out = out[:len(out)-1]
		}
	}
	return out, nil
}

// javaMatches is String.matches: the whole input must match.
func javaMatches(s, pat string) (bool, error) {
	if _, err := compileJavaRegex(pat); err != nil {
		return false, err
	}
	full, err := compileJavaRegex(`\A(?:` + pat + `)\z`)
	if err != nil {
		return false, err
	}
	return full.MatchString(s), nil
}
