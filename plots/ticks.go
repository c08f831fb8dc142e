package plots

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/caremarket/caremarket/internal/digits"
)

// majorTicks returns tick positions for [min, max]: about five labelled
// ticks at a "nice" step (1, 2, 2.5 or 5 times a power of ten) with minor
// ticks between them, or nil if the range is empty or not finite.
func majorTicks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return nil
	}
	step, minor := niceStep((max - min) / 5)
	if !(step > 0) {
		return nil
	}
	var ticks []plot.Tick
	first := math.Ceil(min/minor - 1e-9)
	for i := first; i*minor <= max+minor*1e-9 && len(ticks) < 200; i++ {
		v := i * minor
		if math.Abs(v) < minor*1e-9 {
			v = 0
		}
		t := plot.Tick{Value: v}
		if r := v / step; math.Abs(r-math.Round(r)) < 1e-6 {
			t.Label = "x" // relabelled by the caller
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// niceStep returns a step of 1, 2, 2.5 or 5 times a power of ten near raw,
// and the step of the minor ticks between labels.
func niceStep(raw float64) (step, minor float64) {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 0, 0
	}
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	f := raw / mag
	switch {
	case f < 1.5:
		return mag, mag / 2
	case f < 2.25:
		return 2 * mag, mag
	case f < 3.5:
		return 2.5 * mag, 0.5 * mag
	case f < 7.5:
		return 5 * mag, mag
	}
	return 10 * mag, 5 * mag
}

// decimals returns the fewest decimals (0 to 3) that write every labelled
// value exactly once scaled by div.
func decimals(ticks []plot.Tick, div float64) int {
	for d := 0; d < 3; d++ {
		p := math.Pow10(d)
		ok := true
		for _, t := range ticks {
			if t.Label == "" {
				continue
			}
			v := t.Value / div * p
			if math.Abs(v-math.Round(v)) > 1e-6*math.Max(1, math.Abs(v)) {
				ok = false
				break
			}
		}
		if ok {
			return d
		}
	}
	return 3
}

// relabel replaces the label of every major tick with f(value).
func relabel(ticks []plot.Tick, f func(float64) string) []plot.Tick {
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = f(ticks[i].Value)
		}
	}
	return ticks
}

// sign is digits.Sign.
func sign(v float64, signed bool) string { return digits.Sign(v, signed) }

// groupDigits is digits.Float.
func groupDigits(v float64, d int) string { return digits.Float(v, d) }

// moneyScale is digits.MoneyScale.
func moneyScale(m float64) (float64, string) { return digits.MoneyScale(m) }

// MoneyTicks is a plot.Ticker for £ values: it labels ticks in £, £k, £m
// or £bn, one unit for the whole axis chosen from its range, e.g. "£250m",
// "£1.5bn". Signed puts a "+" before positive values (for differences).
type MoneyTicks struct {
	Signed bool
}

var _ plot.Ticker = MoneyTicks{}

// Ticks returns the ticks of [min, max].
func (t MoneyTicks) Ticks(min, max float64) []plot.Tick {
	div, suffix := moneyScale(math.Max(math.Abs(min), math.Abs(max)))
	return groupedTicks(min, max, div, "£", suffix, t.Signed)
}

// groupedTicks returns the ticks of [min, max] labelled prefix, the value
// divided by div with thousands separators, then suffix, with a "+" before
// positive values when signed; zero is prefix then "0".
func groupedTicks(min, max, div float64, prefix, suffix string, signed bool) []plot.Tick {
	ticks := majorTicks(min, max)
	d := decimals(ticks, div)
	return relabel(ticks, func(v float64) string {
		if v == 0 {
			return prefix + "0"
		}
		return sign(v, signed) + prefix + groupDigits(math.Abs(v)/div, d) + suffix
	})
}

// FormatMoney writes a £ amount in the unit that suits its size: "£1.23bn",
// "£456m", "£12k", "£850", with a "+" before positive values when signed
// (digits.Money).
func FormatMoney(v float64, signed bool) string { return digits.Money(v, signed) }

// CountTicks is a plot.Ticker for counts (children, places, child-weeks):
// thousands separators, and "m" for millions. Signed puts a "+" before
// positive values.
type CountTicks struct {
	Signed bool
}

var _ plot.Ticker = CountTicks{}

// Ticks returns the ticks of [min, max].
func (t CountTicks) Ticks(min, max float64) []plot.Tick {
	div, suffix := 1.0, ""
	if math.Max(math.Abs(min), math.Abs(max)) >= 1e6 {
		div, suffix = 1e6, "m"
	}
	return groupedTicks(min, max, div, "", suffix, t.Signed)
}

// FormatCount writes a count for a label, rounded to three significant
// figures: thousands separators below a million ("74,000", "1,230"), "m"
// above ("1.23m"), one decimal below 100 when not whole ("46.2"), with a
// "+" before positive values when signed (digits.Count).
func FormatCount(v float64, signed bool) string { return digits.Count(v, signed) }

// roundSig is digits.RoundSig.
func roundSig(x float64, n int) float64 { return digits.RoundSig(x, n) }

// PercentTicks is a plot.Ticker for shares (0.12 is labelled "12%"). With
// Points set it labels differences of shares as signed percentage points
// ("+1.5 pp").
type PercentTicks struct {
	Points bool
}

var _ plot.Ticker = PercentTicks{}

// Ticks returns the ticks of [min, max].
func (t PercentTicks) Ticks(min, max float64) []plot.Tick {
	ticks := majorTicks(min, max)
	d := decimals(ticks, 0.01)
	return relabel(ticks, func(v float64) string {
		if t.Points {
			if v == 0 {
				return "0 pp"
			}
			return sign(v, true) + strconv.FormatFloat(math.Abs(v)*100, 'f', d, 64) + " pp"
		}
		return sign(v, false) + strconv.FormatFloat(math.Abs(v)*100, 'f', d, 64) + "%"
	})
}

// FormatPercent writes a share as a percentage with one decimal ("12.5%"),
// or a difference of shares as signed percentage points ("+1.5 pp").
func FormatPercent(v float64, points bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprint(v)
	}
	s := strconv.FormatFloat(math.Abs(v)*100, 'f', 1, 64)
	if points {
		if s == "0.0" {
			return "0 pp"
		}
		return sign(v, true) + s + " pp"
	}
	if s == "0.0" {
		return "0%"
	}
	return sign(v, false) + s + "%"
}

// NumberTicks is a plot.Ticker for plain numbers (indices): gonum's
// positions with thousands separators.
type NumberTicks struct {
	Signed bool
}

var _ plot.Ticker = NumberTicks{}

// Ticks returns the ticks of [min, max].
func (t NumberTicks) Ticks(min, max float64) []plot.Tick {
	return groupedTicks(min, max, 1, "", "", t.Signed)
}

// FinancialYear returns the name of the financial year starting in April of
// year y: FinancialYear(2023) is "2023/24".
func FinancialYear(y int) string {
	return fmt.Sprintf("%d/%02d", y, (y+1)%100)
}

// YearTicks is a plot.Ticker for time axes in financial years, where x = y
// is 1 April of year y (so x = 2023.5 is about October 2023). It labels the
// middle of each financial year ("2023/24") and marks the year boundaries
// with minor ticks. Every labels one year in Every (0 chooses from the
// number of years so that at most 12 labels show).
type YearTicks struct {
	Every int
}

var _ plot.Ticker = YearTicks{}

// Ticks returns the ticks of [min, max].
func (t YearTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) || max-min > 500 {
		return nil
	}
	first, last := int(math.Ceil(min-0.5)), int(math.Floor(max-0.5))
	every := t.Every
	if every <= 0 {
		every = max1((last-first)/12 + 1)
	}
	var ticks []plot.Tick
	for y := int(math.Ceil(min)); float64(y) <= max; y++ {
		ticks = append(ticks, plot.Tick{Value: float64(y)})
	}
	for y := first; y <= last; y++ {
		if (y-first)%every == 0 {
			ticks = append(ticks, plot.Tick{Value: float64(y) + 0.5, Label: FinancialYear(y)})
		}
	}
	return ticks
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}
