package auth

import (
	"apigwlab/engine/gwresponse"
)

// Outcome is what the client sees when the authorizer stage answers, or that it let the
// request through (Allowed).
type Outcome struct {
	Allowed bool
	// Status, Body and ErrorType (the x-amzn-ErrorType header) are AWS's defaults for this
	// answer; an API's gateway-response customisation is applied by the engine (GatewayError).
	Status    int
	Body      string
	ErrorType string
	// ResponseType is the gateway response type (UNAUTHORIZED, ACCESS_DENIED,
	// AUTHORIZER_CONFIGURATION_ERROR).
	ResponseType gwresponse.Type
	// Message is $context.error.message ("" for a configuration error, where AWS's
	// $context.error.messageString is null).
	Message string
	// Log is the execution-log line AWS writes, when one is known.
	Log string
}

// The answers and their sources (aws-facts.md §5 and §7: real-AWS captures found in public
// repositories; issue 7).
const (
	// 401, UNAUTHORIZED, x-amzn-ErrorType UnauthorizedException: missing or empty identity
	// source, a token failing identityValidationExpression, or a function failing with the
	// message "Unauthorized".
	UnauthorizedBody = `{"message":"Unauthorized"}`
	// 403, ACCESS_DENIED, AccessDeniedException: a policy statement explicitly denies the
	// method. AWS sends a capital "Message" here (real capture; LocalStack gateway_response.py
	// does the same).
	ExplicitDenyMessage = "User is not authorized to access this resource with an explicit deny"
	ExplicitDenyBody    = `{"Message":"User is not authorized to access this resource with an explicit deny"}`
	// 403, ACCESS_DENIED: no statement allows the method (implicit deny). Wording from
	// serverless-offline and common knowledge, not a real-AWS snapshot (aws-facts.md §9).
	NotAuthorizedMessage = "User is not authorized to access this resource"
	NotAuthorizedBody    = `{"Message":"User is not authorized to access this resource"}`
	// 500, AUTHORIZER_CONFIGURATION_ERROR, AuthorizerConfigurationException: the function
	// failed with any other message, returned a malformed output, or could not be invoked.
	// Body as aws-facts.md §7 records it (the default template would render it without the
	// space; the captures we found disagree on the space, the status and type do not).
	ConfigurationErrorBody = `{"message": null}`
	// ConfigurationErrorLog is AWS's execution-log line for it (aws-facts.md §5; real logs
	// also show "Execution failed due to configuration error: Could not parse policy" when the
	// function returned null, ExpanseLLC/lambda_authorizer#1).
	ConfigurationErrorLog = "Execution failed due to configuration error: Authorizer error"
)

var (
	outcomeAllowed = Outcome{Allowed: true, Status: 200}
	outcome401     = Outcome{Status: 401, Body: UnauthorizedBody, ErrorType: "UnauthorizedException",
		ResponseType: gwresponse.Unauthorized, Message: "Unauthorized"}
	outcomeExplicitDeny = Outcome{Status: 403, Body: ExplicitDenyBody, ErrorType: "AccessDeniedException",
		ResponseType: gwresponse.AccessDenied, Message: ExplicitDenyMessage}
	outcomeImplicitDeny = Outcome{Status: 403, Body: NotAuthorizedBody, ErrorType: "AccessDeniedException",
		ResponseType: gwresponse.AccessDenied, Message: NotAuthorizedMessage}
	outcome500 = Outcome{Status: 500, Body: ConfigurationErrorBody, ErrorType: "AuthorizerConfigurationException",
		ResponseType: gwresponse.AuthorizerConfigurationError, Log: ConfigurationErrorLog}
)

// UnauthorizedOutcome is the 401 for a request whose identity sources are missing, empty or
// fail identityValidationExpression: AWS answers without invoking the function.
func UnauthorizedOutcome() Outcome { return outcome401 }

// ErrorOutcome maps a failed authorizer invocation to the client's answer: a function error
// whose message is exactly "Unauthorized" (Node callback("Unauthorized"), Python
// raise Exception("Unauthorized")) is 401 Unauthorized; any other message is a 500
// authorizer configuration error. AWS blueprints
// (awslabs/aws-apigateway-lambda-authorizer-blueprints: "you can send a 401 Unauthorized
// response to the client by failing like so: raise Exception('Unauthorized')") and reports
// that anything else gives AuthorizerConfigurationException (serverless/examples#305,
// jghaines/lambda-auth0-authorizer#4: "Otherwise it will always show 500"). The comparison is
// exact and case-sensitive.
func ErrorOutcome(errorMessage string) Outcome {
	if errorMessage == "Unauthorized" {
		return outcome401
	}
	return outcome500
}

// ConfigurationErrorOutcome is the 500 for a malformed authorizer output (ParseOutput's error)
// or an authorizer that could not be invoked.
func ConfigurationErrorOutcome() Outcome { return outcome500 }

// GatewayError turns a refusal into the engine's gateway-response value, so an API's
// gatewayResponses customisation (UNAUTHORIZED, ACCESS_DENIED, AUTHORIZER_CONFIGURATION_ERROR,
// DEFAULT_4XX/5XX) applies. It returns nil for an allowed request.
func (o Outcome) GatewayError() *gwresponse.Error {
	if o.Allowed {
		return nil
	}
	return &gwresponse.Error{Type: o.ResponseType, Status: o.Status, Message: o.Message, Body: o.Body, Log: o.Log}
}
