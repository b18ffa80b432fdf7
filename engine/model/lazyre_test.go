package model

import "testing"

// Every validation pattern compiles (they are compiled at first use, not at init).
func TestLazyPatternsCompile(t *testing.T) {
	if len(lazyREs) < 40 {
		t.Fatalf("%d lazy patterns: the package's validation patterns are no longer registered", len(lazyREs))
	}
	for _, l := range lazyREs {
		l.get() // panics on a bad pattern
	}
}
