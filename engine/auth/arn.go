package auth

// ARNPattern is a policy Resource compiled once, for policies other than an authorizer's
// (IAM identity policies and API resource policies, engine/iam). Matching follows MatchARN.
type ARNPattern struct{ p arnPattern }

// CompileARN compiles a policy Resource pattern.
func CompileARN(pattern string) ARNPattern { return ARNPattern{compileARNPattern(pattern)} }

// Match reports whether the pattern covers arn. It does not allocate.
func (p *ARNPattern) Match(arn string) bool {
	a := splitARN(arn)
	return p.p.match(&a)
}

// String is the pattern as written.
func (p *ARNPattern) String() string { return p.p.raw }

// MatchAction reports whether an IAM Action pattern ("execute-api:Invoke", "execute-api:*",
// "*", "execute-api:Inv*") covers action, case-insensitively as IAM compares actions.
func MatchAction(pattern, action string) bool {
	return globMatch(pattern, action, true)
}
