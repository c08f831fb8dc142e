package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/caremarket/caremarket/agents"
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

// funded is one row of a table of funding calls: the finance before, the
// call (fund), whether it succeeds and the cash and debt it leaves.
type funded struct {
	name       string
	f          agents.Finance
	fund       func(*agents.Finance) bool
	ok         bool
	cash, debt float64
}

// assertFunded runs each row as a subtest: the call on a copy of the
// finance returns ok and leaves cash and debt.
func assertFunded(t *testing.T, rows []funded) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			f := r.f
			assert.Equal(t, r.ok, r.fund(&f))
			assert.InDelta(t, r.cash, f.Cash, 1e-6, "cash")
			assert.InDelta(t, r.debt, f.Debt, 1e-6, "debt")
		})
	}
}
