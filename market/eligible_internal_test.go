package market

import (
	"slices"
	"testing"
)

// TestMarkEligibleMatchesSort checks that the bit-mask lists of investment
// eligibility equal the sorted and compacted ones, on England at the start
// and after two years of building and exits.
func TestMarkEligibleMatchesSort(t *testing.T) {
	if testing.Short() {
		t.Skip("builds England; skipped with -short")
	}
	w, err := New(englandConfig(t), Options{Seed: 3, Years: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, week := range []int{0, 2 * 52} {
		StepUntil(t, w, week)
		nr := len(w.regions)
		mark, sorted := make([][]int32, nr), make([][]int32, nr)
		w.markEligible(mark)
		w.sortEligible(sorted)
		for r := range mark {
			if !slices.Equal(mark[r], sorted[r]) {
				t.Fatalf("week %d region %d: marked %v, sorted %v", week, r, mark[r], sorted[r])
			}
			if len(mark[r]) == 0 {
				t.Errorf("week %d region %d: no eligible provider", week, r)
			}
		}
	}
}
