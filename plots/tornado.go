package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Effect is one bar of a Tornado: a parameter's effect on an output (e.g.
// a standardised regression coefficient) and an interval around it (Lo,
// Hi; equal to Value for none).
type Effect struct {
	Label         string
	Value, Lo, Hi float64
}

// Tornado draws effects as horizontal bars, largest absolute effect at the
// top, positive effects in blue and negative in vermillion, with the
// interval of each as a whisker. It shows at most top bars (0: all). Title
// names the output and xlabel the measure, e.g. "standardised regression
// coefficient".
func Tornado(title, xlabel string, effects []Effect, top int) (*plot.Plot, error) {
	if len(effects) == 0 {
		return nil, errors.New("plots: Tornado needs at least one effect")
	}
	es := append([]Effect(nil), effects...)
	for _, e := range es {
		if math.IsNaN(e.Value) || math.IsInf(e.Value, 0) {
			return nil, fmt.Errorf("plots: Tornado effect %q is %v: want a finite number", e.Label, e.Value)
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return math.Abs(es[i].Value) > math.Abs(es[j].Value) })
	if top > 0 && len(es) > top {
		es = es[:top]
	}
	n := len(es)
	pos := make(plotter.Values, n)
	neg := make(plotter.Values, n)
	labels := make([]string, n)
	pal := OkabeIto()
	var whiskers plotter.XYs
	var lows, highs []float64
	for i, e := range es {
		k := n - 1 - i // largest at the top
		labels[k] = e.Label
		if e.Value >= 0 {
			pos[k] = e.Value
		} else {
			neg[k] = e.Value
		}
		if fitFinite(e.Lo, e.Hi) && (e.Lo != e.Value || e.Hi != e.Value) {
			whiskers = append(whiskers, plotter.XY{X: e.Value, Y: float64(k)})
			lows = append(lows, e.Value-e.Lo)
			highs = append(highs, e.Hi-e.Value)
		}
	}
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = fitFont(11, true)
	p.Title.Padding = vg.Points(6)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Tick.Label.Font = fitFont(9, false)
		ax.Label.TextStyle.Font = fitFont(9.5, false)
	}
	p.X.Label.Text = xlabel
	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	grid.Vertical = draw.LineStyle{Color: color.Gray{Y: 0xe4}, Width: vg.Points(0.6)}
	p.Add(grid)
	w := vg.Points(9)
	for _, set := range []struct {
		v plotter.Values
		c color.Color
	}{{pos, pal[4]}, {neg, pal[5]}} {
		b, err := plotter.NewBarChart(set.v, w)
		if err != nil {
			return nil, err
		}
		b.Horizontal = true
		b.Color = set.c
		b.LineStyle.Width = 0
		p.Add(b)
	}
	if len(whiskers) > 0 {
		eb := &plotter.XErrorBars{XYs: whiskers, XErrors: make(plotter.XErrors, len(whiskers)),
			LineStyle: draw.LineStyle{Color: color.Gray{Y: 0x40}, Width: vg.Points(1)}, CapWidth: vg.Points(5)}
		for i := range whiskers {
			eb.XErrors[i] = struct{ Low, High float64 }{lows[i], highs[i]}
		}
		p.Add(eb)
	}
	p.NominalY(labels...)
	lo, hi := 0.0, 0.0
	for _, e := range es {
		for _, v := range []float64{e.Value, e.Lo, e.Hi} {
			if fitFinite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	pad := 0.06 * math.Max(hi-lo, 1e-9)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	return p, nil
}

// TornadoFigure tiles tornado plots side by side under one title, with a
// note at the bottom and a legend of the bar colours.
func TornadoFigure(title, note string, panels ...*plot.Plot) (*Figure, error) {
	if len(panels) == 0 {
		return nil, errors.New("plots: TornadoFigure needs at least one panel")
	}
	pal := OkabeIto()
	f := &Figure{Title: title, Note: note, Panels: [][]*plot.Plot{panels},
		Width: vg.Length(len(panels)) * 5.2 * vg.Inch, Height: 7 * vg.Inch}
	f.Legend = []LegendEntry{
		{Text: "raises the output", Thumbs: []plot.Thumbnailer{fitBoxThumb{color: pal[4]}}},
		{Text: "lowers the output", Thumbs: []plot.Thumbnailer{fitBoxThumb{color: pal[5]}}},
		{Text: "95% confidence interval", Thumbs: []plot.Thumbnailer{fitLineThumb{color: color.Gray{Y: 0x40}}}},
	}
	return f, nil
}
