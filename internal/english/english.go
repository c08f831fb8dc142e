// Package english writes small pieces of English for the texts the
// simulation prints: lists joined with "and".
package english

import "strings"

// JoinAnd joins items as "a, b and c" ("a and b", "a", or "" for none).
func JoinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
