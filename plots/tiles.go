package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// ChildPopulationByRegion sums the councils' populations of children aged
// 0–17 by region.
func ChildPopulationByRegion(cfg *market.Config) map[string]float64 {
	out := make(map[string]float64)
	if cfg == nil {
		return out
	}
	for _, c := range cfg.Councils {
		out[c.Region] += float64(c.Population)
	}
	return out
}

// tiles place the nine English regions on a 3 × 4 grid that keeps their
// rough geography (column, row from the top).
var tiles = map[string][2]int{
	"North East":               {1, 0},
	"North West":               {0, 1},
	"Yorkshire and The Humber": {1, 1},
	"West Midlands":            {0, 2},
	"East Midlands":            {1, 2},
	"East of England":          {2, 2},
	"South West":               {0, 3},
	"South East":               {1, 3},
	"London":                   {2, 3},
}

// tilePos returns the column and row of a region's tile (tiles), and
// whether it has one.
func tilePos(name string) (col, row int, ok bool) {
	p, ok := tiles[name]
	return p[0], p[1], ok
}

// tileName returns a region's name broken to fit a tile.
func tileName(name string) string {
	switch name {
	case "Yorkshire and The Humber":
		return "Yorkshire and\nThe Humber"
	case "East Midlands":
		return "East\nMidlands"
	case "West Midlands":
		return "West\nMidlands"
	case "East of England":
		return "East of\nEngland"
	}
	return name
}

// RegionTiles shows a regional metric in one financial year as a tile map
// of the English regions, one square per region placed roughly where the
// region lies, coloured by the median of the runs on a light-to-dark
// yellow–orange–red scale from zero (or the lowest value, if negative) to
// the highest, with a colour key. Each tile also prints the median and the
// 5–95% range of the runs. year is the calendar year in which the financial
// year starts (2027 for 2027/28). With per10k the values are per 10,000
// children aged 0–17 in the region, from WithChildPopulation or else the
// England baseline (ChildPopulationByRegion); a region without a
// population is drawn grey with "no data". Regions not among the nine
// English ones are laid out in a plain grid instead.
// Options read: WithTitle, WithChildPopulation.
func RegionTiles(s *scenarios.Summary, rm market.RegionalMetric, year int, per10k bool, opts ...Option) (*plot.Plot, error) {
	if s == nil {
		return nil, errNilSummary
	}
	if rm < 0 || rm >= market.NumRegionalMetrics {
		return nil, fmt.Errorf("plots: regional metric %d out of range: allowed 0 to %d", int(rm), int(market.NumRegionalMetrics)-1)
	}
	data := s.RegionalYearly[rm]
	if len(data) == 0 || len(s.Regions) == 0 {
		return nil, fmt.Errorf("plots: summary of %q holds no regional data for %s", s.Scenario, rm)
	}
	ny := 0
	for _, r := range data {
		ny = max(ny, len(r))
	}
	y := year - s.StartYear
	if y < 0 || y >= ny {
		return nil, fmt.Errorf("plots: year %d: allowed %d to %d, the financial years %s to %s of the summary",
			year, s.StartYear, s.StartYear+ny-1, FinancialYear(s.StartYear), FinancialYear(s.StartYear+ny-1))
	}
	o := collect(opts)
	pop := o.population
	if per10k && pop == nil {
		cfg, err := scenarios.Baseline()
		if err != nil {
			return nil, fmt.Errorf("plots: child populations for rates per 10,000: %w", err)
		}
		pop = ChildPopulationByRegion(cfg)
	}
	th := slideTheme()
	m := rm.Metric()
	tm := &tileMap{
		nameStyle:  textStyle(sans(th.tick), black),
		valueStyle: textStyle(sansBold(th.title), black),
		rangeStyle: textStyle(sans(th.note), black),
		keyStyle:   textStyle(sans(th.tick), darkGrey),
		format: func(v float64) string {
			if per10k {
				return formatRate(v)
			}
			return formatValue(m, v, false)
		},
	}
	fallback := false
	for _, name := range s.Regions {
		if _, _, ok := tilePos(name); !ok {
			fallback = true
		}
	}
	tm.fallback = fallback
	tm.keyTicks = ticker(m, false)
	if per10k {
		tm.keyTicks = NumberTicks{}
	}
	for i, name := range s.Regions {
		t := tile{name: tileName(name), mid: math.NaN(), lo: math.NaN(), hi: math.NaN()}
		if fallback {
			t.name = name
			t.col, t.row = i%3, i/3
		} else {
			t.col, t.row, _ = tilePos(name)
		}
		if i < len(data) && y < len(data[i]) {
			b := data[i][y]
			scale := 1.0
			if per10k {
				scale = math.NaN()
				if p := pop[name]; p > 0 {
					scale = 1e4 / p
				}
			}
			t.mid, t.lo, t.hi = b.P50*scale, b.P5*scale, b.P95*scale
		}
		tm.tiles = append(tm.tiles, t)
	}
	tm.setScale()
	unit := m.Unit()
	if m.Flow() {
		unit += " per year"
	} else {
		unit += ", yearly mean"
	}
	if per10k {
		unit = "per 10,000 children aged 0–17"
	}
	tm.keyLabel = fmt.Sprintf("%s\nmedian of %s", unit, runsNote(s.Runs))
	title := o.title
	if title == "" {
		title = fmt.Sprintf("%s by region, %s: %s", MetricTitle(m), FinancialYear(year), s.Scenario)
		if per10k {
			title = fmt.Sprintf("%s per 10,000 children by region, %s: %s", MetricTitle(m), FinancialYear(year), s.Scenario)
		}
	}
	p := newPlot(th, title, "", "")
	p.HideAxes()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.Add(tm)
	return p, nil
}

type tile struct {
	name        string
	col, row    int
	mid, lo, hi float64
}

// tileMap draws square tiles laid out on a grid in canvas units (so that
// they stay square whatever the figure's shape), and a colour key on their
// right.
type tileMap struct {
	tiles                                       []tile
	lo, hi                                      float64
	ramp                                        []color.Color
	nameStyle, valueStyle, rangeStyle, keyStyle text.Style
	keyLabel                                    string
	keyTicks                                    plot.Ticker
	format                                      func(float64) string
	fallback                                    bool // a plain grid, not the English layout
}

var _ plot.Plotter = (*tileMap)(nil)

// setScale sets the colour scale from the finite medians: from zero (or
// the lowest value if negative) to the highest value.
func (tm *tileMap) setScale() {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, t := range tm.tiles {
		if finite(t.mid) {
			lo, hi = math.Min(lo, t.mid), math.Max(hi, t.mid)
		}
	}
	switch {
	case !finite(lo):
		lo, hi = 0, 1
	case lo > 0:
		lo = 0
	}
	if !(hi > lo) {
		hi = lo + 1
	}
	tm.lo, tm.hi = lo, hi
	pal, err := brewer.GetPalette(brewer.TypeSequential, "YlOrRd", 9)
	if err == nil {
		tm.ramp = pal.Colors()
	} else {
		tm.ramp = []color.Color{lightGrey, black}
	}
}

// colour returns the colour of value v on the scale.
func (tm *tileMap) colour(v float64) color.Color {
	if !finite(v) {
		return lightGrey
	}
	f := (v - tm.lo) / (tm.hi - tm.lo)
	f = math.Max(0, math.Min(1, f))
	n := len(tm.ramp) - 1
	pos := f * float64(n)
	i := min(int(pos), n-1)
	t := pos - float64(i)
	a, b := toNRGBA(tm.ramp[i]), toNRGBA(tm.ramp[i+1])
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + t*(float64(y)-float64(x)))) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xFF}
}

func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// dark reports whether text on c should be white.
func dark(c color.Color) bool {
	n := toNRGBA(c)
	lum := 0.2126*float64(n.R) + 0.7152*float64(n.G) + 0.0722*float64(n.B)
	return lum < 140
}

// Plot implements plot.Plotter.
func (tm *tileMap) Plot(c draw.Canvas, _ *plot.Plot) {
	// The English layout keeps its full 3 × 4 grid even when some regions
	// are missing, so that tiles keep their size and place.
	cols, rows := 1, 1
	if !tm.fallback {
		cols, rows = 3, 4
	}
	for _, t := range tm.tiles {
		cols, rows = max(cols, t.col+1), max(rows, t.row+1)
	}
	const keyCols = 1.9 // the key's width in tiles
	w, h := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
	size := min(h/vg.Length(rows), w/(vg.Length(cols)+keyCols))
	gap := size * 0.05
	x0 := c.Min.X + (w-size*(vg.Length(cols)+keyCols))/2
	top := c.Max.Y
	for _, t := range tm.tiles {
		minX := x0 + vg.Length(t.col)*size + gap/2
		maxY := top - vg.Length(t.row)*size - gap/2
		r := vg.Rectangle{Min: vg.Point{X: minX, Y: maxY - size + gap}, Max: vg.Point{X: minX + size - gap, Y: maxY}}
		fill := tm.colour(t.mid)
		c.FillPolygon(fill, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
		ink := color.Color(black)
		if dark(fill) {
			ink = color.White
		}
		cx := (r.Min.X + r.Max.X) / 2
		ns, vs, rs := tm.nameStyle, tm.valueStyle, tm.rangeStyle
		ns.Color, vs.Color, rs.Color = ink, ink, ink
		ns.XAlign, ns.YAlign = draw.XCenter, draw.YTop
		vs.XAlign, vs.YAlign = draw.XCenter, draw.YCenter
		rs.XAlign, rs.YAlign = draw.XCenter, draw.YBottom
		pad := size * 0.06
		c.FillText(ns, vg.Point{X: cx, Y: r.Max.Y - pad}, t.name)
		if finite(t.mid) {
			c.FillText(vs, vg.Point{X: cx, Y: r.Min.Y + (r.Max.Y-r.Min.Y)*0.38}, tm.format(t.mid))
			if finite(t.lo) && finite(t.hi) {
				c.FillText(rs, vg.Point{X: cx, Y: r.Min.Y + pad}, tm.format(t.lo)+" to "+tm.format(t.hi))
			}
		} else {
			c.FillText(vs, vg.Point{X: cx, Y: r.Min.Y + (r.Max.Y-r.Min.Y)*0.38}, "no data")
		}
	}
	// Colour key: a vertical bar with ticks, right of the tiles.
	kx := x0 + vg.Length(cols)*size + size*0.35
	kw := size * 0.22
	ky0, ky1 := top-size*vg.Length(rows)+size*0.15, top-size*0.9
	const steps = 64
	for i := range steps {
		ya := ky0 + (ky1-ky0)*vg.Length(i)/steps
		yb := ky0 + (ky1-ky0)*vg.Length(i+1)/steps
		v := tm.lo + (tm.hi-tm.lo)*(float64(i)+0.5)/steps
		c.FillPolygon(tm.colour(v), []vg.Point{{X: kx, Y: ya}, {X: kx + kw, Y: ya}, {X: kx + kw, Y: yb + 0.3}, {X: kx, Y: yb + 0.3}})
	}
	ks := tm.keyStyle
	ks.XAlign, ks.YAlign = draw.XLeft, draw.YCenter
	ls := draw.LineStyle{Color: darkGrey, Width: vg.Points(0.6)}
	for _, tk := range tm.keyTicks.Ticks(tm.lo, tm.hi) {
		if tk.Label == "" || tk.Value < tm.lo || tk.Value > tm.hi {
			continue
		}
		y := ky0 + (ky1-ky0)*vg.Length((tk.Value-tm.lo)/(tm.hi-tm.lo))
		c.StrokeLine2(ls, kx+kw, y, kx+kw+vg.Points(3), y)
		c.FillText(ks, vg.Point{X: kx + kw + vg.Points(5), Y: y}, tk.Label)
	}
	ks.XAlign, ks.YAlign = draw.XLeft, draw.YBottom
	// Above the bar, clear of the top tick label (centred on the bar's top).
	c.FillText(ks, vg.Point{X: kx, Y: ky1 + ks.Font.Size*0.7 + vg.Points(4)}, tm.keyLabel)
}

// formatRate writes a rate with two significant figures below 10 and none
// after the point above: "0.45", "3.2", "27".
func formatRate(v float64) string {
	a := math.Abs(v)
	switch {
	case !finite(v):
		return fmt.Sprint(v)
	case a == 0:
		return "0"
	case a < 1:
		return sign(v, false) + strconv.FormatFloat(a, 'f', 2, 64)
	case a < 10:
		return sign(v, false) + strconv.FormatFloat(a, 'f', 1, 64)
	}
	return sign(v, false) + groupDigits(a, 0)
}
