package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine/cognito"
)

// The u key lists who requests can be sent as, each with what it adds to the request, and
// picks one (it cycled through them blindly before: issue 15 rough edge).

// sends says what an identity adds to a request, and which methods want it.
func (id identity) sends() string {
	switch {
	case id.anonymous():
		return "no credentials: methods with authorizationType NONE (and API keys, below)"
	case id.accessKeyID != "":
		return "a SigV4 signature (Authorization: AWS4-HMAC-SHA256 Credential=" + id.accessKeyID + "/…, X-Amz-Date): AWS_IAM methods"
	case id.tokenUse == cognito.TokenUseAccess:
		return "Authorization: an access token with scope " + strings.Join(id.scopes, " ") + ", minted at send: methods with authorizationScopes"
	default:
		return "Authorization: an ID token of " + id.user + ", minted at send: COGNITO_USER_POOLS and JWT methods"
	}
}

// pickKey handles a key while the identity list is open.
func (e *explorer) pickKey(msg tea.KeyMsg) tea.Cmd {
	k := e.sh.keys
	n := len(e.comp.ids)
	switch {
	case key.Matches(msg, k.Up):
		e.pickAt = (e.pickAt + n - 1) % n
	case key.Matches(msg, k.Down, k.Identity):
		e.pickAt = (e.pickAt + 1) % n
	case key.Matches(msg, k.Send):
		e.comp.ident, e.comp.chosen = e.pickAt, true
		e.picking = false
	case key.Matches(msg, k.Back):
		e.picking = false
	}
	return nil
}

func (e *explorer) openPick() {
	if len(e.comp.ids) == 0 {
		return
	}
	e.picking, e.pickAt = true, e.comp.ident
}

// pickBox is the identity list drawn over the explorer.
func (e *explorer) pickBox() string {
	st := e.sh.styles
	w := max(30, min(e.width-6, 100))
	lines := []string{truncate(st.Bold.Render("Send requests as")+st.Dim.Render(" · ↑/↓ move · enter picks · esc keeps the one there was"), w), ""}
	at := 0 // the picked row's line
	for i, id := range e.comp.ids {
		mark, label := "  ", id.label
		if i == e.comp.ident {
			label += " (now)"
		}
		if i == e.pickAt {
			mark, label = "› ", st.Selected.Render(label)
			at = len(lines)
		}
		lines = append(lines, truncate(mark+label, w))
		lines = append(lines, wrapIndent(st.Dim.Render("    "+id.sends()), w, 4)...)
	}
	if keys := e.sh.ws.APIKeys; len(keys) > 0 {
		var names []string
		for _, k := range keys {
			if k != nil {
				names = append(names, k.Name)
			}
		}
		lines = append(lines, "")
		lines = append(lines, wrapIndent(st.Dim.Render(fmt.Sprintf("API keys (%s) go in the x-api-key header, not here: an apiKeyRequired method's request starts with one; e edits it.", strings.Join(names, ", "))), w, 0)...)
	}
	lines = append(lines, wrapIndent(st.Dim.Render("An Authorization header written in the request wins over the identity."), w, 0)...)
	box := st.Overlay.Padding(0, 1).Render(strings.Join(lines, "\n"))
	if lipgloss.Height(box) > e.height {
		// a workspace with many users: keep the picked row in view
		all := strings.Split(box, "\n")
		off := clamp(at+1-e.height/2, 0, len(all)-e.height)
		box = strings.Join(all[off:off+e.height], "\n")
	}
	return box
}
