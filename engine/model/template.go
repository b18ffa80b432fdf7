package model

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"apigwlab/engine/cfn"

	"gopkg.in/yaml.v3"
)

// TemplateImport names a SAM or CloudFormation template to import, with values for its
// parameters (a parameter without one takes its Default).
type TemplateImport struct {
	Template   string            `yaml:"template"`
	Parameters map[string]string `yaml:"parameters"`
	// Deployed names the template the stack was last deployed from: the import is then a
	// stack update from it to Template, and an AWS::ApiGateway::Deployment CloudFormation
	// would leave unchanged keeps serving the API as Deployed defined it (the redeploy trap).
	Deployed string `yaml:"deployed"`
	Pos      Pos    `yaml:"-"`
}

// importTemplates translates each import: (engine/cfn) and adds what it gives to the
// workspace: REST and HTTP APIs, functions, usage plans and keys. A function the workspace
// writes itself replaces the template's function of the same name (that is how a learner
// gives a template's function a behaviour). Problems name the template file and line.
func (im *importer) importTemplates(w *Workspace) {
	for i, ti := range w.Imports {
		if ti == nil {
			continue
		}
		base := fmt.Sprintf("import[%d]", i)
		if ti.Template == "" {
			im.fail(ti, base, "template", "missing: name a SAM or CloudFormation template, e.g. import: [template.yaml]")
			continue
		}
		tw, res, ok := im.translateTemplate(w, ti, base, "template", ti.Template)
		if !ok {
			continue
		}
		if ti.Deployed != "" {
			old, oldRes, ok := im.translateTemplate(w, ti, base, "deployed", ti.Deployed)
			if !ok {
				continue
			}
			for _, line := range stackUpdate(tw, res, old, oldRes, ti) {
				w.ImportReport = append(w.ImportReport, filepath.Base(ti.Template)+": "+line)
			}
		}
		w.RestAPIs = append(w.RestAPIs, tw.RestAPIs...)
		w.HTTPAPIs = append(w.HTTPAPIs, tw.HTTPAPIs...)
		for _, f := range tw.Functions {
			if f != nil && !slices.ContainsFunc(w.Functions, func(x *Function) bool { return x != nil && x.FunctionName == f.FunctionName }) {
				w.Functions = append(w.Functions, f)
			}
		}
		w.UsagePlans = append(w.UsagePlans, tw.UsagePlans...)
		w.APIKeys = append(w.APIKeys, tw.APIKeys...)
		for _, line := range res.Report {
			w.ImportReport = append(w.ImportReport, filepath.Base(ti.Template)+": "+line)
		}
	}
}

// translateTemplate reads one template (field: template or deployed) and decodes what it
// translates to as a workspace of its own, OpenAPI definitions imported.
func (im *importer) translateTemplate(w *Workspace, ti *TemplateImport, base, field, name string) (*Workspace, *cfn.Result, bool) {
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(im.dir, path)
	}
	data, err := im.readFile(path)
	if err != nil {
		im.fail(ti, base, field, fmt.Sprintf("cannot read %s: %v", path, err))
		return nil, nil, false
	}
	region, account := w.Region, w.AccountID
	if region == "" {
		region = DefaultRegion
	}
	if account == "" {
		account = DefaultAccountID
	}
	res, err := cfn.Translate(path, data, cfn.Options{Parameters: ti.Parameters, Region: region, AccountID: account})
	if err != nil {
		im.fail(ti, base, field, err.Error())
		return nil, nil, false
	}
	var n yaml.Node
	if err := n.Encode(res.Workspace); err != nil {
		im.fail(ti, base, field, fmt.Sprintf("%s: %v", path, err))
		return nil, nil, false
	}
	placeTemplate(&n, res.Lines)
	tw := &Workspace{}
	d := im.s.decoder(path)
	d.decodeStruct(&n, valueOf(tw), "", Pos{File: path, Line: 1, Col: 1})
	for _, api := range tw.RestAPIs {
		if api == nil {
			continue
		}
		if api.OpenAPI != "" && !filepath.IsAbs(api.OpenAPI) {
			// DefinitionUri is relative to the template; openapi to the workspace.
			api.OpenAPI = filepath.Join(filepath.Dir(name), api.OpenAPI)
		}
		if def, ok := res.Definitions[api.Name]; ok {
			body, err := yaml.Marshal(def)
			if err != nil {
				im.fail(ti, base, field, fmt.Sprintf("%s: DefinitionBody of %s: %v", path, api.Name, err))
				continue
			}
			im.importDoc(api, im.loadData(path+" (DefinitionBody of "+api.Name+")", body))
		}
	}
	return tw, res, true
}

// stackUpdate applies CloudFormation's update rule for AWS::ApiGateway::Deployment to the
// new template's APIs: a deployment whose logical id is in both templates, with the
// properties whose change requires replacement (RestApiId, DeploymentCanarySettings)
// unchanged, is not replaced, so no new snapshot of the API is taken and its stages keep
// serving the API as the deployed template defined it. (Description, StageName and
// StageDescription update in place: "Update requires: No interruption", CloudFormation
// template reference, AWS::ApiGateway::Deployment.) It returns the report's lines.
func stackUpdate(tw *Workspace, res *cfn.Result, old *Workspace, oldRes *cfn.Result, ti *TemplateImport) []string {
	var report []string
	for _, d := range res.Deployments {
		i := slices.IndexFunc(oldRes.Deployments, func(o cfn.Deployment) bool { return o.LogicalID == d.LogicalID && o.API == d.API })
		if i < 0 || oldRes.Deployments[i].ReplaceKey != d.ReplaceKey {
			report = append(report, fmt.Sprintf("stack update: %s (AWS::ApiGateway::Deployment) is new or replaced, so the update deploys the API as this template defines it", d.LogicalID))
			continue
		}
		api := restAPINamed(tw, d.API)
		was := restAPINamed(old, d.API)
		if api == nil || was == nil || len(d.Stages) == 0 {
			continue
		}
		api.Deployments = append(api.Deployments, &Deployment{ID: d.LogicalID, Resources: was.Resources, Pos: ti.Pos,
			Description: "the deployment " + filepath.Base(ti.Deployed) + " created; the stack update left it unchanged"})
		for _, st := range api.Stages {
			if st != nil && slices.Contains(d.Stages, st.StageName) {
				st.DeploymentID = d.LogicalID
			}
		}
		report = append(report, fmt.Sprintf("stack update: %s (AWS::ApiGateway::Deployment) is unchanged, so CloudFormation does not redeploy: stage %s keeps serving the API as %s defined it (the redeploy trap; give the deployment a new logical id to redeploy)",
			d.LogicalID, strings.Join(d.Stages, ", "), filepath.Base(ti.Deployed)))
	}
	return report
}

func restAPINamed(w *Workspace, name string) *RestAPI {
	for _, a := range w.RestAPIs {
		if a != nil && a.Name == name {
			return a
		}
	}
	return nil
}

// placeTemplate gives the translated workspace's nodes the template line of the resource
// they came from, so errors point into the template.
func placeTemplate(n *yaml.Node, lines map[string]int) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kind := map[string]string{"restApis": "restApi:", "httpApis": "httpApi:", "functions": "function:"}[n.Content[i].Value]
		list := n.Content[i+1]
		for _, item := range list.Content {
			line := 1
			for j := 0; j+1 < len(item.Content); j += 2 {
				if k := item.Content[j].Value; k == "name" || k == "functionName" {
					if l, ok := lines[kind+item.Content[j+1].Value]; ok {
						line = l
					}
				}
			}
			setLine(item, line)
		}
		setLine(n.Content[i], 1)
		setLine(list, 1)
	}
}

func setLine(n *yaml.Node, line int) {
	if n.Line == 0 {
		n.Line, n.Column = line, 1
	}
	for _, c := range n.Content {
		setLine(c, line)
	}
}
