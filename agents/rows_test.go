package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// near is one row of a table of computed numbers: got is what the rule
// returned for the row's arguments, want the hand-computed value.
type near struct {
	name      string
	got, want float64
}

// assertNear runs each row as a subtest asserting got is within delta of
// want.
func assertNear(t *testing.T, delta float64, rows []near) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			assert.InDelta(t, r.want, r.got, delta)
		})
	}
}

// same is one row of a table of computed values compared exactly.
type same[T any] struct {
	name      string
	got, want T
}

// assertSame runs each row as a subtest asserting got equals want.
func assertSame[T any](t *testing.T, rows []same[T]) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			assert.Equal(t, r.want, r.got)
		})
	}
}
