package tui

import (
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"apigwlab/engine/observe"
)

// mappingDiff shows what a mapping template did: the body before and after, pretty-printed
// when JSON, as a whole-text line diff ("-" only before, "+" only after). It returns nil when
// there is nothing to compare.
func mappingDiff(st *Styles, title, before, after string, w int) []string {
	if before == "" && after == "" {
		return nil
	}
	b, a := prettyJSON(before), prettyJSON(after)
	lines := []string{"", st.Flow.DetailHead.Render(title)}
	if b == a {
		return append(lines, st.Dim.Render("  (unchanged: the body passed through as it was)"))
	}
	for _, l := range diffLines(b, a) {
		var s string
		switch l[0] {
		case '-':
			s = st.Status.Err.Render(l)
		case '+':
			s = st.Status.OK.Render(l)
		default:
			s = st.Dim.Render(l)
		}
		lines = append(lines, wrapIndent(s, w, 2)...)
	}
	return lines
}

// diffLines is a whole-text line diff: each line prefixed "- ", "+ " or "  ".
func diffLines(before, after string) []string {
	if !strings.HasSuffix(before, "\n") {
		before += "\n"
	}
	if !strings.HasSuffix(after, "\n") {
		after += "\n"
	}
	u, err := udiff.ToUnifiedDiff("before", "after", before, udiff.Strings(before, after), 1<<20)
	if err != nil {
		return []string{"- " + before, "+ " + after}
	}
	var out []string
	for _, h := range u.Hunks {
		for _, l := range h.Lines {
			text := strings.TrimSuffix(l.Content, "\n")
			switch l.Kind {
			case udiff.Delete:
				out = append(out, "- "+text)
			case udiff.Insert:
				out = append(out, "+ "+text)
			default:
				out = append(out, "  "+text)
			}
		}
	}
	return out
}

// hopFact is the value of a fact of the first hop of a stage ("" when absent).
func hopFact(t *observe.Trace, stage, key string) string {
	if t == nil {
		return ""
	}
	for _, h := range t.Hops {
		if h.Stage == stage {
			return h.Get(key)
		}
	}
	return ""
}
