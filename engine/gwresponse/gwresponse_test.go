package gwresponse

import "testing"

func TestDefaultsAreAWSs(t *testing.T) {
	// Default statuses from real AWS GetGatewayResponses (aws-facts.md §1.1).
	want := map[Type]int{
		AccessDenied: 403, APIConfigurationError: 500, AuthorizerConfigurationError: 500, AuthorizerFailure: 500,
		BadRequestBody: 400, BadRequestParameters: 400, Default4XX: 0, Default5XX: 0, ExpiredToken: 403,
		IntegrationFailure: 504, IntegrationTimeout: 504, InvalidAPIKey: 403, InvalidSignature: 403,
		MissingAuthenticationToken: 403, QuotaExceeded: 429, RequestTooLarge: 413, ResourceNotFound: 404,
		Throttled: 429, Unauthorized: 401, UnsupportedMediaType: 415, WAFFiltered: 403,
	}
	if len(Types()) != 21 {
		t.Fatalf("%d types, want 21", len(Types()))
	}
	for i, ty := range Types() {
		d, ok := Lookup(ty)
		if !ok || d.Status != want[ty] {
			t.Errorf("%s: status %d, want %d", ty, d.Status, want[ty])
		}
		if i > 0 && Types()[i-1] >= ty {
			t.Errorf("Types() not sorted at %s", ty)
		}
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name       string
		err        *Error
		custom     map[Type]*Custom
		accept     string
		wantStatus int
		wantType   string
		wantTpl    string
	}{
		{"throttled default", ErrThrottled, nil, "", 429, "TooManyRequestsException", ""},
		{"quota default", ErrQuotaExceeded, nil, "", 429, "LimitExceededException", ""},
		{"missing token default", ErrMissingAuthToken, nil, "", 403, "MissingAuthenticationTokenException", ""},
		{"forbidden key", ErrForbiddenKey, nil, "", 403, "ForbiddenException", ""},
		{"malformed proxy keeps its 502", Internal(502, ""), nil, "", 502, "InternalServerErrorException", ""},
		{"type customised", ErrThrottled, map[Type]*Custom{Throttled: {StatusCode: "503"}}, "", 503, "TooManyRequestsException", ""},
		{"DEFAULT_4XX lends to 4xx types", ErrThrottled,
			map[Type]*Custom{Default4XX: {StatusCode: "418", Templates: map[string]string{"application/json": "x"}}}, "", 418, "TooManyRequestsException", "x"},
		{"DEFAULT_4XX does not touch 5xx", ErrTimeout, map[Type]*Custom{Default4XX: {StatusCode: "418"}}, "", 504, "InternalServerErrorException", ""},
		{"DEFAULT_5XX lends to 5xx types", ErrTimeout, map[Type]*Custom{Default5XX: {StatusCode: "599"}}, "", 599, "InternalServerErrorException", ""},
		{"explicit type beats DEFAULT_4XX", ErrThrottled,
			map[Type]*Custom{Default4XX: {StatusCode: "418"}, Throttled: {StatusCode: "420"}}, "", 420, "TooManyRequestsException", ""},
		{"template by Accept", ErrThrottled, map[Type]*Custom{Throttled: {Templates: map[string]string{
			"application/json": "j", "text/html": "h"}}}, "text/html;q=0.9", 429, "TooManyRequestsException", "h"},
		{"template falls back to application/json", ErrThrottled, map[Type]*Custom{Throttled: {Templates: map[string]string{
			"application/json": "j", "text/html": "h"}}}, "image/png", 429, "TooManyRequestsException", "j"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Resolve(tt.err, tt.custom, tt.accept)
			if r.Status != tt.wantStatus || r.ErrorType != tt.wantType || r.Template != tt.wantTpl {
				t.Fatalf("got %d %s %q, want %d %s %q", r.Status, r.ErrorType, r.Template, tt.wantStatus, tt.wantType, tt.wantTpl)
			}
		})
	}
}

func TestMessageStringIsJSON(t *testing.T) {
	if got := MessageString(`say "hi" <now>`); got != `"say \"hi\" <now>"` {
		t.Fatalf("MessageString = %s", got)
	}
}
