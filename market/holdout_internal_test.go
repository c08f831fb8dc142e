package market

import "testing"

// TestHoldOut: a council waits for a nearer offer while the offer in hand
// costs more in distance (λ·d) than one more week of the child's interim
// arrangement, and stops waiting in the week before the unregistered
// fallback (MaxWaitWeeks − 1 weeks sought).
func TestHoldOut(t *testing.T) {
	const wait = 1125.0 // £ a week: a foster child's emergency bed
	tests := []struct {
		name   string
		lambda float64
		km     float32
		ws     int
		want   bool
	}{
		{"near offer taken at high λ", 20, 30, 0, false},
		{"far offer taken at low λ", 5, 100, 0, false},
		{"far offer declined at high λ", 20, 100, 0, true},
		{"far offer declined in week 2", 20, 100, 2, true},
		{"far offer taken in the last week before the fallback", 20, 100, 3, false},
		{"no hold-out at λ 0", 0, 400, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := &World{}
			w.cfg.Matching.Lambda = tc.lambda
			w.cfg.Matching.MaxWaitWeeks = 4
			if got := w.holdOutAt(cand{dist: tc.km}, tc.ws, wait); got != tc.want {
				t.Errorf("holdOutAt(λ %g, %g km, week %d) = %v, want %v", tc.lambda, tc.km, tc.ws, got, tc.want)
			}
		})
	}
}
