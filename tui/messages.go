package tui

import (
	"apigwlab/engine"
	"apigwlab/scenarios"
)

// Typed messages between the root and the screens. Input goes to the active screen; these
// reach their owner whatever screen is showing.

// responseMsg carries a request the gateway answered; the root adds it to the history and
// hands it to every screen that shows requests.
type responseMsg struct{ entry *entry }

// showFlowMsg asks the root to open the flow view on one request of the history.
type showFlowMsg struct{ seq int }

// statusMsg is a one-line notice for the header (an error when err is set).
type statusMsg struct {
	text string
	err  bool
}

// scenarioMsg carries what a scenario run produced since the last message: samples as the
// runner closes each virtual second, then the result (or the error) when it is done.
type scenarioMsg struct {
	run     int
	samples []scenarios.Sample
	reqs    []sampleReq     // one traced request per second, for the flow view
	gw      *engine.Gateway // the run's gateway, in its first message
	done    bool
	result  *scenarios.Result
	err     error
}

// flowTickMsg moves the flow view's playing cursor one stage on.
type flowTickMsg struct{ gen int }

// scenarioTickMsg paces the reveal of a run's samples at the chosen speed.
type scenarioTickMsg struct{ run int }
