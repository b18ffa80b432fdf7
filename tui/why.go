package tui

import "apigwlab/engine"

// whyStatus says in plain words why the gateway answered as it did, where the status alone
// misleads a learner: the 403 a REST API gives a route it does not have, against a real 404
// (issue 15 rough edge). "" when there is nothing to add.
//
// AWS: the MISSING_AUTHENTICATION_TOKEN gateway response covers "the cases when the client
// attempts to invoke an unsupported API method or resource" (Gateway response types,
// https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html);
// an HTTP API answers an unmatched route 404 {"message":"Not Found"} (aws-facts-v2.md).
func whyStatus(r *engine.Response) string {
	switch {
	case r.GatewayResponse == "MISSING_AUTHENTICATION_TOKEN":
		return "Why 403 and not 404: no deployed resource has this method at this path " +
			"(the route stage says what it looked for). A REST API answers a path or method " +
			"it does not have with the MISSING_AUTHENTICATION_TOKEN gateway response, 403 " +
			"{\"message\":\"Missing Authentication Token\"}, whether or not the caller is " +
			"signed in, so that no one can probe which routes exist. Check the stage name, " +
			"the path, the method, and that the change was deployed (D). An HTTP API answers " +
			"404 Not Found instead; a REST API's 404 comes only from its backend."
	case r.Status == 404 && r.Type == engine.APITypeHTTP && r.RouteKey == "":
		return "Why 404: no route of this HTTP API matches the method and path, and it has " +
			"no $default route. An HTTP API says 404 Not Found; a REST API would answer " +
			"403 Missing Authentication Token."
	case r.Status == 404 && r.Type == engine.APITypeREST && r.GatewayResponse == "":
		return "This 404 is the backend's answer, not API Gateway's: the route " +
			r.Method + " " + r.Resource + " exists and its integration returned it " +
			"(a REST API answers a route it does not have with 403 Missing Authentication Token)."
	}
	return ""
}
