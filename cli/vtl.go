package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"apigwlab/engine/mapping"
)

func newVTLCmd(stdout io.Writer) *cobra.Command {
	vtl := &cobra.Command{Use: "vtl", Short: "Work with API Gateway mapping templates (Velocity)"}
	var body string
	var params, contextKV, stageVars []string
	render := &cobra.Command{
		Use:   "render TEMPLATE|@FILE",
		Short: "Render a mapping template as API Gateway would",
		Long: `render runs a mapping template through apigwlab's Velocity interpreter with
API Gateway's $input, $util, $context and $stageVariables, and prints the output.
A template error names its line and column.

--params sets method request parameters: path.NAME=V, querystring.NAME=V or
header.NAME=V (a bare NAME=V is a query string parameter). --context sets $context
variables (requestId, stage, httpMethod, resourcePath, path, apiId, accountId,
identity.sourceIp, identity.userAgent, authorizer.principalId, authorizer.KEY, …).`,
		Example: `  apigwlab vtl render '{"id": "$input.params(''id'')", "n": $input.json(''$.n'')}' --body '{"n": 3}' --params path.id=7
  apigwlab vtl render @request.vtl --body @event.json --stage-variables alias=live`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("vtl render needs one TEMPLATE (or @FILE)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := readBody(args[0], cmd.InOrStdin())
			if err != nil {
				return usageError{err}
			}
			in := &mapping.Input{StageVars: map[string]string{}}
			if body != "" {
				if in.Body, err = readBody(body, cmd.InOrStdin()); err != nil {
					return usageError{err}
				}
			}
			for _, kv := range params {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					return usagef("--params %q: write path.NAME=VALUE, querystring.NAME=VALUE or header.NAME=VALUE", kv)
				}
				switch {
				case strings.HasPrefix(k, "path."):
					in.Path = append(in.Path, mapping.Param{Name: k[5:], Value: v})
				case strings.HasPrefix(k, "header."):
					in.Header = append(in.Header, mapping.Param{Name: k[7:], Value: v})
				default:
					in.Query = append(in.Query, mapping.Param{Name: strings.TrimPrefix(k, "querystring."), Value: v})
				}
			}
			for _, kv := range stageVars {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					return usagef("--stage-variables %q: write NAME=VALUE", kv)
				}
				in.StageVars[k] = v
			}
			for _, kv := range contextKV {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || !setContext(&in.Context, k, v) {
					return usagef("--context %q: write NAME=VALUE with a $context variable such as requestId, stage, identity.sourceIp or authorizer.KEY", kv)
				}
			}
			tpl, err := mapping.Compile("template", src)
			if err != nil {
				return usageError{err}
			}
			res, err := tpl.Render(in)
			if err != nil {
				return usageError{err}
			}
			fmt.Fprintln(stdout, res.Output)
			if o := res.ResponseOverride; o.Status != 0 || len(o.Header) > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "responseOverride: status %d, headers %v\n", o.Status, o.Header)
			}
			return nil
		},
	}
	f := render.Flags()
	f.StringVar(&body, "body", "", "the payload ($input.body), or @FILE")
	f.StringArrayVar(&params, "params", nil, "method request parameter path.NAME=V, querystring.NAME=V or header.NAME=V (repeatable)")
	f.StringArrayVar(&contextKV, "context", nil, "$context variable NAME=VALUE (repeatable)")
	f.StringArrayVar(&stageVars, "stage-variables", nil, "stage variable NAME=VALUE (repeatable)")
	vtl.AddCommand(render)
	return vtl
}

// setContext sets one $context variable by its template name.
func setContext(c *mapping.Context, k, v string) bool {
	switch k {
	case "requestId":
		c.RequestID = v
	case "extendedRequestId":
		c.ExtendedRequestID = v
	case "stage":
		c.Stage = v
	case "httpMethod":
		c.HTTPMethod = v
	case "resourcePath":
		c.ResourcePath = v
	case "resourceId":
		c.ResourceID = v
	case "path":
		c.Path = v
	case "apiId":
		c.APIID = v
	case "accountId":
		c.AccountID = v
	case "domainName":
		c.DomainName = v
	case "protocol":
		c.Protocol = v
	case "requestTime":
		c.RequestTime = v
	case "identity.sourceIp":
		c.Identity.SourceIP = v
	case "identity.userAgent":
		c.Identity.UserAgent = v
	case "identity.apiKey":
		c.Identity.APIKey = v
	case "authorizer.principalId":
		c.Authorizer.PrincipalID = v
	default:
		key, ok := strings.CutPrefix(k, "authorizer.")
		if !ok {
			return false
		}
		if c.Authorizer.Fields == nil {
			c.Authorizer.Fields = map[string]any{}
		}
		c.Authorizer.Fields[key] = v
	}
	return true
}
