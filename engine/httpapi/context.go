package httpapi

import (
	"strconv"
	"strings"

	"apigwlab/engine/observe"
)

// contextValue is $context.NAME for HTTP APIs (aws-facts-v2 §12): parameter mapping,
// identity sources and access logs read it.
func (c *call) contextValue(name string) string {
	switch name {
	case "requestId", "extendedRequestId":
		return c.reqID
	case "apiId":
		return c.api.ID
	case "domainPrefix":
		_, prefix := c.domain()
		return prefix
	case "accountId":
		return c.env.Account
	case "domainName":
		name, _ := c.domain()
		return name
	case "stage":
		if c.st != nil {
			return c.st.name
		}
		return ""
	case "routeKey":
		if c.r != nil {
			return c.r.key
		}
		return ""
	case "httpMethod":
		return c.req.Method
	case "path":
		return c.path
	case "protocol":
		return "HTTP/1.1"
	case "requestTime":
		return c.requestTime()
	case "requestTimeEpoch":
		return strconv.FormatInt(c.start.UnixMilli(), 10)
	case "identity.sourceIp":
		return c.sourceIP()
	case "identity.userAgent":
		return c.req.Header.Value("User-Agent")
	case "status":
		return strconv.Itoa(c.status)
	case "responseLength":
		return strconv.Itoa(len(c.body))
	case "responseLatency":
		return strconv.FormatInt(c.elapsed.Milliseconds(), 10)
	case "integrationLatency", "integration.latency":
		if !c.integrated {
			return ""
		}
		return strconv.FormatInt(c.integLatency.Milliseconds(), 10)
	case "integrationStatus", "integration.integrationStatus":
		if c.integStatus == 0 {
			return ""
		}
		return strconv.Itoa(c.integStatus)
	case "integration.status":
		if !c.integrated {
			return ""
		}
		return strconv.Itoa(c.status)
	case "integrationErrorMessage", "integration.error":
		return c.integErr
	case "error.message":
		return c.errMsg
	case "error.messageString":
		if c.errMsg == "" {
			return ""
		}
		return strconv.Quote(c.errMsg)
	case "error.responseType":
		return c.errKind
	case "authorizer.error":
		return c.authErr
	case "authorizer.principalId":
		return c.claims["sub"]
	case "identity.accessKey":
		if c.iam != nil {
			return c.iam.AccessKey
		}
	case "identity.userArn":
		if c.iam != nil {
			return c.iam.UserArn
		}
	case "identity.caller", "identity.user":
		if c.iam != nil {
			return c.iam.UserID
		}
	case "identity.accountId":
		if c.iam != nil {
			return c.iam.AccountID
		}
	}
	if k, ok := strings.CutPrefix(name, "authorizer.claims."); ok {
		return c.claims[k]
	}
	if k, ok := strings.CutPrefix(name, "stageVariables."); ok && c.st != nil {
		return c.st.vars[k]
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// accessLog formats the stage's access-log line: every $context.NAME is substituted;
// unknown or empty values print "-", as CloudWatch access logs do.
func (c *call) accessLog(format string) string {
	return observe.AccessLogLine(format, c.contextValue)
}

// domain is the host name the request reached the API by ($context.domainName) and its first
// label ($context.domainPrefix): the custom domain name, or the default endpoint
// {apiId}.execute-api.{region}.amazonaws.com (AWS's $context reference: "The first label of
// the $context.domainName").
func (c *call) domain() (name, prefix string) {
	if d := c.req.Domain; d != "" {
		p, _, _ := strings.Cut(d, ".")
		return d, p
	}
	return c.api.domainName, c.api.ID
}
