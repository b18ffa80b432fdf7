package tui

import (
	"sort"

	"apigwlab/engine/model"
)

// wsMark names a WebSocket API in the tree, as "HTTP API" names an HTTP API.
const wsMark = "WebSocket API"

// addWebSocketAPIs adds the workspace's WebSocket APIs to the tree: API → stages → routes.
// A WebSocket API's routes are the same on every stage (they are the API's), listed under
// each stage because a connection is made to a stage. The nodes carry a REST-shaped view of
// the API (name, id, stages) so that the header and rebuilds name them like the others.
func (t *tree) addWebSocketAPIs(ws *model.Workspace) {
	for _, a := range ws.WebSocketAPIs {
		if a == nil {
			continue
		}
		view := &model.RestAPI{Name: a.Name, ID: a.APIID, Pos: a.Pos}
		for _, s := range a.Stages {
			if s != nil {
				view.Stages = append(view.Stages, &model.Stage{StageName: s.StageName, Variables: s.StageVariables, Pos: s.Pos})
			}
		}
		ai := len(t.nodes)
		t.nodes = append(t.nodes, &treeNode{kind: nodeAPI, parent: -1, api: view, ws: a})
		keys := wsRouteKeys(a)
		for _, stg := range view.Stages {
			si := len(t.nodes)
			t.nodes = append(t.nodes, &treeNode{kind: nodeStage, depth: 1, parent: ai, api: view, stage: stg, ws: a})
			for _, k := range keys {
				t.nodes = append(t.nodes, &treeNode{kind: nodeRoute, depth: 2, parent: si, api: view, stage: stg, ws: a, routeKey: k})
			}
		}
	}
}

// wsRouteKeys orders a WebSocket API's routes as the console does: $connect, $disconnect,
// $default, then the custom route keys by name.
func wsRouteKeys(a *model.V2API) []string {
	rank := map[string]int{"$connect": 0, "$disconnect": 1, "$default": 2}
	keys := make([]string, 0, len(a.Routes))
	for k, r := range a.Routes {
		if r != nil {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, iok := rank[keys[i]]
		rj, jok := rank[keys[j]]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		}
		return keys[i] < keys[j]
	})
	return keys
}

// routeLine is a route's line: its key, then badges — the integration, "auth" on a
// $connect route with a Lambda REQUEST authorizer, "two-way" when the integration's result
// is sent back on the connection.
func routeLine(st *Styles, n *treeNode) (plain, styled string) {
	r := n.ws.Routes[n.routeKey]
	plain = n.routeKey
	if w := len("$disconnect"); len(plain) < w {
		plain = padRight(plain, w)
	}
	styled = st.Tree.Method.Render(plain)
	var badges []badge
	// short badges: a route line fits the 26 columns of the tree at 80×24
	if in := n.ws.RouteIntegration(r); in != nil {
		text := integrationBadge(in.IntegrationType)
		if in.IntegrationType == model.IntegrationAWSProxy {
			text = "λ"
		}
		badges = append(badges, badge{text: text})
	}
	switch r.AuthorizationType {
	case "CUSTOM":
		badges = append(badges, badge{text: "auth", kind: 2})
	case "AWS_IAM":
		badges = append(badges, badge{text: "iam", kind: 2})
	}
	if r.RouteResponseSelectionExpression != "" {
		badges = append(badges, badge{text: "two-way", kind: 1})
	}
	for _, b := range badges {
		plain += " " + b.text
		styled += " " + b.style(st).Render(b.text)
	}
	return plain, styled
}
