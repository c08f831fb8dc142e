package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/caremarket/caremarket/internal/digits"
	"github.com/caremarket/caremarket/internal/english"
	"github.com/caremarket/caremarket/market"
)

// Describer is implemented by interventions that can say in plain words
// what they do with their parameters, for reports read by people who do
// not read code. Every built-in intervention implements it.
type Describer interface {
	// Describe returns one or a few sentences naming every parameter in
	// plain words, without the start week (reports give the start as a
	// date).
	Describe() string
}

// Describe returns what iv does in plain words: its Describe() when it has
// one, else its Name().
func Describe(iv Intervention) string {
	if d, ok := iv.(Describer); ok {
		return d.Describe()
	}
	return iv.Name()
}

// descPct writes a share as a percentage without trailing zeros: 0.1 → "10%",
// 0.125 → "12.5%".
func descPct(x float64) string {
	return descNum(math.Round(x*100*1e4)/1e4) + "%"
}

// descNum writes x without trailing zeros, with thousands separators: 9000 →
// "9,000", 2.5 → "2.5".
func descNum(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Sprint(x)
	}
	s := digits.Group(strconv.FormatFloat(math.Abs(x), 'f', -1, 64))
	if x < 0 {
		return "−" + s
	}
	return s
}

// descPounds writes a £ amount: 5000 → "£5,000", 50e6 → "£50m", 1.5e9 →
// "£1.5bn".
func descPounds(x float64) string {
	switch a := math.Abs(x); {
	case a >= 1e9:
		return "£" + descNum(math.Round(x/1e9*100)/100) + "bn"
	case a >= 1e6:
		return "£" + descNum(math.Round(x/1e6*100)/100) + "m"
	}
	return "£" + descNum(math.Round(x))
}

// descYears writes "1 year", "2.5 years".
func descYears(y float64) string {
	if y == 1 {
		return "1 year"
	}
	return descNum(y) + " years"
}

func descCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return descNum(float64(n)) + " " + many
}

func descRegions(regions []string, fallback string) string {
	if len(regions) == 0 {
		return fallback
	}
	return "in " + english.JoinAnd(regions)
}

// Describe implements Describer.
func (p *ProfitCap) Describe() string {
	var b strings.Builder
	if p.Reserve {
		fmt.Fprintf(&b, "A backstop held in reserve: it comes into force only if the for-profit operating margin over the last four quarters exceeds %s (checked each quarter); from then on, ", descPct(p.Trigger))
	}
	mode, _ := p.mode()
	rate := descPct(p.Rate)
	switch mode {
	case market.Clawback:
		fmt.Fprintf(&b, "each April providers repay to councils any profit above %s of their revenue. Placement prices are not capped, but providers decide whether to build new homes on their profit after the repayment.", rate)
	default:
		fmt.Fprintf(&b, "for-profit operating margins are capped at %s through a ceiling on the prices of new placements (reported cost ÷ (1 − %s)). ", rate, rate)
		switch p.PhaseInYears {
		case 0:
			b.WriteString("Prices of placements already running above the ceiling are cut to it at the first April.")
		case 1:
			b.WriteString("Prices of placements already running above the ceiling are cut to it at the next April.")
		default:
			fmt.Fprintf(&b, "Prices of placements already running above the ceiling are cut in equal steps over the next %d Aprils.", p.PhaseInYears)
		}
	}
	if p.Transparency {
		b.WriteString(" Every provider must report its costs transparently.")
	} else if mode == market.PriceCeiling {
		b.WriteString(" Providers are not required to report their costs transparently, so they over-report them and the ceiling sits above the intended margin.")
	}
	s := b.String()
	if p.Reserve {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Describe implements Describer.
func (p *PriceCap) Describe() string {
	tiers := func(setting string, t market.ByTier) string {
		// Tiers with the same ceiling share one amount: "£850 (standard
		// and complex needs)".
		var amounts []float64
		names := map[float64][]string{}
		for _, x := range []struct {
			name string
			v    float64
		}{{"standard", t.Standard}, {"complex", t.Complex}, {"very complex", t.VeryComplex}} {
			if x.v > 0 {
				if names[x.v] == nil {
					amounts = append(amounts, x.v)
				}
				names[x.v] = append(names[x.v], x.name)
			}
		}
		var parts []string
		for _, v := range amounts {
			parts = append(parts, descPounds(v)+" ("+english.JoinAnd(names[v])+" needs)")
		}
		if len(parts) == 0 {
			return setting + ": no ceiling"
		}
		return setting + ": " + english.JoinAnd(parts)
	}
	return "Weekly price ceilings on new placements, by the child's level of need (no ceiling where none is given) — " +
		tiers("children's homes", p.ChildrensHome) + "; " +
		tiers("agency foster care", p.FosterIFA) + "; " +
		tiers("supported accommodation", p.Supported) +
		". Placements already running keep their prices; unregistered settings are outside the cap."
}

// Describe implements Describer.
func (t *WindfallTax) Describe() string {
	return fmt.Sprintf("Each April, providers with annual revenue above %s pay a tax of %s on their profit above a %s operating margin. Providers decide whether to build new homes on their profit after the tax; the receipts reduce the net public cost.",
		descPounds(t.Threshold), descPct(t.Tau), descPct(t.Theta))
}

// Describe implements Describer.
func (n *NFPEntry) Describe() string {
	return fmt.Sprintf("Grants pay the capital for not-for-profit providers to open %s over %s, %s. They take the kind of home most needed there, price on not-for-profit terms and face the same staffing and registration limits as other homes.",
		descCount(n.Homes, "children's home", "children's homes"), descYears(n.Years),
		descRegions(n.Regions, "sited in the regions with most children waiting per 10,000"))
}

// Describe implements Describer.
func (c *CoopCommissioning) Describe() string {
	var b strings.Builder
	switch {
	case c.Layout == "pathfinders" && len(c.Coops) == 0:
		b.WriteString("Councils in the Greater Manchester and South East pathfinders commission placements together through a regional co-operative each.")
	case c.Layout == "pathfinders":
		fmt.Fprintf(&b, "Councils in the %s pathfinder%s commission placements together through a regional co-operative.", english.JoinAnd(c.Coops), descPlural(len(c.Coops)))
	case len(c.Coops) == 0:
		b.WriteString("Councils commission placements together through regional co-operatives, one per region.")
	default:
		fmt.Fprintf(&b, "Councils in %s commission placements together through a regional co-operative each.", english.JoinAnd(c.Coops))
	}
	var on, off []string
	sw := func(ok bool, text string) {
		if ok {
			on = append(on, text)
		} else {
			off = append(off, text)
		}
	}
	sw(c.PooledSearch, "pooled search of member councils' own foster and home places")
	sw(c.BuyerPower, "buyer power in price negotiations")
	sw(c.BlockContracts, fmt.Sprintf("block contracts (every %s, %s of forecast demand for home places offered at a markup %s lower; providers accept if that is within %s of what they earn on spot placements)",
		descYears(float64(c.TermYears)), descPct(c.Q), descPct(c.Delta), descPct(c.DeltaAccept)))
	sw(c.Forecasting, "demand forecasts shared with providers")
	if len(on) > 0 {
		b.WriteString(" Switched on: " + strings.Join(on, "; ") + ".")
	}
	if len(off) > 0 {
		b.WriteString(" Switched off: " + strings.Join(off, "; ") + ".")
	}
	fmt.Fprintf(&b, " Each co-operative costs %s a year to run and %s of capital once, both counted in spend.", descPounds(c.RunningCost), descPounds(c.Capital))
	return b.String()
}

func descPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Describe implements Describer.
func (f *FinancialOversight) Describe() string {
	return fmt.Sprintf("Providers with %s units or more (homes and supported schemes, plus one tenth of their foster households) come under financial oversight: they report their finances, so their costs are transparent, and if one fails its exit is orderly — its homes pass to another provider in the region or to the council and no child moves.",
		descNum(f.MinUnits))
}

// Describe implements Describer.
func (r *RateShock) Describe() string {
	dir := "rises"
	if r.Points < 0 {
		dir = "falls"
	}
	return fmt.Sprintf("A stress test: the base rate %s by %s percentage points and stays there; each provider pays the new rate plus its own spread on its net debt from its next refinancing, so highly indebted providers' interest costs rise over the following years.",
		dir, descNum(math.Abs(r.Points)))
}

// Describe implements Describer.
func (f *FosterRecruitment) Describe() string {
	s := fmt.Sprintf("%s extra foster households approved over %s", descNum(math.Round(f.Extra)), descYears(f.Years))
	switch r := f.AllowanceRatio; {
	case r == 1:
		s += "; council foster allowances unchanged."
	case r > 1:
		s += fmt.Sprintf("; council foster allowances raised by %s.", descPct(r-1))
	default:
		s += fmt.Sprintf("; council foster allowances cut by %s.", descPct(1-r))
	}
	return s
}

// Describe implements Describer.
func (b *InHouseBuild) Describe() string {
	return fmt.Sprintf("Councils are funded to open %s of their own over %s, %s, each at the council with most children waiting, in unregistered settings or placed over 20 miles away.",
		descCount(b.Homes, "children's home", "children's homes"), descYears(b.Years),
		descRegions(b.Regions, "in the regions with most children waiting per 10,000"))
}

// Describe implements Describer.
func (u *UnregisteredBan) Describe() string {
	var s string
	if u.Mode == "Enforce" {
		s = fmt.Sprintf("Unregistered placements are fined %s a week on top of their price.", descPounds(u.Fine))
	} else {
		s = "No unregistered placements: children with no registered place wait instead, at the cost of waiting."
	}
	return s + fmt.Sprintf(" %s of unregistered settings a year register as children's homes.", descPct(u.ConversionRate))
}
