// Package names finds the name a user meant: "did you mean …?" for misspelt field names,
// types, operators and references, everywhere apigwlab reports a problem.
package names

import (
	"math"
	"strings"
)

// Suggest returns the candidate closest to s when there is an obvious one: the same word in
// another case, a small edit distance, or a prefix ("timeout" → "timeoutInMillis").
func Suggest(s string, cands []string) string {
	ls := strings.ToLower(s)
	best, bestScore := "", math.MaxInt
	for _, c := range cands {
		lc := strings.ToLower(c)
		score := math.MaxInt
		switch dist := Distance(ls, lc); {
		case lc == ls:
			score = 0
		case len(ls) >= 3 && dist <= max(1, min(3, len(ls)/3)):
			score = dist
		case len(ls) >= 4 && (strings.HasPrefix(lc, ls) || Distance(ls, lc[:min(len(lc), len(ls)+1)]) <= 1):
			score = 10 + len(lc) - len(ls)
		case len(lc) >= 4 && strings.HasPrefix(ls, lc):
			score = 10 + len(ls) - len(lc)
		}
		if score < bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		if a == b {
			return 0
		}
		return max(len(ra), len(rb))
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
