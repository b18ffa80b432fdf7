package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"apigwlab/engine/model"
)

// apigatewayv2 authorizer changes: create-authorizer, update-authorizer, delete-authorizer
// (get-authorizers and get-authorizer are in control_v2_stages.go). An authorizer is part
// of the definition a deployment freezes: autoDeploy stages get a change at once, the
// others at the next create-deployment (v2Edit).
//
// Sources for the refusals, in AWS's words where a client has quoted them:
//   - "AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer"
//     (hashicorp/terraform-provider-aws#15181, a CreateAuthorizer answer);
//   - "Cannot delete authorizer 'NAME', is referenced in route: POST /pdf/generate", 409
//     ConflictException (anomalyco/sst#5586, a DeleteAuthorizer answer);
//   - "Maximum number of Authorizers for this API has been reached. Please contact AWS if
//     you need additional Authorizers.", ConflictException with status 429
//     (anomalyco/sst#513; the quota is 10 authorizers per API, aws-facts-v2 fact 69);
//   - botocore's model: Name 1–128 characters, AuthorizerResultTtlInSeconds 0–3600,
//     Name, AuthorizerType and IdentitySource required (the aws CLI checks these before
//     sending).
// The other messages are decided in the same style (docs/fidelity.md).

// maxV2Authorizers is AWS's quota of authorizers per API (aws-facts-v2 fact 69: "authorizers/API 10").
const maxV2Authorizers = 10

// LimitError is an AWS error whose HTTP status is not the one its type usually has:
// apigatewayv2 answers the authorizer quota with a ConflictException and status 429.
type LimitError struct {
	Type, Message string
	Status        int
}

func (e *LimitError) Error() string { return e.Type + ": " + e.Message }

// AWSStatus is the HTTP status serve answers.
func (e *LimitError) AWSStatus() int { return e.Status }

func (g *Gateway) v2CreateAuthorizer(f flagSet) (string, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return "", err
	}
	name := f.get("name")
	if name == "" {
		return "", fmt.Errorf("BadRequestException: Name is required: create-authorizer --name NAME --authorizer-type JWT|REQUEST --identity-source …")
	}
	if v2Authorizer(a, name) != nil {
		// AWS allows two authorizers of one name; routes name theirs by id or name here.
		return "", fmt.Errorf("ConflictException: an authorizer named %s already exists on this API (apigwlab refers to authorizers by id or name: choose another)", name)
	}
	if len(a.Authorizers) >= maxV2Authorizers {
		return "", &LimitError{Type: "ConflictException", Status: 429,
			Message: "Maximum number of Authorizers for this API has been reached. Please contact AWS if you need additional Authorizers."}
	}
	z := &model.V2Authorizer{Name: name}
	if err := applyAuthorizerFlags(z, f); err != nil {
		return "", err
	}
	if err := g.checkV2Authorizer(a, z); err != nil {
		return "", err
	}
	z.AuthorizerID = shortID("authorizer:"+a.APIID+":"+name, 6)
	for v2Authorizer(a, z.AuthorizerID) != nil {
		z.AuthorizerID = shortID("authorizer:"+z.AuthorizerID, 6)
	}
	return g.v2Edit(a, api, func() (any, error) {
		a.Authorizers = append(a.Authorizers, z)
		return v2AuthzJSON(a, z), nil
	})
}

func (g *Gateway) v2UpdateAuthorizer(f flagSet) (string, error) {
	a, api, z, err := g.v2AuthorizerArg(f)
	if err != nil {
		return "", err
	}
	cp := *z
	cp.IdentitySource = slices.Clone(z.IdentitySource)
	if j := z.JWTConfiguration; j != nil {
		cj := *j
		cj.Audience = slices.Clone(j.Audience)
		cp.JWTConfiguration = &cj
	}
	if n := f.get("name"); f.has("name") && n != z.Name {
		if n == "" {
			return "", fmt.Errorf("BadRequestException: Name must be 1 to 128 characters")
		}
		if v2Authorizer(a, n) != nil {
			return "", fmt.Errorf("ConflictException: an authorizer named %s already exists on this API (apigwlab refers to authorizers by id or name: choose another)", n)
		}
		cp.Name = n
	}
	if err := applyAuthorizerFlags(&cp, f); err != nil {
		return "", err
	}
	if err := g.checkV2Authorizer(a, &cp); err != nil {
		return "", err
	}
	return g.v2Edit(a, api, func() (any, error) {
		i := slices.Index(a.Authorizers, z)
		a.Authorizers = slices.Clone(a.Authorizers) // deployments share nothing with the API, but be plain
		a.Authorizers[i] = &cp
		for _, r := range a.Routes {
			if r != nil && r.AuthorizerID == z.Name && z.Name != cp.Name {
				r.AuthorizerID = cp.AuthorizerID // a route of the file named it by its old name
			}
		}
		return v2AuthzJSON(a, &cp), nil
	})
}

// v2DeleteAuthorizer deletes an authorizer no route uses; AWS refuses to delete one a route
// refers to (409, the route named).
func (g *Gateway) v2DeleteAuthorizer(f flagSet) (string, error) {
	a, api, z, err := g.v2AuthorizerArg(f)
	if err != nil {
		return "", err
	}
	for _, k := range sortedRouteKeys(a) {
		r := a.Routes[k]
		if r.AuthorizerID != "" && (r.AuthorizerID == z.AuthorizerID || r.AuthorizerID == z.Name) {
			return "", fmt.Errorf("ConflictException: Cannot delete authorizer '%s', is referenced in route: %s", z.Name, k)
		}
	}
	return g.v2Edit(a, api, func() (any, error) {
		a.Authorizers = slices.DeleteFunc(slices.Clone(a.Authorizers), func(x *model.V2Authorizer) bool { return x == z })
		return nil, nil
	})
}

// v2AuthorizerArg resolves --api-id and --authorizer-id (an id, or a name for convenience).
func (g *Gateway) v2AuthorizerArg(f flagSet) (*model.V2API, v2Deployer, *model.V2Authorizer, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return nil, nil, nil, err
	}
	id := f.get("authorizer-id")
	if id == "" {
		return nil, nil, nil, fmt.Errorf("--authorizer-id is required (get-authorizers lists them)")
	}
	z := v2Authorizer(a, id)
	if z == nil {
		return nil, nil, nil, fmt.Errorf("NotFoundException: Invalid authorizer identifier specified %s", id)
	}
	return a, api, z, nil
}

// applyAuthorizerFlags sets an authorizer from create-authorizer/update-authorizer options.
func applyAuthorizerFlags(z *model.V2Authorizer, f flagSet) error {
	if f.has("authorizer-type") {
		z.AuthorizerType = f.get("authorizer-type")
	}
	if f.has("identity-source") {
		z.IdentitySource = nil
		for _, s := range listArg(f["identity-source"]) {
			if s = strings.TrimSpace(s); s != "" {
				z.IdentitySource = append(z.IdentitySource, s)
			}
		}
	}
	if f.has("authorizer-uri") {
		z.AuthorizerURI = f.get("authorizer-uri")
	}
	if f.has("authorizer-payload-format-version") {
		z.AuthorizerPayloadFormatVersion = f.get("authorizer-payload-format-version")
	}
	if f.has("authorizer-result-ttl-in-seconds") {
		n, err := strconv.Atoi(f.get("authorizer-result-ttl-in-seconds"))
		if err != nil {
			return fmt.Errorf("BadRequestException: Invalid authorizerResultTtlInSeconds %q: a number of seconds, 0 to 3600", f.get("authorizer-result-ttl-in-seconds"))
		}
		z.AuthorizerResultTTLInSeconds = n
	}
	if v, set, err := boolArg(f, "enable-simple-responses"); err != nil {
		return err
	} else if set {
		z.EnableSimpleResponses = v
	}
	if f.has("jwt-configuration") {
		j, err := jwtArg(f.get("jwt-configuration"))
		if err != nil {
			return err
		}
		z.JWTConfiguration = j
	}
	if f.get("authorizer-credentials-arn") != "" {
		// An honest refusal rather than a role kept and never used.
		return fmt.Errorf("BadRequestException: apigwlab does not model authorizer credentials: the authorizer calls its function under the function's resource-based policy (aws lambda add-permission); leave --authorizer-credentials-arn out")
	}
	return nil
}

// jwtArg reads --jwt-configuration: JSON ({"Audience": ["id"], "Issuer": "https://…"}, any
// member case) or the AWS CLI shorthand Audience=id1,id2,Issuer=https://….
func jwtArg(v string) (*model.JWTConfiguration, error) {
	var raw struct {
		Audience []string
		Issuer   string
	}
	if !strings.HasPrefix(strings.TrimSpace(v), "{") {
		obj := map[string]any{}
		lists, err := shorthandLists(v)
		if err != nil {
			return nil, fmt.Errorf("BadRequestException: --jwt-configuration %q: write Audience=CLIENT_ID,Issuer=https://… or JSON", v)
		}
		for k, list := range lists {
			if strings.EqualFold(k, "issuer") {
				obj[k] = strings.Join(list, ",")
			} else {
				obj[k] = list
			}
		}
		b, _ := json.Marshal(obj)
		v = string(b)
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("BadRequestException: --jwt-configuration: %v", err)
	}
	return &model.JWTConfiguration{Audience: raw.Audience, Issuer: raw.Issuer}, nil
}

// checkV2Authorizer checks an authorizer as apigatewayv2 takes it for an HTTP API, then
// what apigwlab can run: a JWT issuer must be a workspace user pool (apigwlab has no network
// to fetch another issuer's keys) and a REQUEST authorizer's function must exist.
func (g *Gateway) checkV2Authorizer(a *model.V2API, z *model.V2Authorizer) error {
	if len(z.Name) > 128 {
		return fmt.Errorf("BadRequestException: Name must be 1 to 128 characters")
	}
	if a.ProtocolType == model.ProtocolWebSocket {
		return checkWSAuthorizer(z)
	}
	for _, s := range z.IdentitySource {
		if msg := checkV2IdentitySource(s); msg != "" {
			return fmt.Errorf("BadRequestException: %s", msg)
		}
	}
	switch z.AuthorizerType {
	case model.AuthorizerJWT:
		if z.AuthorizerURI != "" || z.AuthorizerPayloadFormatVersion != "" || z.EnableSimpleResponses || z.AuthorizerResultTTLInSeconds != 0 {
			return fmt.Errorf("BadRequestException: a JWT authorizer calls no function: leave out --authorizer-uri, --authorizer-payload-format-version, --enable-simple-responses and --authorizer-result-ttl-in-seconds")
		}
		if len(z.IdentitySource) > 1 {
			return fmt.Errorf("BadRequestException: a JWT authorizer reads one identity source, e.g. $request.header.Authorization")
		}
		j := z.JWTConfiguration
		if j == nil || j.Issuer == "" {
			return fmt.Errorf("BadRequestException: JwtConfiguration with an Issuer is required for a JWT authorizer: --jwt-configuration Audience=CLIENT_ID,Issuer=https://cognito-idp.%s.amazonaws.com/POOL_ID", g.region())
		}
		if len(j.Audience) == 0 || len(j.Audience) > 50 {
			// 50 audiences per authorizer (aws-facts-v2 fact 51)
			return fmt.Errorf("BadRequestException: JwtConfiguration needs 1 to 50 Audience values (the app client ids tokens are issued to); it has %d", len(j.Audience))
		}
		if !g.issuerIsPool(j.Issuer) {
			return fmt.Errorf("BadRequestException: apigwlab verifies JWTs against the workspace's user pools only: %s is not one; write a pool's issuer URL https://cognito-idp.%s.amazonaws.com/POOL_ID (or its name)", j.Issuer, g.region())
		}
	case model.AuthorizerRequest:
		if z.JWTConfiguration != nil {
			return fmt.Errorf("BadRequestException: a REQUEST authorizer has no JwtConfiguration (use --authorizer-type JWT)")
		}
		switch z.AuthorizerPayloadFormatVersion {
		case model.PayloadFormat10, model.PayloadFormat20:
		case "":
			return fmt.Errorf("BadRequestException: AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer")
		default:
			return fmt.Errorf("BadRequestException: Invalid authorizerPayloadFormatVersion %s: 1.0 or 2.0", z.AuthorizerPayloadFormatVersion)
		}
		if z.EnableSimpleResponses && z.AuthorizerPayloadFormatVersion != model.PayloadFormat20 {
			return fmt.Errorf("BadRequestException: EnableSimpleResponses needs AuthorizerPayloadFormatVersion 2.0")
		}
		if z.AuthorizerResultTTLInSeconds < 0 || z.AuthorizerResultTTLInSeconds > 3600 {
			return fmt.Errorf("BadRequestException: Invalid authorizerResultTtlInSeconds %d: 0 (no caching) to 3600", z.AuthorizerResultTTLInSeconds)
		}
		if z.AuthorizerResultTTLInSeconds > 0 && len(z.IdentitySource) == 0 {
			// "cache key = identity-source values; requires ≥1 identity source" (fact 55)
			return fmt.Errorf("BadRequestException: Identity source is required when authorizer caching is enabled (authorizerResultTtlInSeconds > 0)")
		}
		if _, _, ok := model.V2LambdaTarget(z.AuthorizerURI); !ok {
			return fmt.Errorf("BadRequestException: Invalid authorizer URI %q: a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME), its invocation ARN or function:NAME", z.AuthorizerURI)
		}
	case "":
		return fmt.Errorf("BadRequestException: AuthorizerType is required: JWT or REQUEST")
	default:
		return fmt.Errorf("BadRequestException: Invalid authorizer type %s: JWT or REQUEST for an HTTP API", z.AuthorizerType)
	}
	return nil
}

// checkV2IdentitySource returns what is wrong with an HTTP API identity source, or "".
func checkV2IdentitySource(s string) string {
	for _, p := range []string{"$request.header.", "$request.querystring.", "$context.", "$stageVariables."} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" && !strings.ContainsAny(rest, " \t") {
			return ""
		}
	}
	return fmt.Sprintf("Invalid identity source %s: write $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME", s)
}

// issuerIsPool reports whether a JWT issuer names a workspace user pool: its name, its id,
// or its issuer URL (as httpapi finds the pool when it compiles the authorizer).
func (g *Gateway) issuerIsPool(iss string) bool {
	if g.pools[iss] != nil {
		return true
	}
	if i := strings.LastIndexByte(iss, '/'); i >= 0 {
		if p := g.pools[iss[i+1:]]; p != nil && p.Issuer() == iss {
			return true
		}
	}
	return false
}

// checkWSAuthorizer checks a WebSocket API's authorizer: a Lambda REQUEST authorizer, payload
// 1.0, no simple responses, no caching settings (fact 75; CreateAuthorizer: simple
// responses and the TTL are "Supported only for HTTP APIs"). Its identity sources
// (route.request.header.X, route.request.querystring.X, stageVariables.X, context.X) are
// checked with the rest of the API (wsCheck).
func checkWSAuthorizer(z *model.V2Authorizer) error {
	switch {
	case z.AuthorizerType != model.AuthorizerRequest:
		return fmt.Errorf("BadRequestException: Invalid authorizer type %s: WebSocket APIs take REQUEST authorizers (a Lambda function) only", z.AuthorizerType)
	case z.JWTConfiguration != nil:
		return fmt.Errorf("BadRequestException: JwtConfiguration is supported only for HTTP APIs")
	case z.AuthorizerPayloadFormatVersion != "" && z.AuthorizerPayloadFormatVersion != model.PayloadFormat10:
		return fmt.Errorf("BadRequestException: Invalid authorizerPayloadFormatVersion %s: WebSocket authorizers take payload format 1.0 only (leave it out)", z.AuthorizerPayloadFormatVersion)
	case z.EnableSimpleResponses:
		return fmt.Errorf("BadRequestException: EnableSimpleResponses is supported only for HTTP APIs")
	case z.AuthorizerResultTTLInSeconds != 0:
		return fmt.Errorf("BadRequestException: AuthorizerResultTtlInSeconds is supported only for HTTP APIs")
	}
	if _, _, ok := model.V2LambdaTarget(z.AuthorizerURI); !ok {
		return fmt.Errorf("BadRequestException: Invalid authorizer URI %q: a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME), its invocation ARN or function:NAME", z.AuthorizerURI)
	}
	return nil
}
