package throttle

import "apigwlab/engine/model"

// V2StageLimits converts an apigatewayv2 stage's throttling (HTTP and WebSocket APIs) into
// MethodLimits keyed by route key: defaultRouteSettings is AllMethods, each routeSettings
// entry is MethodKey{Resource: routeKey}. An unset half of a route's settings falls back to
// the stage default's, and an unset half of the default to the account's (10,000 rps / 5,000
// burst), since a stage cannot exceed the account limits (aws-facts-v2 fact 62). Nil when
// the stage sets no throttling.
func V2StageLimits(st *model.V2Stage) MethodLimits {
	out := MethodLimits{}
	if d := st.DefaultRouteSettings; d != nil && (d.ThrottlingBurstLimit != nil || d.ThrottlingRateLimit != nil) {
		out[AllMethods] = v2Limits(d)
	}
	for k, s := range st.RouteSettings {
		if s != nil && (s.ThrottlingBurstLimit != nil || s.ThrottlingRateLimit != nil) {
			l := v2Limits(s)
			if d, ok := out[AllMethods]; ok {
				if s.ThrottlingBurstLimit == nil {
					l.Burst = d.Burst
				}
				if s.ThrottlingRateLimit == nil {
					l.Rate = d.Rate
				}
			}
			out[MethodKey{Resource: k}] = l
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func v2Limits(s *model.RouteSettings) Limits {
	l := DefaultAccountLimits
	if s.ThrottlingBurstLimit != nil {
		l.Burst = *s.ThrottlingBurstLimit
	}
	if s.ThrottlingRateLimit != nil {
		l.Rate = *s.ThrottlingRateLimit
	}
	return l
}
