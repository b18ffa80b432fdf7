package engine

import "strconv"

func itoa(n int) string { return strconv.Itoa(n) }

func quote(s string) string { return strconv.Quote(s) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// canaryDraw returns a uniform number in [0,1) from the canary stream.
func (g *Gateway) canaryDraw() float64 {
	g.canary.mu.Lock()
	defer g.canary.mu.Unlock()
	return g.canary.rng.Float64()
}
