package model

import (
	"regexp"
	"sync"
)

// lazyRegexp is a regular expression compiled at its first use, not at start-up: the
// package's ~50 validation patterns took about a third of `apigwlab --help`'s init work
// (GODEBUG=inittrace=1: 1.2 MB, 14,700 allocations), paid by every command and the TUI's
// first frame though most never validate (issue 15, fast start).
type lazyRegexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

// lazyREs lists every pattern, so that a test compiles them all (a bad one fails there,
// not at a user's first validation).
var lazyREs []*lazyRegexp

func lazyRE(src string) *lazyRegexp {
	l := &lazyRegexp{src: src}
	lazyREs = append(lazyREs, l)
	return l
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool { return l.get().MatchString(s) }

func (l *lazyRegexp) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }

func (l *lazyRegexp) ReplaceAllString(src, repl string) string {
	return l.get().ReplaceAllString(src, repl)
}
