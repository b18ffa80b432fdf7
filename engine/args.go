package engine

// SplitArgs splits a command line into words as a POSIX shell does for words and quotes,
// as Exec reads a control-plane line (for the TUI's wording and tests that read commands).
func SplitArgs(line string) ([]string, error) { return splitArgs(line) }
