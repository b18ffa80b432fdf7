package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/export"
	"apigwlab/engine/model"
	"apigwlab/labs"
)

type exportFlags struct {
	file, api, stage string
	format           string // openapi (get-export) or workspace (this workspace format)
	typ, extensions  string
	accepts, output  string
	// includeExtensions is ExportApi's for HTTP APIs (true by default, as on AWS)
	includeExtensions bool
}

func newExportCmd(stdout io.Writer) *cobra.Command {
	f := &exportFlags{}
	cmd := &cobra.Command{
		Use:   "export -f WORKSPACE [--api NAME] [--stage S] [--type oas30|swagger] | --format workspace",
		Short: "Write a stage's API as OpenAPI (as aws apigateway get-export does), or the workspace as YAML",
		Long: `export writes what a stage serves as AWS's get-export writes it: OpenAPI 3.0.1
(--type oas30, the default) or Swagger 2.0 (--type swagger), JSON by default or
YAML with --accepts application/yaml.

Without --extensions the document is plain OpenAPI (paths, parameters, responses,
models as schemas, security schemes). --extensions adds API Gateway's own:
  integrations  x-amazon-apigateway-integration on every method
  authorizers   x-amazon-apigateway-authorizer on the authorizers' security schemes
  apigateway    both, plus gateway responses, request validators, binary media
                types, the API key source, the resource policy and endpoint type

An export with --extensions apigateway imports back into apigwlab (openapi: FILE)
and into API Gateway (aws apigateway import-rest-api) with the same resources.

An HTTP API (--api NAME of httpApis:) is written as aws apigatewayv2 export-api
writes it: OpenAPI 3.0.1, its routes with x-amazon-apigateway-integration,
JWT and Lambda authorizers, x-amazon-apigateway-cors (--include-extensions=false
leaves the extensions out). --stage exports that stage's deployment; without it,
the API's current definition. It imports back with aws apigatewayv2 import-api.
info.version is the API's version: when the workspace sets none, AWS writes the
API's creation date, which here is the moment the workspace was loaded; set
version: on the API for a stable file.`,
		Example: `  apigwlab export -f examples/pets.yaml --stage prod
  apigwlab export -f examples/pets.yaml --stage prod --type swagger --extensions apigateway
  apigwlab export -f examples/pets.yaml --stage prod --extensions integrations --accepts application/yaml -o pets.oas.yaml
  apigwlab export -f examples/http-api.yaml --api shop --stage dev --accepts application/yaml
  apigwlab export -f state/workspace.yaml --format workspace -o shop.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.format == "workspace" {
				for _, name := range []string{"api", "stage", "type", "extensions", "accepts", "include-extensions"} {
					if cmd.Flags().Changed(name) {
						return usagef("--%s is for OpenAPI exports; --format workspace writes every API", name)
					}
				}
				return runExportWorkspace(f, stdout, cmd.ErrOrStderr())
			}
			if f.format != "openapi" {
				return usagef("--format %q: use openapi (a stage's API, as get-export writes it) or workspace (the whole workspace as YAML)", f.format)
			}
			return runExport(f, stdout)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.file, "file", "f", "", "workspace file (YAML)")
	fl.StringVar(&f.format, "format", "openapi", "openapi (a stage's API, as get-export writes it) or workspace (the whole workspace, apigwlab's YAML)")
	fl.StringVar(&f.api, "api", "", "REST or HTTP API name or id (default: the workspace's only API)")
	fl.StringVar(&f.stage, "stage", "", "stage whose deployment is exported (default: the API's only stage)")
	fl.StringVar(&f.typ, "type", export.TypeOAS30, "oas30 (OpenAPI 3.0.1) or swagger (Swagger 2.0)")
	fl.StringVar(&f.extensions, "extensions", "", "integrations, authorizers, apigateway (comma-separated)")
	fl.StringVar(&f.accepts, "accepts", "application/json", "application/json or application/yaml")
	fl.StringVarP(&f.output, "output", "o", "", "write to this file (atomically) instead of standard output")
	fl.BoolVar(&f.includeExtensions, "include-extensions", true, "HTTP APIs: write the x-amazon-apigateway-* extensions (export-api's includeExtensions)")
	return cmd
}

func runExport(f *exportFlags, stdout io.Writer) error {
	if f.file == "" {
		return usagef("export needs a workspace: -f FILE (try -f examples/pets.yaml)")
	}
	if f.typ != export.TypeOAS30 && f.typ != export.TypeSwagger {
		return usagef("--type %q: use oas30 (OpenAPI 3.0.1) or swagger (Swagger 2.0)", f.typ)
	}
	if f.accepts != "application/json" && f.accepts != "application/yaml" {
		return usagef("--accepts %q: use application/json or application/yaml", f.accepts)
	}
	exts, err := export.ParseExtensions(f.extensions)
	if err != nil {
		return usagef("--extensions: %v", err)
	}
	gw, _, err := exportGateway(f.file)
	if err != nil {
		return err
	}
	defer gw.Close()
	var res *export.Result
	if h, ok := gw.HTTPAPI(f.api); ok || f.api == "" && len(gw.APIs()) == 1 && gw.APIs()[0].Type == engine.APITypeHTTP {
		if f.typ != export.TypeOAS30 {
			return usagef("--type %s: HTTP APIs export as OpenAPI 3.0 (oas30) only", f.typ)
		}
		id := gw.APIs()[0].ID
		if ok {
			id = h.ID
		}
		if res, err = gw.ExportHTTPAPI(id, f.stage, f.includeExtensions); err != nil {
			return usageError{err}
		}
	} else {
		api, stage, err := pickAPIStage(gw, f.file, f.api, f.stage)
		if err != nil {
			return err
		}
		if res, err = gw.ExportAPI(api, stage, export.Options{Type: f.typ, Extensions: exts}); err != nil {
			return usageError{err}
		}
	}
	out := res.JSON()
	if f.accepts == "application/yaml" {
		out = res.YAML()
	}
	if f.output != "" {
		return labs.WriteFileAtomic(f.output, out)
	}
	_, err = stdout.Write(out)
	return err
}

// pickAPIStage resolves --api and --stage, defaulting each when there is only one.
func pickAPIStage(gw *engine.Gateway, file, api, stage string) (string, string, error) {
	apis := gw.APIs()
	var info *engine.APIInfo
	for i := range apis {
		if api == "" && len(apis) == 1 || apis[i].Name == api || apis[i].ID == api {
			info = &apis[i]
		}
	}
	if info == nil {
		if api == "" {
			return "", "", usagef("%s has %d REST APIs: name one with --api (%s)", file, len(apis), apiNames(gw))
		}
		return "", "", usagef("no REST API named %q in %s; APIs: %s", api, file, apiNames(gw))
	}
	if stage == "" {
		if len(info.Stages) != 1 {
			return "", "", usagef("API %s has stages %s: name one with --stage", info.Name, strings.Join(info.Stages, ", "))
		}
		stage = info.Stages[0]
	}
	for _, s := range info.Stages {
		if s == stage {
			return info.ID, stage, nil
		}
	}
	return "", "", usagef("API %s has no stage %q; stages: %s", info.Name, stage, strings.Join(info.Stages, ", "))
}

// runExportWorkspace writes the workspace back as workspace YAML through a deployed gateway,
// so that what the file leaves to the engine (a stage's first deployment) is written as the
// engine holds it.
func runExportWorkspace(f *exportFlags, stdout, stderr io.Writer) error {
	if f.file == "" {
		return usagef("export needs a workspace: -f FILE (try -f examples/pets.yaml, or serve --state DIR's DIR/workspace.yaml)")
	}
	gw, ws, err := exportGateway(f.file)
	if err != nil {
		return err
	}
	defer gw.Close()
	out, notes := gw.ExportWorkspace()
	for _, n := range notes {
		fmt.Fprintln(stderr, "apigwlab: not written back:", n)
	}
	if f.output != "" {
		if w := movedPaths(ws, f.file, f.output); w != "" {
			fmt.Fprintln(stderr, "apigwlab: warning:", w)
		}
		return labs.WriteFileAtomic(f.output, out)
	}
	_, err = stdout.Write(out)
	return err
}

// movedPaths warns when the export goes to another directory than the workspace while its
// code functions name files relative to the workspace (they would not be found beside the
// export).
func movedPaths(ws *model.Workspace, from, to string) string {
	a, _ := filepath.Abs(filepath.Dir(from))
	b, _ := filepath.Abs(filepath.Dir(to))
	if a == b {
		return ""
	}
	var rel []string
	for _, fn := range ws.Functions {
		if fn != nil && (fn.Handler != "" && fn.Source == "" && fn.Command == "" || fn.Command != "" && !filepath.IsAbs(fn.Command)) {
			rel = append(rel, fn.FunctionName)
		}
	}
	if len(rel) == 0 {
		return ""
	}
	return fmt.Sprintf("functions %s name files relative to %s; %s is in %s, where they are looked for from now on: copy them or write the export beside the workspace",
		strings.Join(rel, ", "), a, to, b)
}

// exportGateway loads and deploys the workspace an export reads.
func exportGateway(file string) (*engine.Gateway, *model.Workspace, error) {
	ws, err := model.Load(file)
	if err != nil {
		return nil, nil, usageError{err}
	}
	gw, err := engine.New(ws, engine.Options{Clock: clock.NewVirtual(time.Now().UTC())})
	if err != nil {
		return nil, nil, usageError{err}
	}
	return gw, ws, nil
}
