package integration

import (
	"fmt"
	"strings"

	"apigwlab/engine/router"
)

// SubstituteStageVars replaces ${stageVariables.name} in s. A variable the stage does not
// define becomes "" as in AWS, and is reported in missing so the trace can say so.
func SubstituteStageVars(s string, vars map[string]string) (out string, missing []string) {
	const open = "${stageVariables."
	if !strings.Contains(s, open) {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			break
		}
		name := s[i+len(open) : i+j]
		b.WriteString(s[:i])
		v, ok := vars[name]
		if !ok {
			missing = append(missing, name)
		}
		b.WriteString(v)
		s = s[i+j+1:]
	}
	return b.String(), missing
}

// LambdaTarget reads a Lambda integration URI after stage-variable substitution:
// "function:NAME", "function:NAME:QUALIFIER", a Lambda function ARN, or the full
// arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations.
func LambdaTarget(uri string) (name, qualifier string, err error) {
	fn := uri
	if strings.HasPrefix(uri, "arn:aws:apigateway:") {
		// AWS invokes the function of ".../lambda:path//2015-03-31/..." too (LS test
		// test_api_gateway_lambda_integration_aws_type, validated against AWS): the
		// slashes after path/ are not counted.
		_, rest, ok := strings.Cut(uri, ":lambda:path/")
		rest, ok2 := strings.CutPrefix(strings.TrimLeft(rest, "/"), "2015-03-31/functions/")
		if !ok || !ok2 || !strings.HasSuffix(rest, "/invocations") {
			return "", "", fmt.Errorf("%q is not a Lambda invocation URI (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations)", uri)
		}
		fn = strings.TrimSuffix(rest, "/invocations")
	}
	if strings.HasPrefix(fn, "arn:aws:lambda:") {
		// arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
		parts := strings.Split(fn, ":")
		if len(parts) < 7 || len(parts) > 8 || parts[5] != "function" {
			return "", "", fmt.Errorf("%q is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER])", fn)
		}
		fn = strings.Join(parts[5:], ":")
	}
	rest, ok := strings.CutPrefix(fn, "function:")
	if !ok {
		return "", "", fmt.Errorf("%q names no Lambda function: write function:NAME, function:NAME:ALIAS or a Lambda ARN", uri)
	}
	name, qualifier, _ = strings.Cut(rest, ":")
	if name == "" || strings.Contains(qualifier, ":") {
		return "", "", fmt.Errorf("%q names no Lambda function: write function:NAME, function:NAME:ALIAS or a Lambda ARN", uri)
	}
	return name, qualifier, nil
}

// ExpandPathParams replaces {name} and {name+} in an HTTP integration URI with the request's
// path parameters (API Gateway maps integration.request.path.X from method.request.path.X for
// HTTP_PROXY; e.g. http://backend/{proxy}).
func ExpandPathParams(uri string, params []router.Param) string {
	if !strings.Contains(uri, "{") {
		return uri
	}
	for _, p := range params {
		uri = strings.ReplaceAll(uri, "{"+p.Name+"}", p.Value)
		uri = strings.ReplaceAll(uri, "{"+p.Name+"+}", p.Value)
	}
	return uri
}
