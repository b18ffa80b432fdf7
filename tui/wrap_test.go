package tui

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"apigwlab/labs"
	"apigwlab/quiz"
	"apigwlab/scenarios"
)

// squeeze is text with every space and newline gone: what wrapping must keep exactly.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// mdText is markdown with its markup gone as the renderer takes it away: fences, heading
// marks, ** and * (backticks stay: without colours the renderer keeps them).
func mdText(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") {
			continue
		}
		out = append(out, heading.ReplaceAllString(t, ""))
	}
	return strings.ReplaceAll(squeeze(strings.Join(out, "\n")), "*", "")
}

// texts are every piece of prose the TUI wraps: labs (instructions, objectives, hints,
// explanations, solutions), quiz questions and the bundled scenarios' reports.
func texts(t *testing.T) (markdown, plain map[string]string) {
	t.Helper()
	markdown, plain = map[string]string{}, map[string]string{}
	cat, err := labs.Load(labs.Dirs()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range cat.Labs {
		plain[l.ID+" summary"] = l.Summary
		for i, s := range l.Steps {
			id := l.ID + " step " + string(rune('1'+i))
			markdown[id+" instructions"] = s.Instructions
			markdown[id+" explanation"] = s.Explanation
			plain[id+" note"] = s.Solution.Note
			for j, h := range s.Hints {
				plain[id+" hint "+string(rune('1'+j))] = h
			}
			for j, c := range s.Solution.Commands {
				plain[id+" command "+string(rune('1'+j))] = ": " + c
			}
			for j, o := range s.Objectives {
				plain[id+" objective "+string(rune('1'+j))] = "✗ " + o.Title
			}
		}
	}
	bank, err := quiz.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range bank.Questions {
		markdown[q.ID+" question"] = q.Question
		markdown[q.ID+" explanation"] = q.Explanation
		for j, o := range q.Options {
			plain[q.ID+" option "+string(rune('a'+j))] = o.Text
			plain[q.ID+" why "+string(rune('a'+j))] = o.Why
		}
	}
	infos, err := scenarios.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infos {
		sc, err := scenarios.LoadBundled(in.Name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := scenarios.Run(sc, scenarios.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := res.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		plain[in.Name+" report"] = b.String()
	}
	return markdown, plain
}

// Issue 15 bug 5: wrapping dropped a comma, put a space after "op=replace,", split
// "--patch-" from "operations" and URLs. Every text at every width keeps every character,
// and no line is wider than asked.
func TestWrappingKeepsEveryCharacter(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every bundled scenario")
	}
	mdTexts, plain := texts(t)
	var md markdown
	for w := 60; w <= 200; w += 7 {
		for id, s := range plain {
			for _, indent := range []int{0, 4, 12} {
				lines := wrapIndent(s, w, indent)
				if got, want := squeeze(strings.Join(lines, "\n")), squeeze(s); got != want {
					t.Fatalf("%s at %d (indent %d) changed the text:\n got %q\nwant %q", id, w, indent, got, want)
				}
				for _, l := range lines {
					if lw := len([]rune(l)); lw > w && strings.ContainsRune(s, ' ') {
						t.Fatalf("%s at %d: a line of %d cells: %q", id, w, lw, l)
					}
				}
			}
		}
		for id, s := range mdTexts {
			out := md.render(s, w)
			if got, want := strings.ReplaceAll(squeeze(out), "*", ""), mdText(s); got != want {
				t.Fatalf("%s at %d changed the text:\n got %q\nwant %q", id, w, got, want)
			}
		}
	}
}

func TestWrapBreaksOnlyAtSpaces(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"canary (10% 50%, all) then", 12, []string{"canary (10%", "50%, all)", "then"}},
		{"update-stage --patch-operations op=replace,path=/a,value=1", 20,
			[]string{"update-stage", "--patch-operations", "op=replace,path=/a,v", "alue=1"}}, // wider than a line: cut
		{"see https://docs.aws.amazon.com/apigateway/ now", 30, []string{"see", "https://docs.aws.amazon.com/ap", "igateway/ now"}},
		{"  goal:     x", 40, []string{"  goal:     x"}},
		{"goal: canarySettings.stageVariableOverrides.alias", 30, []string{"goal: canarySettings.stageVari", "ableOverrides.alias"}},
	}
	for _, tt := range tests {
		got := wrapIndent(tt.in, tt.width, 0)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
	got := (&markdown{}).render("run `apigwlab lab exec x -- get-stage` now, then more words here", 40)
	if !strings.Contains(got, "`apigwlab lab exec x -- get-stage`") {
		t.Errorf("a code span that fits was broken:\n%s", got)
	}
}
