package iam

import (
	"crypto/sha256"
	"fmt"
)

// Principal kinds.
const (
	User = "user"
	Role = "role"
)

// DefaultSessionName is the role session name of a role's access keys when the workspace
// gives none: the keys stand for credentials from sts:AssumeRole, whose ARN is
// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.
const DefaultSessionName = "apigwlab"

// Spec describes a workspace principal (model.IAMUser / model.IAMRole, flattened).
type Spec struct {
	Kind    string // User or Role
	Name    string
	Account string // "" means the workspace's account
	Keys    []KeySpec
	// Policies are identity policy documents (objects or JSON strings).
	Policies []any
}

// KeySpec is one access key.
type KeySpec struct {
	AccessKeyID, SecretAccessKey string
	SessionName                  string // roles only
}

// Identity is who an access key authenticates: the caller, its secret and its policies,
// and the $context.identity values API Gateway fills for IAM-authorized requests.
type Identity struct {
	Caller                       Caller
	Kind, Name                   string
	AccessKeyID, SecretAccessKey string
	Policies                     []*Policy
	// UniqueID is the caller/user value of $context.identity: the user's id (AIDA…) or, for
	// a role session, ROLEID:SESSION (AROA…:session), as IAM reports principal ids.
	UniqueID string
}

// Directory finds identities by access key id.
type Directory struct {
	byKey map[string]*Identity
}

// NewDirectory compiles the workspace's principals; account is the workspace account.
func NewDirectory(specs []Spec, account string) (*Directory, error) {
	d := &Directory{byKey: map[string]*Identity{}}
	for _, s := range specs {
		acct := s.Account
		if acct == "" {
			acct = account
		}
		var policies []*Policy
		for i, doc := range s.Policies {
			p, err := ParsePolicy(doc, IdentityPolicy, nil)
			if err != nil {
				return nil, fmt.Errorf("%s %s: policies[%d]: %w", s.Kind, s.Name, i, err)
			}
			p.Name = s.Name + "'s policy #" + itoa(i)
			policies = append(policies, p)
		}
		for _, k := range s.Keys {
			if _, dup := d.byKey[k.AccessKeyID]; dup {
				return nil, fmt.Errorf("%s %s: access key %s is used twice", s.Kind, s.Name, k.AccessKeyID)
			}
			id := &Identity{Kind: s.Kind, Name: s.Name, AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey, Policies: policies}
			id.Caller.Account = acct
			if s.Kind == Role {
				session := k.SessionName
				if session == "" {
					session = DefaultSessionName
				}
				id.Caller.ARN = "arn:aws:sts::" + acct + ":assumed-role/" + s.Name + "/" + session
				id.Caller.RoleARN = "arn:aws:iam::" + acct + ":role/" + s.Name
				id.UniqueID = uniqueID("AROA", acct+"/"+s.Name) + ":" + session
			} else {
				id.Caller.ARN = "arn:aws:iam::" + acct + ":user/" + s.Name
				id.UniqueID = uniqueID("AIDA", acct+"/"+s.Name)
			}
			d.byKey[k.AccessKeyID] = id
		}
	}
	return d, nil
}

// Empty says whether the directory has no access keys.
func (d *Directory) Empty() bool { return d == nil || len(d.byKey) == 0 }

// Lookup returns the identity of an access key id.
func (d *Directory) Lookup(accessKeyID string) (*Identity, bool) {
	if d == nil {
		return nil, false
	}
	id, ok := d.byKey[accessKeyID]
	return id, ok
}

// uniqueID derives a stable IAM unique id: the prefix and 17 characters of [A-Z2-7], as
// IAM's AIDA…/AROA… ids look (21 characters).
func uniqueID(prefix, seed string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	sum := sha256.Sum256([]byte(seed))
	out := []byte(prefix)
	for i := 0; i < 17; i++ {
		out = append(out, alphabet[sum[i]%32])
	}
	return string(out)
}

// DenyMessage is AWS's ACCESS_DENIED message for execute-api: "User: ARN is not authorized
// to perform: execute-api:Invoke on resource: ARN", "anonymous" for a caller without IAM
// identity, " with an explicit deny" appended when a Deny statement decided. AWS masks all
// but the last four digits of the account id in the resource ARN (real captures, e.g.
// "arn:aws:execute-api:us-west-2:********1790:…" and "…:********9012:abc123abc1/Prod/POST/…").
func DenyMessage(c *Caller, methodArn string, explicit bool) string {
	who := "anonymous"
	if !c.Anonymous {
		who = c.ARN
	}
	msg := "User: " + who + " is not authorized to perform: execute-api:Invoke on resource: " + MaskAccount(methodArn)
	if explicit {
		msg += " with an explicit deny"
	}
	return msg
}

// MaskAccount replaces all but the last four digits of an ARN's account id with '*'.
func MaskAccount(arn string) string {
	// arn:partition:service:region:account:resource
	colons, start := 0, -1
	for i := 0; i < len(arn); i++ {
		if arn[i] != ':' {
			continue
		}
		colons++
		if colons == 4 {
			start = i + 1
		}
		if colons == 5 {
			acct := arn[start:i]
			if len(acct) <= 4 {
				return arn
			}
			masked := make([]byte, 0, len(arn))
			masked = append(masked, arn[:start]...)
			for j := 0; j < len(acct)-4; j++ {
				masked = append(masked, '*')
			}
			masked = append(masked, acct[len(acct)-4:]...)
			return string(append(masked, arn[i:]...))
		}
	}
	return arn
}
