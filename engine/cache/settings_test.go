package cache

import (
	"testing"
	"time"

	"apigwlab/engine/model"
)

func TestDecideInvalidation(t *testing.T) {
	warn := Header{WarningName, WarningValue}
	tests := []struct {
		strategy     string
		requireAuth  bool
		authorized   bool
		bypass, fail bool
		warning      Header
	}{
		// requireAuthorizationForCacheControl true: the caller needs execute-api:InvalidateCache.
		{FailWith403, true, true, true, false, Header{}},
		{FailWith403, true, false, false, true, Header{}},
		{SucceedWithResponseHeader, true, true, true, false, Header{}},
		{SucceedWithResponseHeader, true, false, false, false, warn},
		{SucceedWithoutResponseHeader, true, true, true, false, Header{}},
		{SucceedWithoutResponseHeader, true, false, false, false, Header{}},
		// requireAuthorizationForCacheControl false: "any client can invalidate the API cache".
		{FailWith403, false, true, true, false, Header{}},
		{FailWith403, false, false, true, false, Header{}},
		{SucceedWithResponseHeader, false, true, true, false, Header{}},
		{SucceedWithResponseHeader, false, false, true, false, Header{}},
		{SucceedWithoutResponseHeader, false, true, true, false, Header{}},
		{SucceedWithoutResponseHeader, false, false, true, false, Header{}},
		// An unset strategy is the default, SUCCEED_WITH_RESPONSE_HEADER.
		{"", true, false, false, false, warn},
	}
	for _, tt := range tests {
		name := tt.strategy
		if name == "" {
			name = "default strategy"
		}
		name += map[bool]string{true: ", authorization required", false: ", authorization not required"}[tt.requireAuth]
		name += map[bool]string{true: ", caller authorized", false: ", caller not authorized"}[tt.authorized]
		t.Run(name, func(t *testing.T) {
			s := Settings{Enabled: true, TTL: DefaultTTL, RequireAuthorizationForCacheControl: tt.requireAuth, UnauthorizedStrategy: tt.strategy}
			got := DecideInvalidation("max-age=0", tt.authorized, s)
			want := Invalidation{Requested: true, Bypass: tt.bypass, Fail403: tt.fail, Warning: tt.warning}
			if got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
			// Without the header nothing happens, whatever the settings.
			if got := DecideInvalidation("", tt.authorized, s); got != (Invalidation{}) {
				t.Errorf("no header: got %+v", got)
			}
			if got := DecideInvalidation("no-cache", tt.authorized, s); got != (Invalidation{}) {
				t.Errorf("no-cache: got %+v", got)
			}
		})
	}
	t.Run("a method without active caching ignores the header", func(t *testing.T) {
		for _, s := range []Settings{
			{Enabled: false, TTL: DefaultTTL, RequireAuthorizationForCacheControl: true, UnauthorizedStrategy: FailWith403},
			{Enabled: true, TTL: 0, RequireAuthorizationForCacheControl: true, UnauthorizedStrategy: FailWith403},
		} {
			if got := DecideInvalidation("max-age=0", false, s); got != (Invalidation{}) {
				t.Errorf("%+v: got %+v", s, got)
			}
		}
	})
}

func TestMaxAgeZero(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"max-age=0", true},
		{"Max-Age=0", true},
		{"MAX-AGE=0", true},
		{" max-age=0 ", true},
		{"no-cache, max-age=0", true},
		{"max-age=0,no-store", true},
		{"no-cache,  max-age = 0  , private", true},
		{`max-age="0"`, true},
		{"max-age=00", true},
		{"max-age=1", false},
		{"max-age=10", false},
		{"max-age=", false},
		{"max-age", false},
		{"s-maxage=0", false},
		{"max-stale=0", false},
		{"no-cache", false},
		{"no-store", false},
		{"", false},
		{",,,", false},
		{`max-age="`, false},
	}
	for _, tt := range tests {
		if got := MaxAgeZero(tt.v); got != tt.want {
			t.Errorf("MaxAgeZero(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { MaxAgeZero("no-cache, max-age=0") }); n != 0 {
		t.Errorf("MaxAgeZero allocates %v times", n)
	}
}

func ptr[T any](v T) *T { return &v }

func TestResolve(t *testing.T) {
	stageWide := &model.MethodSetting{CachingEnabled: ptr(true)}
	tests := []struct {
		name               string
		method             string
		wildcard, specific *model.MethodSetting
		want               Settings
	}{
		{"no settings: AWS defaults, caching off", "GET", nil, nil,
			Settings{false, 300 * time.Second, false, true, SucceedWithResponseHeader}},
		{"*/* enabled caches GET", "GET", stageWide, nil,
			Settings{true, 300 * time.Second, false, true, SucceedWithResponseHeader}},
		{"*/* enabled does not cache POST", "POST", stageWide, nil,
			Settings{false, 300 * time.Second, false, true, SucceedWithResponseHeader}},
		{"*/* enabled does not cache HEAD", "HEAD", stageWide, nil,
			Settings{false, 300 * time.Second, false, true, SucceedWithResponseHeader}},
		{"a POST override enables POST", "POST", stageWide, &model.MethodSetting{CachingEnabled: ptr(true)},
			Settings{true, 300 * time.Second, false, true, SucceedWithResponseHeader}},
		{"a POST override enables POST without */*", "POST", nil, &model.MethodSetting{CachingEnabled: ptr(true), CacheTTLInSeconds: ptr(30)},
			Settings{true, 30 * time.Second, false, true, SucceedWithResponseHeader}},
		{"a GET override of the TTL only keeps GET cached", "GET", stageWide, &model.MethodSetting{CacheTTLInSeconds: ptr(60)},
			Settings{true, 60 * time.Second, false, true, SucceedWithResponseHeader}},
		{"*/* TTL is inherited", "GET", &model.MethodSetting{CachingEnabled: ptr(true), CacheTTLInSeconds: ptr(3600)}, &model.MethodSetting{},
			Settings{true, time.Hour, false, true, SucceedWithResponseHeader}},
		{"TTL 0 resolves to inactive caching", "GET", &model.MethodSetting{CachingEnabled: ptr(true), CacheTTLInSeconds: ptr(0)}, nil,
			Settings{true, 0, false, true, SucceedWithResponseHeader}},
		{"invalidation fields override */*", "GET",
			&model.MethodSetting{CachingEnabled: ptr(true), RequireAuthorizationForCacheControl: ptr(true), UnauthorizedCacheControlHeaderStrategy: FailWith403, CacheDataEncrypted: true},
			&model.MethodSetting{RequireAuthorizationForCacheControl: ptr(false), UnauthorizedCacheControlHeaderStrategy: SucceedWithoutResponseHeader},
			Settings{true, 300 * time.Second, true, false, SucceedWithoutResponseHeader}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Resolve(tt.method, tt.wildcard, tt.specific)
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if tt.name == "TTL 0 resolves to inactive caching" && got.Active() {
				t.Error("TTL 0 must not be active")
			}
		})
	}
}

func TestForMethod(t *testing.T) {
	st := &model.Stage{
		CacheClusterEnabled: true,
		CacheClusterSize:    "0.5",
		MethodSettings: map[string]*model.MethodSetting{
			"*/*":              {CachingEnabled: ptr(true)},
			"pets/{petId}/GET": {CacheTTLInSeconds: ptr(60)},
			"~1orders/POST":    {CachingEnabled: ptr(true), CacheTTLInSeconds: ptr(10)},
		},
	}
	tests := []struct {
		path, method string
		enabled      bool
		ttl          time.Duration
	}{
		{"/pets", "GET", true, 300 * time.Second},
		{"/pets", "POST", false, 300 * time.Second},
		{"/pets/{petId}", "GET", true, 60 * time.Second},
		{"/orders", "POST", true, 10 * time.Second},
		{"/orders", "GET", true, 300 * time.Second},
	}
	for _, tt := range tests {
		got := ForMethod(st, tt.path, tt.method)
		if got.Enabled != tt.enabled || got.TTL != tt.ttl {
			t.Errorf("%s %s: enabled %v ttl %v, want %v %v", tt.method, tt.path, got.Enabled, got.TTL, tt.enabled, tt.ttl)
		}
	}
	st.CacheClusterEnabled = false
	if got := ForMethod(st, "/pets", "GET"); got.Enabled {
		t.Error("no cache cluster: caching must be off")
	}
	if got := ForMethod(nil, "/pets", "GET"); got != DefaultSettings() {
		t.Errorf("nil stage: %+v", got)
	}
}
