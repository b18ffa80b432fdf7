package cache

import (
	"strings"
	"time"

	"apigwlab/engine/model"
)

// The unauthorizedCacheControlHeaderStrategy values (API reference MethodSetting; enum
// UnauthorizedCacheControlHeaderStrategy). Real AWS defaults a new method setting to
// SUCCEED_WITH_RESPONSE_HEADER (aws-facts §4.1, LocalStack snapshot of real AWS).
const (
	FailWith403                  = "FAIL_WITH_403"
	SucceedWithResponseHeader    = "SUCCEED_WITH_RESPONSE_HEADER"
	SucceedWithoutResponseHeader = "SUCCEED_WITHOUT_RESPONSE_HEADER"
)

// Settings is the caching configuration of one method of a stage, resolved from the stage's
// methodSettings.
type Settings struct {
	Enabled                             bool          // cachingEnabled, after AWS's GET-only default
	TTL                                 time.Duration // cacheTtlInSeconds; 0 disables caching
	Encrypted                           bool          // cacheDataEncrypted: recorded only, nothing is encrypted
	RequireAuthorizationForCacheControl bool          // default true
	UnauthorizedStrategy                string        // unauthorizedCacheControlHeaderStrategy
}

// DefaultSettings are AWS's values for a method with no setting of its own: caching off, TTL
// 300 s, authorization required for Cache-Control, SUCCEED_WITH_RESPONSE_HEADER (real AWS
// defaults of a new "*/*" method setting, aws-facts §4.1).
func DefaultSettings() Settings {
	return Settings{
		TTL:                                 DefaultTTL,
		RequireAuthorizationForCacheControl: true,
		UnauthorizedStrategy:                SucceedWithResponseHeader,
	}
}

// Active reports whether responses of the method are looked up and stored: caching enabled
// with a TTL above zero ("TTL=0 means caching is disabled", docs).
func (s Settings) Active() bool { return s.Enabled && s.TTL > 0 }

// Resolve computes the settings of a request with the given HTTP method from the stage's
// "*/*" setting (wildcard) and the method's own "path/METHOD" setting (specific); either may
// be nil. It does not know whether the stage has a cache cluster: ForMethod does.
//
// The GET-only rule: "When you enable caching for a stage, only GET methods have caching
// enabled by default ... You can enable caching for other methods by overriding method
// settings" (docs). So "*/*" cachingEnabled turns caching on for GET only; any method,
// GET or not, is cached when its own setting says cachingEnabled: true.
//
// A specific setting that does not say cachingEnabled inherits the GET-only rule (so an
// override of only the TTL keeps a GET cached); one that says false switches caching off for
// that method. Other fields fall back specific → wildcard → AWS default.
func Resolve(httpMethod string, wildcard, specific *model.MethodSetting) Settings {
	s := DefaultSettings()
	for _, ms := range []*model.MethodSetting{wildcard, specific} { // later overrides earlier
		if ms == nil {
			continue
		}
		if ms.CacheTTLInSeconds != nil {
			s.TTL = time.Duration(*ms.CacheTTLInSeconds) * time.Second
		}
		if ms.CacheDataEncrypted {
			s.Encrypted = true
		}
		if ms.RequireAuthorizationForCacheControl != nil {
			s.RequireAuthorizationForCacheControl = *ms.RequireAuthorizationForCacheControl
		}
		if ms.UnauthorizedCacheControlHeaderStrategy != "" {
			s.UnauthorizedStrategy = ms.UnauthorizedCacheControlHeaderStrategy
		}
	}
	switch {
	case specific != nil && specific.CachingEnabled != nil:
		s.Enabled = *specific.CachingEnabled
	default:
		s.Enabled = wildcard != nil && wildcard.CachingEnabled != nil && *wildcard.CachingEnabled && httpMethod == "GET"
	}
	return s
}

// ForMethod resolves the caching settings of one method of a stage at deploy time: caching
// is off unless the stage has cacheClusterEnabled (without it no cache instance exists); the
// method's own setting is found under its methodSettings key, the resource path without its
// leading slash, a slash and the method ("pets/{petId}/GET"; "~1" may stand for "/").
// It scans the map, so call it once per method when compiling, not per request.
func ForMethod(st *model.Stage, resourcePath, httpMethod string) Settings {
	if st == nil {
		return DefaultSettings()
	}
	want := strings.TrimPrefix(resourcePath, "/") + "/" + httpMethod
	var wildcard, specific *model.MethodSetting
	for k, ms := range st.MethodSettings {
		switch k = strings.TrimPrefix(strings.ReplaceAll(k, "~1", "/"), "/"); k {
		case "*/*":
			wildcard = ms
		case want:
			specific = ms
		}
	}
	s := Resolve(httpMethod, wildcard, specific)
	if !st.CacheClusterEnabled {
		s.Enabled = false
	}
	return s
}

// Invalidation is what the gateway does with a request's Cache-Control header.
type Invalidation struct {
	Requested bool   // the request carried Cache-Control: max-age=0 for a cached method
	Bypass    bool   // honour it: skip the lookup, call the integration, replace the entry
	Fail403   bool   // FAIL_WITH_403: answer 403 without calling the integration
	Warning   Header // SUCCEED_WITH_RESPONSE_HEADER: add this header; zero Name when none
}

// What the gateway answers when it refuses an invalidation. The docs say only "Fail the
// request with 403 status code: returns a 403 Unauthorized response"; the exact body and the
// warning header AWS adds are not documented and no real-AWS capture was found, so these are
// our rendering, following the gateway's {"message": ...} style and RFC 7234's Warning header
// (code 199, "Miscellaneous warning").
const (
	FailStatus   = 403
	FailMessage  = "Unauthorized"
	WarningName  = "Warning"
	WarningValue = `199 - "Cache-Control: max-age=0 ignored: the caller is not authorized to invalidate the cache (execute-api:InvalidateCache)"`
)

// DecideInvalidation applies AWS's rules to a request's Cache-Control header value (several
// header lines joined with ","), given whether the caller holds execute-api:InvalidateCache
// for the method (authorized) and the method's settings.
//
// From the docs ("Invalidate an API Gateway cache entry"): a client sends
// Cache-Control: max-age=0 and "receives the response directly from the integration endpoint
// instead of the cache, provided that the client is authorized to do so. This replaces the
// existing cache entry with the new response." Without requireAuthorizationForCacheControl
// "any client can invalidate the API cache". An unauthorized request is handled by the
// strategy: FAIL_WITH_403 "returns a 403 Unauthorized response"; SUCCEED_WITH_RESPONSE_HEADER
// "process the request and add a warning header in the response"; SUCCEED_WITHOUT_RESPONSE_HEADER
// "process the request and do not add a warning header". An empty or unknown strategy is
// treated as the default, SUCCEED_WITH_RESPONSE_HEADER.
//
// The header only matters where responses are cached, so for a method whose caching is not
// active the decision is empty (our reading: the docs describe these options as part of the
// cache settings).
func DecideInvalidation(cacheControl string, authorized bool, s Settings) Invalidation {
	if !s.Active() || !MaxAgeZero(cacheControl) {
		return Invalidation{}
	}
	if authorized || !s.RequireAuthorizationForCacheControl {
		return Invalidation{Requested: true, Bypass: true}
	}
	switch s.UnauthorizedStrategy {
	case FailWith403:
		return Invalidation{Requested: true, Fail403: true}
	case SucceedWithoutResponseHeader:
		return Invalidation{Requested: true}
	default:
		return Invalidation{Requested: true, Warning: Header{WarningName, WarningValue}}
	}
}

// MaxAgeZero reports whether a Cache-Control value has the directive max-age=0 (directive
// names are case-insensitive; "0", "00" and the quoted form "0" all mean zero; other
// directives such as no-cache are not AWS's invalidation signal). It does not allocate.
func MaxAgeZero(v string) bool {
	for len(v) > 0 {
		var d string
		if i := strings.IndexByte(v, ','); i >= 0 {
			d, v = v[:i], v[i+1:]
		} else {
			d, v = v, ""
		}
		d = strings.TrimSpace(d)
		eq := strings.IndexByte(d, '=')
		if eq < 0 || !strings.EqualFold(strings.TrimSpace(d[:eq]), "max-age") {
			continue
		}
		val := strings.TrimSpace(d[eq+1:])
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			val = val[1 : len(val)-1]
		}
		if val != "" && strings.Trim(val, "0") == "" {
			return true
		}
	}
	return false
}
