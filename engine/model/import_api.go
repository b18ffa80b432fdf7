package model

import (
	"fmt"
	"net/url"
	"path"
	"strings"
)

// ImportOpenAPI reads an OpenAPI 3 or Swagger 2 document given in memory (the body of
// import-rest-api and put-rest-api) into a REST API, with the same importer and extensions
// as a workspace's openapi: file. name names the document in errors; the API takes the
// document's info.title as its name. basePath is AWS's basepath import parameter:
// "ignore" (or ""), "prepend" (the document's base path goes before every path) or "split"
// (its first segment is dropped, the rest prepended). The document may not name other
// files. On failure it returns Errors.
func ImportOpenAPI(name string, data []byte, basePath string) (*RestAPI, error) {
	s := newSession(name)
	im := &importer{s: s, dir: ".", readFile: func(p string) ([]byte, error) {
		return nil, fmt.Errorf("a document sent to import-rest-api cannot name other files (%s)", p)
	}}
	api := &RestAPI{}
	f := im.loadData(name, data)
	im.importDoc(api, f)
	if f != nil && f.doc != nil && f.doc.Info != nil {
		api.Name = f.doc.Info.Title
	}
	if f != nil && len(s.errs) == 0 {
		switch basePath {
		case "", "ignore":
		case "prepend", "split":
			prefix := f.basePath()
			if basePath == "split" {
				prefix = dropFirstSegment(prefix)
			}
			for _, r := range api.Resources {
				if prefix != "" {
					r.Path = strings.TrimSuffix(prefix+r.Path, "/")
				}
			}
		default:
			s.add(Pos{File: name}, "", fmt.Sprintf("basepath %q: use ignore, prepend or split", basePath))
		}
	}
	applyDefaults(&Workspace{RestAPIs: []*RestAPI{api}})
	if len(s.errs) > 0 {
		s.errs.sort(name)
		return nil, s.errs
	}
	return api, nil
}

// basePath is the document's base path: Swagger 2's basePath, or the path of OpenAPI 3's
// first server URL with its variables' defaults substituted; "" for none or "/".
func (f *oasFile) basePath() string {
	if _, v := f.child(f.root, "basePath"); v != nil {
		return strings.TrimSuffix(v.Value, "/")
	}
	if f.doc == nil || len(f.doc.Servers) == 0 || f.doc.Servers[0] == nil {
		return ""
	}
	srv := f.doc.Servers[0]
	raw := srv.URL
	for name, v := range srv.Variables {
		if v != nil {
			raw = strings.ReplaceAll(raw, "{"+name+"}", v.Default)
		}
	}
	p := raw
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		p = u.Path
	}
	if !strings.HasPrefix(p, "/") {
		return ""
	}
	return strings.TrimSuffix(path.Clean(p), "/")
}

func dropFirstSegment(p string) string {
	rest := strings.TrimPrefix(p, "/")
	_, after, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	return "/" + after
}

// MergeResources adds the resources of from to into: a method of from replaces into's
// method of the same path and verb (put-rest-api's merge mode).
func MergeResources(into, from []*Resource) []*Resource { return mergeResources(into, from) }
