package model

// IAM is the workspace's simulated IAM: users and roles whose access keys sign requests to
// AWS_IAM methods, with their identity policies.
type IAM struct {
	Users []*IAMUser `yaml:"users"`
	Roles []*IAMRole `yaml:"roles"`
	Pos   Pos        `yaml:"-"`
}

// IAMUser is an IAM user: arn:aws:iam::ACCOUNT:user/USERNAME.
type IAMUser struct {
	UserName string `yaml:"userName"`
	// AccountID is the user's account when it is not the workspace's (cross-account access).
	AccountID  string       `yaml:"accountId"`
	AccessKeys []*AccessKey `yaml:"accessKeys"`
	// Policies are identity policy documents (YAML mappings or JSON text).
	Policies []any `yaml:"policies"`
	Pos      Pos   `yaml:"-"`
}

// IAMRole is an IAM role whose access keys stand for assumed-role credentials:
// arn:aws:sts::ACCOUNT:assumed-role/ROLENAME/SESSION.
type IAMRole struct {
	RoleName   string       `yaml:"roleName"`
	AccountID  string       `yaml:"accountId"`
	AccessKeys []*AccessKey `yaml:"accessKeys"`
	Policies   []any        `yaml:"policies"`
	Pos        Pos          `yaml:"-"`
}

// AccessKey is an access key pair.
type AccessKey struct {
	AccessKeyID     string `yaml:"accessKeyId"`
	SecretAccessKey string `yaml:"secretAccessKey"`
	// SessionName is the role session name of a role's key (default "apigwlab").
	SessionName string `yaml:"sessionName"`
	Pos         Pos    `yaml:"-"`
}

// EndpointConfiguration is a REST API's endpoint type (AWS EndpointConfiguration).
type EndpointConfiguration struct {
	Types          []string `yaml:"types"` // REGIONAL, EDGE or PRIVATE (one)
	VpcEndpointIds []string `yaml:"vpcEndpointIds"`
	Pos            Pos      `yaml:"-"`
}

// VPCEndpoint is an interface VPC endpoint for execute-api: requests sent through it carry
// its id (aws:SourceVpce) and its VPC's (aws:SourceVpc).
type VPCEndpoint struct {
	ID    string `yaml:"id"` // vpce-0123456789abcdef0
	VpcID string `yaml:"vpcId"`
	Pos   Pos    `yaml:"-"`
}

// EndpointType is the API's endpoint type; unset, EDGE, which is what CreateRestApi gives an
// API created without endpointConfiguration (the console preselects REGIONAL).
func (a *RestAPI) EndpointType() string {
	if a.EndpointConfiguration != nil && len(a.EndpointConfiguration.Types) > 0 {
		return a.EndpointConfiguration.Types[0]
	}
	return "EDGE"
}

// topLevelAccess takes x-amazon-apigateway-policy and x-amazon-apigateway-endpoint-configuration
// from an OpenAPI document unless the workspace wrote policy / endpointConfiguration itself.
func (im *importer) topLevelAccess(top *oasTop, api *RestAPI) {
	if top.Policy != nil && api.Policy == nil {
		api.Policy = top.Policy
		if fp, ok := im.s.fields[fieldKey{top, "x-amazon-apigateway-policy"}]; ok {
			fp.path = "x-amazon-apigateway-policy"
			im.s.fields[fieldKey{api, "policy"}] = fp
		}
	}
	if top.EndpointConfiguration != nil && api.EndpointConfiguration == nil {
		api.EndpointConfiguration = top.EndpointConfiguration
		im.s.bases[top.EndpointConfiguration] = "x-amazon-apigateway-endpoint-configuration"
	}
}
