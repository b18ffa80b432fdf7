package websocket

import (
	"strconv"
	"time"

	"apigwlab/engine/throttle"
)

// throttled checks the stage's route throttling (defaultRouteSettings, routeSettings keyed by
// route key) and the account's, for a new connection (route $connect) or a message (its
// route), with the gateway's token buckets: the same Throttler REST and HTTP APIs use, so the
// account budget is shared as on AWS (fact 62). It records the throttle hop and reports
// whether the request was refused.
func (a *API) throttled(st *stage, routeKey string, ex *Exchange, now time.Time) bool {
	t := a.env.Throttle
	if t == nil {
		return false
	}
	d := t.Check(&throttle.Request{API: a.ID, Stage: st.name, Resource: routeKey, StageLimits: st.limits}, now)
	if h := ex.Trace.Hop("throttle", "", 0, 0); h != nil {
		h.Fact("bucket", d.Bucket).Fact("limits", d.Limits.String()).Fact("tokens", strconv.FormatFloat(d.Tokens, 'f', 2, 64))
		if d.OK {
			h.Decide("pass")
		} else {
			h.Decide("throttled").Fact("level", d.Level)
		}
	}
	if !d.OK {
		ex.ClientError, ex.Throttled = true, true
	}
	return !d.OK
}
