package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LegendEntry is one line of a legend: a text and the thumbnails drawn
// beside it (drawn on top of one another).
type LegendEntry struct {
	Text   string
	Thumbs []plot.Thumbnailer
}

// sideLegend draws a legend to the right of the data area, outside it: it
// reports a glyph box at the right edge of the data, so that the plot
// narrows its data area to make room (plot.GlyphBoxer), and draws there.
type sideLegend struct {
	entries []LegendEntry
	style   text.Style
	thumbW  vg.Length
	gap     vg.Length
}

var (
	_ plot.Plotter    = (*sideLegend)(nil)
	_ plot.GlyphBoxer = (*sideLegend)(nil)
)

func newSideLegend(th theme, entries []LegendEntry) *sideLegend {
	return &sideLegend{
		entries: entries,
		style:   textStyle(sans(th.legend), black),
		thumbW:  vg.Points(22),
		gap:     vg.Points(14),
	}
}

func (l *sideLegend) rowHeight() vg.Length { return l.style.Font.Size * 1.45 }

func (l *sideLegend) width() vg.Length {
	var w vg.Length
	for _, e := range l.entries {
		w = max(w, l.style.Width(e.Text))
	}
	return l.thumbW + l.style.Font.Size*0.5 + w
}

// GlyphBoxes implements plot.GlyphBoxer: one box, right of the data area.
func (l *sideLegend) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	if len(l.entries) == 0 {
		return nil
	}
	return []plot.GlyphBox{{
		X: 1, Y: 0.5,
		Rectangle: vg.Rectangle{Min: vg.Point{X: l.gap}, Max: vg.Point{X: l.gap + l.width() + l.style.Font.Size*0.6}},
	}}
}

// Plot implements plot.Plotter: the entries from the top right of the data
// area down.
func (l *sideLegend) Plot(c draw.Canvas, _ *plot.Plot) {
	drawLegendColumn(c.Canvas, l.entries, l.style, l.thumbW, l.rowHeight(), c.Max.X+l.gap, c.Max.Y)
}

// drawLegendColumn draws legend rows downwards from (x, top).
func drawLegendColumn(vc vg.Canvas, entries []LegendEntry, sty text.Style, thumbW, rowH, x, top vg.Length) {
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	y := top
	for _, e := range entries {
		drawLegendEntry(vc, e, sty, thumbW, rowH, x, y)
		y -= rowH
	}
}

// drawLegendEntry draws one entry whose row spans [top−rowH, top] from x.
func drawLegendEntry(vc vg.Canvas, e LegendEntry, sty text.Style, thumbW, rowH, x, top vg.Length) {
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	mid := top - rowH/2
	h := sty.Font.Size * 0.9
	icon := draw.Canvas{Canvas: vc, Rectangle: vg.Rectangle{
		Min: vg.Point{X: x, Y: mid - h/2}, Max: vg.Point{X: x + thumbW, Y: mid + h/2},
	}}
	for _, t := range e.Thumbs {
		t.Thumbnail(&icon)
	}
	dc := draw.Canvas{Canvas: vc}
	dc.FillText(sty, vg.Point{X: x + thumbW + sty.Font.Size*0.5, Y: mid}, e.Text)
}

// entryWidth returns the width of one legend entry laid out in a row.
func entryWidth(e LegendEntry, sty text.Style, thumbW vg.Length) vg.Length {
	return thumbW + sty.Font.Size*0.5 + sty.Width(e.Text)
}
