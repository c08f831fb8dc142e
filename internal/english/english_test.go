package english_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/caremarket/caremarket/internal/english"
)

func TestJoinAnd(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		items []string
		want  string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"North East", "London", "South West"}, "North East, London and South West"},
	} {
		assert.Equal(t, tc.want, english.JoinAnd(tc.items), "%q", tc.items)
	}
}
