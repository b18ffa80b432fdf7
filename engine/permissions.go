package engine

import (
	"encoding/json"
	"fmt"
	"slices"

	"apigwlab/engine/auth"
	"apigwlab/engine/model"
)

// Lambda resource-based permissions: API Gateway needs lambda:InvokeFunction on the
// function it calls, granted by the function's policy (aws lambda add-permission, or the
// console's automatic grant). Without it AWS answers the client 500 Internal server error
// and the execution log says "Execution failed due to configuration error: Invalid
// permissions on Lambda function"; an authorizer without it is a 500 AuthorizerConfiguration
// error. A function whose workspace entry has no permissions gets the console's grant,
// shown by get-policy as the statement consoleGrantID.

// consoleGrantID is the statement apigwlab assumes for a function that declares no
// permissions: what the API Gateway console adds when you pick the function.
const consoleGrantID = "apigwlab-console-grant"

// apiGatewayPrincipal is API Gateway's service principal.
const apiGatewayPrincipal = "apigateway.amazonaws.com"

// fnPolicy is one function's policy, compiled.
type fnPolicy struct {
	allowAll   bool // the assumed console grant is present: skip building the source ARN
	statements []grant
}

type grant struct {
	model  *model.Permission
	source *auth.ARNPattern // nil: any source
}

// compilePolicies builds every function's policy from the workspace.
func compilePolicies(ws *model.Workspace) map[string]*fnPolicy {
	out := make(map[string]*fnPolicy, len(ws.Functions))
	for _, f := range ws.Functions {
		if f != nil {
			out[f.FunctionName] = compilePolicy(f)
		}
	}
	return out
}

func compilePolicy(f *model.Function) *fnPolicy {
	p := &fnPolicy{}
	if f.Permissions == nil {
		p.allowAll = true
		return p
	}
	for _, s := range f.Permissions {
		if s == nil {
			continue
		}
		g := grant{model: s}
		if s.SourceArn != "" {
			pat := auth.CompileARN(s.SourceArn)
			g.source = &pat
		}
		p.statements = append(p.statements, g)
	}
	return p
}

// mayInvoke reports whether API Gateway may invoke fn (qualified by qual) for sourceArn,
// which is built only when a statement needs it. Functions the workspace does not declare
// have no policy entry: the Lambda service answers those (function not found).
func (g *Gateway) mayInvoke(fn, qual string, sourceArn func() string) bool {
	p := g.policies[fn]
	if p == nil || p.allowAll {
		return true
	}
	arn := ""
	for _, s := range p.statements {
		m := s.model
		if m.Principal != apiGatewayPrincipal && m.Principal != "*" {
			continue
		}
		if m.Action != "" && m.Action != "lambda:InvokeFunction" && m.Action != "lambda:*" {
			continue
		}
		// each qualifier has its own policy: function:NAME:live needs a statement on live
		if m.Qualifier != qual {
			continue
		}
		if m.SourceAccount != "" && m.SourceAccount != g.accountID() {
			continue
		}
		if s.source != nil {
			if arn == "" {
				arn = sourceArn()
			}
			if !s.source.Match(arn) {
				continue
			}
		}
		return true
	}
	return false
}

// permissionDenied is what a request meets when API Gateway may not invoke the function.
const permissionDenied = "Execution failed due to configuration error: Invalid permissions on Lambda function"

func (g *Gateway) functionModel(name string) (*model.Function, error) {
	for _, f := range g.ws.Functions {
		if f != nil && f.FunctionName == name {
			return f, nil
		}
	}
	return nil, fmt.Errorf("ResourceNotFoundException: Function not found: %s", g.lambda.ARN(name, ""))
}

// addPermission is aws lambda add-permission: --function-name F --statement-id ID --action
// lambda:InvokeFunction --principal apigateway.amazonaws.com [--source-arn ARN]
// [--source-account ACCOUNT] [--qualifier Q]. It prints {"Statement": "…"} as Lambda does.
func (g *Gateway) addPermission(f flagSet) (string, error) {
	fn, err := g.functionModel(f.get("function-name"))
	if err != nil {
		return "", err
	}
	p := &model.Permission{StatementID: f.get("statement-id"), Action: f.get("action"), Principal: f.get("principal"),
		SourceArn: f.get("source-arn"), SourceAccount: f.get("source-account"), Qualifier: f.get("qualifier")}
	if p.StatementID == "" || p.Action == "" || p.Principal == "" {
		return "", fmt.Errorf("add-permission needs --statement-id, --action lambda:InvokeFunction and --principal apigateway.amazonaws.com")
	}
	if p.Qualifier == "$LATEST" {
		return "", fmt.Errorf("InvalidParameterValueException: We currently do not support adding policies for $LATEST.")
	}
	statements := g.statements(fn)
	for _, s := range statements {
		if s.StatementID == p.StatementID {
			return "", fmt.Errorf("ResourceConflictException: The statement id (%s) provided already exists. Please provide a new statement id, or remove the existing statement.", p.StatementID)
		}
	}
	fn.Permissions = append(statements, p)
	g.policies[fn.FunctionName] = compilePolicy(fn)
	return toJSON(map[string]string{"Statement": g.statementJSON(fn.FunctionName, p)}), nil
}

// statements is a function's policy as statements, with the assumed console grant made
// explicit for a function that declares none.
func (g *Gateway) statements(fn *model.Function) []*model.Permission {
	if fn.Permissions != nil {
		return slices.Clone(fn.Permissions)
	}
	return []*model.Permission{{StatementID: consoleGrantID, Action: "lambda:InvokeFunction", Principal: apiGatewayPrincipal,
		SourceArn: "arn:aws:execute-api:" + g.region() + ":" + g.accountID() + ":*"}}
}

// removePermission is aws lambda remove-permission --function-name F --statement-id ID.
func (g *Gateway) removePermission(f flagSet) (string, error) {
	fn, err := g.functionModel(f.get("function-name"))
	if err != nil {
		return "", err
	}
	id, qual := f.get("statement-id"), f.get("qualifier")
	statements := g.statements(fn)
	kept := slices.DeleteFunc(slices.Clone(statements), func(p *model.Permission) bool { return p.StatementID == id && p.Qualifier == qual })
	if len(kept) == len(statements) {
		return "", fmt.Errorf("ResourceNotFoundException: The resource you requested does not exist.")
	}
	fn.Permissions = kept
	g.policies[fn.FunctionName] = compilePolicy(fn)
	return "", nil
}

// getPolicy is aws lambda get-policy --function-name F [--qualifier Q]: the policy document as
// a JSON string, as Lambda returns it.
func (g *Gateway) getPolicy(f flagSet) (string, error) {
	fn, err := g.functionModel(f.get("function-name"))
	if err != nil {
		return "", err
	}
	qual := f.get("qualifier")
	var stmts []json.RawMessage
	for _, p := range g.statements(fn) {
		if p.Qualifier == qual {
			stmts = append(stmts, json.RawMessage(g.statementJSON(fn.FunctionName, p)))
		}
	}
	if len(stmts) == 0 {
		return "", fmt.Errorf("ResourceNotFoundException: The resource you requested does not exist.")
	}
	doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Id": "default", "Statement": stmts})
	return toJSON(map[string]string{"Policy": string(doc)}), nil
}

// statementJSON writes a statement as Lambda's policy does.
func (g *Gateway) statementJSON(fn string, p *model.Permission) string {
	action := p.Action
	if action == "" {
		action = "lambda:InvokeFunction"
	}
	principal := map[string]string{"Service": p.Principal}
	if p.Principal == "*" {
		principal = nil
	}
	st := map[string]any{"Sid": p.StatementID, "Effect": "Allow", "Action": action,
		"Resource": g.lambda.ARN(fn, p.Qualifier)}
	if principal != nil {
		st["Principal"] = principal
	} else {
		st["Principal"] = "*"
	}
	cond := map[string]any{}
	if p.SourceArn != "" {
		cond["ArnLike"] = map[string]string{"AWS:SourceArn": p.SourceArn}
	}
	if p.SourceAccount != "" {
		cond["StringEquals"] = map[string]string{"AWS:SourceAccount": p.SourceAccount}
	}
	if len(cond) > 0 {
		st["Condition"] = cond
	}
	b, _ := json.Marshal(st)
	return string(b)
}

func (g *Gateway) region() string {
	if g.ws.Region != "" {
		return g.ws.Region
	}
	return "us-east-1"
}
