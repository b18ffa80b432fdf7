package observe

import "strings"

// AccessLogLine renders a stage's accessLogSettings.format: each $context.NAME (or
// ${context.NAME}) is replaced by value(NAME), "-" when it is empty, as API Gateway writes
// empty access-log values. The format is plain substitution, not a mapping template. REST,
// HTTP and WebSocket APIs render their access logs with it; each passes its own variables.
func AccessLogLine(format string, value func(name string) string) string {
	var b strings.Builder
	b.Grow(len(format) + 32)
	f := format
	for {
		i := strings.Index(f, "$context.")
		braced := false
		if j := strings.Index(f, "${context."); j >= 0 && (i < 0 || j < i) {
			i, braced = j, true
		}
		if i < 0 {
			b.WriteString(f)
			break
		}
		b.WriteString(f[:i])
		start := i + len("$context.")
		if braced {
			start = i + len("${context.")
		}
		// A name is letters, digits, _ and -, with dots between them (a trailing dot is text).
		end := start
		for end < len(f) && (isNameByte(f[end]) || f[end] == '.' && end+1 < len(f) && isNameByte(f[end+1])) {
			end++
		}
		name := f[start:end]
		if braced && end < len(f) && f[end] == '}' {
			end++
		}
		v := value(name)
		if v == "" {
			v = "-"
		}
		b.WriteString(v)
		f = f[end:]
	}
	return b.String()
}

func isNameByte(ch byte) bool {
	return ch == '_' || ch == '-' || ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z'
}
