package model

import (
	"fmt"
	"maps"
	"slices"
)

// methodRefs checks that a method's requestValidatorId and requestModels name a validator
// and models of its API, so a typo is reported at its line rather than when deploying.
func (v *validator) methodRefs(m *Method, base string) {
	if v.api == nil {
		return
	}
	if id := m.RequestValidatorID; id != "" {
		var names []string
		found := false
		for _, rv := range v.api.RequestValidators {
			if rv == nil {
				continue
			}
			names = append(names, rv.Name)
			if rv.Name == id || (rv.ID != "" && rv.ID == id) {
				found = true
			}
		}
		if !found {
			v.at(m, base, "requestValidatorId", refMsg(id, "request validator", "requestValidators", names))
		}
	}
	models := slices.Sorted(maps.Keys(v.api.Models))
	for _, ct := range slices.Sorted(maps.Keys(m.RequestModels)) {
		name := m.RequestModels[ct]
		if _, ok := v.api.Models[name]; !ok && name != "Empty" && name != "Error" {
			v.atVal(m, base, "requestModels", ct, refMsg(name, "model", "models", models))
		}
	}
}

// refMsg says that name is not among the API's things, what they are, and a close match.
func refMsg(name, what, field string, names []string) string {
	msg := fmt.Sprintf("%q names no %s of this API (%s: %s)", name, what, field, quoteList(names))
	if s := suggest(name, names); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	return msg
}
