package agents_test

import (
	"testing"

	"github.com/caremarket/caremarket/agents"
)

// TestScarcityMarkup: the markup factor rises with occupancy above the
// reference and with the depth of the waiting list, falls with spare
// capacity, and is never negative.
func TestScarcityMarkup(t *testing.T) {
	const oRef, eta = 0.8, 1.0
	tests := []struct {
		name          string
		occ           float64
		waiting, vacs int
		want          float64
	}{
		{"at the reference occupancy, nobody waiting", 0.8, 0, 10, 1},
		{"full, nobody waiting", 1, 0, 0, 2},
		{"spare capacity", 0.7, 0, 30, 0.5},
		{"empty", 0, 0, 100, 0},
		{"at the reference, as many waiting as vacancies", 0.8, 10, 9, 1.5},
		{"full with a deep waiting list", 1, 99, 0, 2.99},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := agents.ScarcityFactor(eta, agents.Tightness(tc.occ, oRef, tc.waiting, tc.vacs))
			if d := got - tc.want; d > 1e-9 || d < -1e-9 {
				t.Errorf("factor %.4f, want %.4f", got, tc.want)
			}
		})
	}
	terms := agents.Terms{Mu: 0.1, Kappa: 0.25}
	lo, _ := terms.Scarce(0.5).Quote(1000, 2000, 2, 0, 0, 0)
	mid, _ := terms.Scarce(1).Quote(1000, 2000, 2, 0, 0, 0)
	hi, _ := terms.Scarce(2).Quote(1000, 2000, 2, 0, 0, 0)
	if !(lo < mid && mid < hi) {
		t.Errorf("quotes at factors 0.5, 1, 2: £%.0f, £%.0f, £%.0f; want rising", lo, mid, hi)
	}
}
