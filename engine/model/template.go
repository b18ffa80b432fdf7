package model

import (
	"fmt"
	"path/filepath"
	"slices"

	"apigwlab/engine/cfn"

	"gopkg.in/yaml.v3"
)

// TemplateImport names a SAM or CloudFormation template to import, with values for its
// parameters (a parameter without one takes its Default).
type TemplateImport struct {
	Template   string            `yaml:"template"`
	Parameters map[string]string `yaml:"parameters"`
	Pos        Pos               `yaml:"-"`
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
		path := ti.Template
		if !filepath.IsAbs(path) {
			path = filepath.Join(im.dir, path)
		}
		data, err := im.readFile(path)
		if err != nil {
			im.fail(ti, base, "template", fmt.Sprintf("cannot read %s: %v", path, err))
			continue
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
			im.fail(ti, base, "template", err.Error())
			continue
		}
		var n yaml.Node
		if err := n.Encode(res.Workspace); err != nil {
			im.fail(ti, base, "template", fmt.Sprintf("%s: %v", path, err))
			continue
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
				api.OpenAPI = filepath.Join(filepath.Dir(ti.Template), api.OpenAPI)
			}
			if def, ok := res.Definitions[api.Name]; ok {
				body, err := yaml.Marshal(def)
				if err != nil {
					im.fail(ti, base, "template", fmt.Sprintf("%s: DefinitionBody of %s: %v", path, api.Name, err))
					continue
				}
				im.importDoc(api, im.loadData(path+" (DefinitionBody of "+api.Name+")", body))
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
			w.ImportReport = append(w.ImportReport, filepath.Base(path)+": "+line)
		}
	}
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
