package engine

import "apigwlab/engine/model"

// ExportWorkspace writes the gateway's workspace as it is now — what control-plane verbs
// (the aws CLI against serve, the palette, lab steps) created and changed included — as
// workspace YAML (model.Encode): REST APIs with their current resources, the deployments
// stages serve as frozen snapshots, stages, keys, plans, and functions with the changes
// set-function, update-alias and add-permission made. notes list what the format cannot
// say (they are also comments at the top of the file).
func (g *Gateway) ExportWorkspace() (data []byte, notes []string) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	ws := *g.ws
	ws.Functions = nil
	for _, f := range g.ws.Functions {
		if f == nil {
			continue
		}
		cur := g.lambda.Spec(f.FunctionName)
		if cur == nil {
			cur = f
		}
		// the resource policy lives in the model (permissions.go), the behaviour in the
		// Lambda service
		cur.Permissions = f.Permissions
		ws.Functions = append(ws.Functions, cur)
	}
	return model.Encode(&ws)
}
