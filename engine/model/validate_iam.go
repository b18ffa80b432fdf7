package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"apigwlab/engine/iam"
)

// IAM principal, endpoint and resource policy checks. Patterns are IAM's and EC2's API
// constraints: user and role names [\w+=,.@-]{1,64}; AccessKeyId \w{16,128}; VPC endpoint
// ids vpce-HEX, VPC ids vpc-HEX; EndpointConfiguration.types one of REGIONAL, EDGE, PRIVATE.
var (
	iamNameRe       = lazyRE(`^[\w+=,.@-]{1,64}$`)
	accessKeyIDRe   = lazyRE(`^\w{16,128}$`)
	vpceIDRe        = lazyRE(`^vpce-[0-9a-f]{8,17}$`)
	vpcIDRe         = lazyRE(`^vpc-[0-9a-f]{8,17}$`)
	endpointTypes   = []string{"REGIONAL", "EDGE", "PRIVATE"}
	sessionNameRe   = lazyRE(`^[\w+=,.@-]{2,64}$`)
	exampleAccessID = "AKIAIOSFODNN7EXAMPLE"
)

func (v *validator) iam() {
	w := v.w
	keys := map[string]string{}
	if w.IAM != nil {
		users := map[string]bool{}
		for i, u := range w.IAM.Users {
			if u == nil {
				continue
			}
			base := fmt.Sprintf("iam.users[%d]", i)
			switch {
			case u.UserName == "":
				v.at(u, base, "userName", "missing: an IAM user needs a userName (its ARN is arn:aws:iam::ACCOUNT:user/NAME)")
			case !iamNameRe.MatchString(u.UserName):
				v.at(u, base, "userName", fmt.Sprintf("%q is not an IAM user name: use 1–64 letters, digits or +=,.@_-", u.UserName))
			case users[u.UserName]:
				v.at(u, base, "userName", fmt.Sprintf("duplicate IAM user %q", u.UserName))
			default:
				users[u.UserName] = true
			}
			v.principal(u, base, u.UserName, u.AccountID, u.AccessKeys, u.Policies, false, keys)
		}
		roles := map[string]bool{}
		for i, r := range w.IAM.Roles {
			if r == nil {
				continue
			}
			base := fmt.Sprintf("iam.roles[%d]", i)
			switch {
			case r.RoleName == "":
				v.at(r, base, "roleName", "missing: an IAM role needs a roleName (its sessions are arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION)")
			case !iamNameRe.MatchString(r.RoleName):
				v.at(r, base, "roleName", fmt.Sprintf("%q is not an IAM role name: use 1–64 letters, digits or +=,.@_-", r.RoleName))
			case roles[r.RoleName]:
				v.at(r, base, "roleName", fmt.Sprintf("duplicate IAM role %q", r.RoleName))
			default:
				roles[r.RoleName] = true
			}
			v.principal(r, base, r.RoleName, r.AccountID, r.AccessKeys, r.Policies, true, keys)
		}
	}
	ids := map[string]bool{}
	for i, e := range w.VPCEndpoints {
		if e == nil {
			continue
		}
		base := fmt.Sprintf("vpcEndpoints[%d]", i)
		switch {
		case e.ID == "":
			v.at(e, base, "id", "missing: a VPC endpoint needs its id, e.g. vpce-0123456789abcdef0")
		case !vpceIDRe.MatchString(e.ID):
			v.at(e, base, "id", fmt.Sprintf("%q is not a VPC endpoint id: write vpce- and 8–17 hex digits, e.g. vpce-0123456789abcdef0", e.ID))
		case ids[e.ID]:
			v.at(e, base, "id", fmt.Sprintf("duplicate VPC endpoint %q", e.ID))
		default:
			ids[e.ID] = true
		}
		if e.VpcID != "" && !vpcIDRe.MatchString(e.VpcID) {
			v.at(e, base, "vpcId", fmt.Sprintf("%q is not a VPC id: write vpc- and 8–17 hex digits, e.g. vpc-0abc1234def567890", e.VpcID))
		}
	}
}

func (v *validator) principal(owner any, base, name, account string, keys []*AccessKey, policies []any, role bool, seen map[string]string) {
	if account != "" && !accountIDRe.MatchString(account) {
		v.at(owner, base, "accountId", fmt.Sprintf("%q is not an AWS account id: use 12 digits, or leave accountId out for the workspace's account", account))
	}
	for j, k := range keys {
		if k == nil {
			continue
		}
		kbase := fmt.Sprintf("%s.accessKeys[%d]", base, j)
		switch first, dup := seen[k.AccessKeyID]; {
		case k.AccessKeyID == "":
			v.at(k, kbase, "accessKeyId", "missing: write the access key id clients sign with, e.g. "+exampleAccessID)
		case !accessKeyIDRe.MatchString(k.AccessKeyID):
			v.at(k, kbase, "accessKeyId", fmt.Sprintf("%q is not an access key id: use 16–128 letters, digits or _ (e.g. %s)", k.AccessKeyID, exampleAccessID))
		case dup:
			v.at(k, kbase, "accessKeyId", fmt.Sprintf("access key %s is already %s's: each key belongs to one principal", k.AccessKeyID, first))
		default:
			seen[k.AccessKeyID] = name
		}
		if k.SecretAccessKey == "" {
			v.at(k, kbase, "secretAccessKey", "missing: the secret is what the signature is computed with")
		}
		if k.SessionName != "" {
			if !role {
				v.at(k, kbase, "sessionName", "only a role's access keys have a session name (they stand for sts:AssumeRole credentials); remove it from the user's key")
			} else if !sessionNameRe.MatchString(k.SessionName) {
				v.at(k, kbase, "sessionName", fmt.Sprintf("%q is not a role session name: use 2–64 letters, digits or +=,.@_-", k.SessionName))
			}
		}
	}
	for j, doc := range policies {
		if _, err := iam.ParsePolicy(doc, iam.IdentityPolicy, nil); err != nil {
			v.at(owner, base, fmt.Sprintf("policies[%d]", j), "not a valid identity policy: "+err.Error())
		}
	}
}

// apiAccess checks a REST API's resource policy and endpoint configuration.
func (v *validator) apiAccess(api *RestAPI, base string) {
	if api.Policy != nil {
		if _, err := iam.ParsePolicy(api.Policy, iam.ResourcePolicy, nil); err != nil {
			v.at(api, base, "policy", "not a valid resource policy: "+err.Error())
		}
	}
	ec := api.EndpointConfiguration
	if ec == nil {
		return
	}
	ebase := joinPath(base, "endpointConfiguration")
	switch len(ec.Types) {
	case 0:
		v.at(ec, ebase, "types", "missing: write types: [REGIONAL], [EDGE] or [PRIVATE]")
	case 1:
		v.enum(ec, ebase, "types[0]", ec.Types[0], endpointTypes, "an endpoint type")
	default:
		v.at(ec, ebase, "types", fmt.Sprintf("%s: an API has exactly one endpoint type (REGIONAL, EDGE or PRIVATE)", strings.Join(ec.Types, ", ")))
	}
	declared := map[string]bool{}
	for _, e := range v.w.VPCEndpoints {
		if e != nil {
			declared[e.ID] = true
		}
	}
	for j, id := range ec.VpcEndpointIds {
		field := fmt.Sprintf("vpcEndpointIds[%d]", j)
		switch {
		case !vpceIDRe.MatchString(id):
			v.at(ec, ebase, field, fmt.Sprintf("%q is not a VPC endpoint id: write vpce- and 8–17 hex digits", id))
		case len(ec.Types) == 1 && (ec.Types[0] == "REGIONAL" || ec.Types[0] == "EDGE"):
			v.at(ec, ebase, field, "only a PRIVATE API is associated with VPC endpoints; use types: [PRIVATE] or remove vpcEndpointIds")
		case len(declared) > 0 && !declared[id]:
			v.at(ec, ebase, field, fmt.Sprintf("%q is not one of the workspace's vpcEndpoints (%s)%s", id, quoteList(slices.Sorted(maps.Keys(declared))), didYouMean(id, slices.Sorted(maps.Keys(declared)))))
		}
	}
}

func didYouMean(s string, cands []string) string {
	if m := suggest(s, cands); m != "" {
		return " (did you mean " + m + "?)"
	}
	return ""
}
