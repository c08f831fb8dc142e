package plots_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/plot"

	"github.com/caremarket/caremarket/plots"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"money bn", plots.FormatMoney(1.5e9, false), "£1.50bn"},
		{"money m signed", plots.FormatMoney(-799.4e6, true), "-£799m"},
		{"money m plus", plots.FormatMoney(12.34e6, true), "+£12.3m"},
		{"money k", plots.FormatMoney(45_600, false), "£45.6k"},
		{"money small", plots.FormatMoney(850, false), "£850"},
		{"money zero", plots.FormatMoney(0, true), "£0"},
		{"count millions", plots.FormatCount(-1_228_146, true), "-1.23m"},
		{"count ten millions", plots.FormatCount(12_345_678, false), "12.3m"},
		{"count thousands", plots.FormatCount(73_997, true), "+74,000"},
		{"count hundreds", plots.FormatCount(456.4, false), "456"},
		{"count small", plots.FormatCount(-46.2, true), "-46.2"},
		{"count whole", plots.FormatCount(7, false), "7"},
		{"count zero", plots.FormatCount(0.01, true), "0"},
		{"percent", plots.FormatPercent(0.125, false), "12.5%"},
		{"points", plots.FormatPercent(-0.015, true), "-1.5 pp"},
		{"financial year", plots.FinancialYear(2023), "2023/24"},
		{"financial year century", plots.FinancialYear(2099), "2099/00"},
	} {
		assert.Equal(t, tc.want, tc.got, tc.name)
	}
}

// labels returns the non-empty tick labels of t over [min, max].
func labels(t plot.Ticker, min, max float64) []string {
	var out []string
	for _, tk := range t.Ticks(min, max) {
		if tk.Label != "" {
			out = append(out, tk.Label)
		}
	}
	return out
}

func TestTickers(t *testing.T) {
	t.Parallel()
	money := func(min, max float64, signed bool) []string {
		return labels(plots.MoneyTicks{Signed: signed}, min, max)
	}
	assert.Equal(t, []string{"£4.0bn", "£4.5bn", "£5.0bn", "£5.5bn", "£6.0bn"}, money(3.9e9, 6.3e9, false))
	assert.Equal(t, []string{"-£2.0bn", "-£1.5bn", "-£1.0bn", "-£0.5bn", "£0"}, money(-2.4e9, 0.1e9, true))
	assert.Equal(t, []string{"£0", "£200m", "£400m", "£600m", "£800m"}, money(0, 1.0e9-1, false))
	pct := func(min, max float64, points bool) []string {
		return labels(plots.PercentTicks{Points: points}, min, max)
	}
	assert.Equal(t, []string{"0%", "5%", "10%", "15%", "20%", "25%"}, pct(0, 0.25, false))
	assert.Equal(t, []string{"-2.5 pp", "-2.0 pp", "-1.5 pp", "-1.0 pp", "-0.5 pp", "0 pp", "+0.5 pp", "+1.0 pp"}, pct(-0.025, 0.012, true))
	assert.Equal(t, []string{"2023/24", "2024/25", "2025/26"}, labels(plots.YearTicks{}, 2023, 2026))
	assert.Equal(t, []string{"2023/24", "2026/27", "2029/30", "2032/33"}, labels(plots.YearTicks{Every: 3}, 2023, 2033))
	// Empty, reversed and infinite ranges give no ticks rather than a panic.
	assert.Empty(t, plots.MoneyTicks{}.Ticks(1, 1))
	assert.Empty(t, plots.CountTicks{}.Ticks(2, 1))
	assert.Empty(t, plots.YearTicks{}.Ticks(0, 1e300))
}
