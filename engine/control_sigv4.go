package engine

import (
	"time"

	"apigwlab/engine/iam"
)

// ControlPlaneService is the signing name of API Gateway's control plane (the aws CLI and
// the SDKs sign apigateway calls with Credential=…/REGION/apigateway/aws4_request).
const ControlPlaneService = "apigateway"

// CheckControlPlaneSignature verifies the SigV4 signature of a control-plane request against
// the workspace's IAM access keys (iam: users and roles), with the AWS SDK's signer as the
// data plane's AWS_IAM methods do (iam.Signature.VerifyFor). A workspace that declares no
// access key accepts any request, signed or not: the aws CLI then works with whatever keys it
// has. Only the signature is checked: identity policies do not govern control-plane
// actions here. The failure carries AWS's message and x-amzn-ErrorType.
func (g *Gateway) CheckControlPlaneSignature(r *iam.Request, now time.Time) *iam.Failure {
	return g.CheckSignature(r, ControlPlaneService, now)
}

// CheckSignature is CheckControlPlaneSignature for another service's signing name (lambda
// for Lambda's control plane).
func (g *Gateway) CheckSignature(r *iam.Request, service string, now time.Time) *iam.Failure {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.iamDir == nil || g.iamDir.dir.Empty() {
		return nil
	}
	sig, f := iam.Parse(r)
	if f != nil {
		return f
	}
	if f := sig.CheckScopeFor(g.region(), service, now); f != nil {
		return f
	}
	id, ok := g.iamDir.dir.Lookup(sig.AccessKeyID)
	if !ok {
		// AWS's UnrecognizedClientException for an access key it does not know
		return &iam.Failure{Kind: iam.UnknownKey, Message: "The security token included in the request is invalid.",
			Reason: "access key " + sig.AccessKeyID + " belongs to no user or role under iam: in the workspace"}
	}
	return sig.VerifyFor(r, id.SecretAccessKey, g.region(), service)
}
