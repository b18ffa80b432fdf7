// Package scenarios reads scenario files (a workspace, traffic phases, timed control-plane
// events and expectations), replays them through the engine in virtual time, and reports
// what happened. Same file and same seed give a byte-identical report.
package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/model"
)

// Scenario is one scenario file.
type Scenario struct {
	Name        string
	Description string
	Seed        uint64
	// Start is the virtual instant the run begins (default 2026-01-01T00:00:00Z), so quotas
	// that reset at midnight UTC can be reproduced.
	Start time.Time
	// Duration is how long traffic is generated; default: the end of the last phase.
	Duration time.Duration
	// Workspace is the gateway configuration: loaded from WorkspacePath or written inline.
	Workspace     *model.Workspace
	WorkspacePath string
	Traffic       []*Phase
	// Connections, Pushes and Disconnects drive the workspace's WebSocket APIs (wsformat.go).
	Connections []*ConnGroup
	Pushes      []*Push
	Disconnects []*Storm
	Events      []*Event
	Expect      []*Expectation
	Source      string // file the scenario came from
	reload      func() (*model.Workspace, error)
}

// Phase is traffic between From and To: open-loop arrivals at a rate (fixed or ramped,
// uniform or Poisson), or a closed loop of Clients each waiting ThinkTime between requests.
type Phase struct {
	Name       string
	From, To   time.Duration
	Rate       Rate
	Arrival    string // uniform (default) | poisson
	Requests   []*RequestTemplate
	Identities []*Identity
	Pick       string // round-robin (default) | weighted: how identities are drawn
	Clients    int
	ThinkTime  time.Duration
	Pos        model.Pos
}

// Rate is requests per second, possibly ramping linearly from From to To over the phase.
type Rate struct {
	From, To float64 // per second
	Text     string
}

// At returns the rate at fraction f (0..1) of the phase.
func (r Rate) At(f float64) float64 { return r.From + (r.To-r.From)*f }

// RequestTemplate is one kind of request a phase sends; Weight matters in a mix.
type RequestTemplate struct {
	API      string
	Method   string
	Path     string // with the stage, may carry ?query
	Headers  map[string]string
	Query    map[string]string
	Body     string
	SourceIP string
	// SourceVpce is the interface VPC endpoint the request arrives through (PRIVATE APIs,
	// aws:SourceVpce in resource policies).
	SourceVpce string
	Weight     float64
}

// Identity is a client identity (API key, token…) added to requests, drawn round-robin or by weight.
type Identity struct {
	Name       string
	Headers    map[string]string
	Query      map[string]string
	SourceIP   string
	SourceVpce string
	Weight     float64
	// Token signs the identity in to a user pool of the workspace when the run starts: a
	// Cognito JWT minted at the scenario's start time goes into Token.Header.
	Token *TokenSpec
}

// TokenSpec is a Cognito token an identity sends: `token: {userPool: users, user: alice,
// scopes: [pets/read], ttl: 1h}`. Without scopes it is an ID token, with them an access
// token (tokenUse overrides). It is minted once, at the run's start, and expires after ttl
// (default 1h, Cognito's default) — a long run sees the 401 "The incoming token has expired".
type TokenSpec struct {
	UserPool, User, Client string
	Scopes                 []string
	TokenUse               string
	TTL                    time.Duration
	Header                 string // default Authorization
	Pos                    model.Pos
}

// Event is a control-plane command applied at a virtual instant.
type Event struct {
	At  time.Duration
	Do  string
	Pos model.Pos
}

// Expectation is a check on a metric over a window of the run.
type Expectation struct {
	Metric  string
	Window  Window
	AtLeast *float64
	AtMost  *float64
	Equals  *float64
	Between *[2]float64
	Pos     model.Pos
}

// Window is [From, To) of the run; All when not given.
type Window struct {
	From, To time.Duration
	All      bool
	Text     string
}

// Contains reports whether offset t falls in the window.
func (w Window) Contains(t time.Duration) bool { return w.All || (t >= w.From && t < w.To) }

func (w Window) String() string {
	if w.All {
		return "all"
	}
	return w.Text
}

// Want describes the comparison, e.g. "≥ 0.5" or "between 10 and 20".
func (e *Expectation) Want() string {
	switch {
	case e.AtLeast != nil && e.AtMost != nil:
		return fmt.Sprintf("between %s and %s", num(*e.AtLeast), num(*e.AtMost))
	case e.AtLeast != nil:
		return "≥ " + num(*e.AtLeast)
	case e.AtMost != nil:
		return "≤ " + num(*e.AtMost)
	case e.Equals != nil:
		return "= " + num(*e.Equals)
	case e.Between != nil:
		return fmt.Sprintf("between %s and %s", num(e.Between[0]), num(e.Between[1]))
	}
	return "?"
}

// Holds reports whether an observed value satisfies the expectation.
func (e *Expectation) Holds(got float64) bool {
	const eps = 1e-9
	ok := true
	if e.AtLeast != nil {
		ok = ok && got >= *e.AtLeast-eps
	}
	if e.AtMost != nil {
		ok = ok && got <= *e.AtMost+eps
	}
	if e.Equals != nil {
		ok = ok && got >= *e.Equals-eps && got <= *e.Equals+eps
	}
	if e.Between != nil {
		ok = ok && got >= e.Between[0]-eps && got <= e.Between[1]+eps
	}
	return ok
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ParseRate reads "300/s", "5/min", "2/h", "1/5min", "10/s..500/s" (a ramp).
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if a, b, ok := strings.Cut(s, ".."); ok {
		from, err := parseOneRate(a)
		if err != nil {
			return Rate{}, err
		}
		to, err := parseOneRate(b)
		if err != nil {
			return Rate{}, err
		}
		return Rate{From: from, To: to, Text: s}, nil
	}
	r, err := parseOneRate(s)
	return Rate{From: r, To: r, Text: s}, err
}

func parseOneRate(s string) (float64, error) {
	n, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return 0, fmt.Errorf("%q is not a rate: write 300/s, 5/min or a ramp 10/s..500/s", s)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a rate: %q is not a number ≥ 0", s, n)
	}
	// "1/5min" is one every five minutes: a number may lead the unit.
	unit = strings.TrimSpace(unit)
	per := 1.0
	if i := strings.IndexFunc(unit, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }); i > 0 {
		p, err := strconv.ParseFloat(unit[:i], 64)
		if err != nil || p <= 0 {
			return 0, fmt.Errorf("%q is not a rate: write 1/5min for one every five minutes", s)
		}
		per, unit = p, unit[i:]
	}
	switch unit {
	case "s", "sec", "second":
		return v / per, nil
	case "min", "m", "minute":
		return v / 60 / per, nil
	case "h", "hour":
		return v / 3600 / per, nil
	case "day", "d":
		return v / 86400 / per, nil
	}
	return 0, fmt.Errorf("%q is not a rate: unit %q must be s, min, h or day (optionally with a number: 1/5min)", s, unit)
}

// ParseWindow reads "0s-30s", "30s-1m", "all".
func ParseWindow(s string) (Window, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "all" {
		return Window{All: true}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Window{}, fmt.Errorf("%q is not a window: write 0s-30s", s)
	}
	from, err1 := time.ParseDuration(strings.TrimSpace(a))
	to, err2 := time.ParseDuration(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || to <= from || from < 0 {
		return Window{}, fmt.Errorf("%q is not a window: write FROM-TO with FROM < TO, e.g. 0s-30s", s)
	}
	return Window{From: from, To: to, Text: s}, nil
}
