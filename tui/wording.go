package tui

import (
	"regexp"
	"strings"

	"apigwlab/engine"
)

// Lab texts and the engine's trace reasons are shared with the CLI, which says commands:
// `apigwlab invoke -f workspace.yaml GET /dev/health --trace`. Inside the TUI the same step
// is keys, so the TUI says its keys (issue 15 rough edge: "Lab and flow texts speak CLI").
// The content keeps the CLI form; tuiWords rewrites the commands the TUI has keys for and
// leaves the others (vtl render) as they are.

// cliSpan is a code span holding an apigwlab command.
var cliSpan = regexp.MustCompile("`apigwlab ([^`]*)`")

// tuiWords rewrites the apigwlab commands of a markdown text into the TUI's keys.
func tuiWords(md string) string {
	if !strings.Contains(md, "`apigwlab ") {
		return md
	}
	return cliSpan.ReplaceAllStringFunc(md, func(span string) string {
		args, err := engine.SplitArgs(cliSpan.FindStringSubmatch(span)[1])
		if err != nil || len(args) == 0 {
			return span
		}
		switch {
		case args[0] == "invoke":
			if s, ok := invokeKeys(args[1:]); ok {
				return s
			}
		case args[0] == "lab" && len(args) > 1 && args[1] == "check":
			return "`c`"
		case args[0] == "lab" && len(args) > 3 && args[1] == "exec" && args[3] == "--":
			// the palette runs the same verbs: the lab's commands.log keeps them
			return "`: " + strings.Join(args[4:], " ") + "` (the palette)"
		case args[0] == "token":
			if who := flagValue(args, "--user"); who != "" {
				return "`u` (send as " + who + ")"
			}
		case args[0] == "validate":
			return "`E` (the workspace is checked when the editor closes)"
		}
		return span
	})
}

// invokeKeys says in keys what `apigwlab invoke … METHOD PATH [flags]` does.
func invokeKeys(args []string) (string, bool) {
	var pos, steps []string
	flow := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch a {
		case "-f", "--file", "--api", "--stage":
			val()
		case "--trace":
			flow = true
		case "-H", "--header":
			h := val()
			if strings.HasPrefix(strings.ToLower(h), "authorization: $") {
				steps = append(steps, "`u` picks who sends it")
			} else {
				steps = append(steps, "`e` adds the header `"+h+"`")
			}
		case "--sigv4":
			key, _, _ := strings.Cut(val(), ":")
			steps = append(steps, "`u` picks "+key)
		case "--vpce":
			steps = append(steps, "`v` picks the VPC endpoint "+val())
		case "-d", "--data", "--body":
			steps = append(steps, "`e` sets the body")
			val()
		default:
			if strings.HasPrefix(a, "-") {
				return "", false // a flag without a key: keep the command
			}
			pos = append(pos, a)
		}
	}
	if len(pos) != 2 {
		return "", false
	}
	method, target := pos[0], pos[1]
	path, query, hasQuery := strings.Cut(target, "?")
	if hasQuery {
		steps = append([]string{"`e` sets the query `" + query + "`"}, steps...)
	}
	s := "`" + method + " " + path + "` (send it from the explorer, `1`"
	if len(steps) > 0 {
		s = "`" + method + " " + path + "` (from the explorer, `1`: " + strings.Join(steps, ", ") + ", then `enter` sends"
	}
	if flow {
		s += "; `f` shows its flow"
	}
	return s + ")", true
}

// flagValue is the value after flag in args, or "".
func flagValue(args []string, flag string) string {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// tuiReasons are the CLI phrases of the engine's trace reasons, and what the TUI says.
var tuiReasons = strings.NewReplacer(
	"(invoke --vpce, serve's x-apigwlab-vpce header)", "(v in the explorer picks one; the CLI's invoke --vpce)",
	"(aws lambda add-permission --source-arn …;", "(: add-permission --source-arn …, the palette;",
)

// tuiReason is a trace reason in the TUI's words.
func tuiReason(s string) string { return tuiReasons.Replace(s) }
