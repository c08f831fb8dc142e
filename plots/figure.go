package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure is a multi-panel figure: plots tiled in rows and columns on one
// canvas (their data areas aligned, with gonum's plot.Align), under a
// title and a legend shared by all panels, with an optional note at the
// bottom. It draws itself (Draw), so Save, PNG, SVG, PDF and Render take it
// like a single plot. The zero value draws nothing but a white canvas.
type Figure struct {
	// Title is drawn across the top.
	Title string
	// Panels[row][col] are the plots; nil cells are left empty, and short
	// rows are padded with empty cells.
	Panels [][]*plot.Plot
	// Legend is drawn in rows under the title, centred, shared by the
	// panels.
	Legend []LegendEntry
	// Note is drawn in small print at the bottom left (e.g. what the
	// bands are).
	Note string
	// Width and Height are the default size (zero: FigureWidth ×
	// FigureHeight, a 16:9 slide).
	Width, Height vg.Length
}

var _ Drawer = (*Figure)(nil)

// Default size of a Figure: a full 16:9 slide, 13⅓ × 7.5 inches (960 ×
// 540 points; 2000 × 1125 pixels in PNG).
const (
	FigureWidth  = 960 * vg.Length(1) // points
	FigureHeight = 540 * vg.Length(1)
)

// Size returns the figure's default size.
func (f *Figure) Size() (w, h vg.Length) {
	if f.Width > 0 && f.Height > 0 {
		return f.Width, f.Height
	}
	return FigureWidth, FigureHeight
}

// Draw draws the figure onto c.
func (f *Figure) Draw(c draw.Canvas) {
	th := panelTheme()
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if f.Title != "" {
		sty := textStyle(sansBold(th.title*1.25), black)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y}, f.Title)
		c.Max.Y -= sty.Height(f.Title) + th.title*0.6
	}
	if len(f.Legend) > 0 {
		sty := textStyle(sans(th.legend), black)
		c.Max.Y -= drawLegendRows(c, f.Legend, sty) + th.legend*0.4
	}
	if f.Note != "" {
		sty := textStyle(sans(th.note), darkGrey)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		c.FillText(sty, c.Min, f.Note)
		c.Min.Y += sty.Height(f.Note) + th.note*0.8
	}
	rows := len(f.Panels)
	cols := 0
	for _, r := range f.Panels {
		cols = max(cols, len(r))
	}
	if rows == 0 || cols == 0 {
		return
	}
	grid := make([][]*plot.Plot, rows)
	for j, r := range f.Panels {
		grid[j] = make([]*plot.Plot, cols)
		copy(grid[j], r)
	}
	// Panel titles are drawn here, at the same height across a row, rather
	// than by each plot at the top of its own (differently cropped) tile.
	titles := make([][]string, rows)
	var titleH vg.Length
	for j := range grid {
		titles[j] = make([]string, cols)
		for i, p := range grid[j] {
			if p == nil || p.Title.Text == "" {
				continue
			}
			titles[j][i] = p.Title.Text
			titleH = max(titleH, p.Title.TextStyle.Height(p.Title.Text)+p.Title.Padding)
			p.Title.Text = ""
		}
	}
	defer func() {
		for j := range grid {
			for i, p := range grid[j] {
				if p != nil && titles[j][i] != "" {
					p.Title.Text = titles[j][i]
				}
			}
		}
	}()
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(26), PadY: vg.Points(20) + titleH, PadTop: titleH, PadRight: vg.Points(6)}
	canvases := plot.Align(grid, tiles, c)
	for j := range grid {
		for i, p := range grid[j] {
			if p == nil {
				continue
			}
			p.Draw(canvases[j][i])
			if titles[j][i] == "" {
				continue
			}
			dc := p.DataCanvas(canvases[j][i])
			sty := p.Title.TextStyle
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
			overhang := p.Y.Tick.Label.Font.Size * 0.6
			c.FillText(sty, vg.Point{X: dc.Center().X, Y: dc.Max.Y + overhang + p.Title.Padding/2}, titles[j][i])
		}
	}
}

// drawLegendRows lays the entries out in centred rows across the top of c
// and returns the height used.
func drawLegendRows(c draw.Canvas, entries []LegendEntry, sty text.Style) vg.Length {
	thumbW := vg.Points(22)
	gap := sty.Font.Size * 1.6
	rowH := sty.Font.Size * 1.5
	width := c.Max.X - c.Min.X
	var rows [][]LegendEntry
	var cur []LegendEntry
	var w vg.Length
	for _, e := range entries {
		ew := entryWidth(e, sty, thumbW)
		if len(cur) > 0 && w+gap+ew > width {
			rows = append(rows, cur)
			cur, w = nil, 0
		}
		if len(cur) > 0 {
			w += gap
		}
		cur = append(cur, e)
		w += ew
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}
	top := c.Max.Y
	for _, r := range rows {
		var rw vg.Length
		for k, e := range r {
			if k > 0 {
				rw += gap
			}
			rw += entryWidth(e, sty, thumbW)
		}
		x := c.Min.X + (width-rw)/2
		for _, e := range r {
			drawLegendEntry(c.Canvas, e, sty, thumbW, rowH, x, top)
			x += entryWidth(e, sty, thumbW) + gap
		}
		top -= rowH
	}
	return rowH * vg.Length(len(rows))
}

// gridRows lays plots out in rows of cols (cols ≥ 1), left to right and
// top to bottom; the last row holds what is left.
func gridRows(plots []*plot.Plot, cols int) [][]*plot.Plot {
	var rows [][]*plot.Plot
	for len(plots) > cols {
		rows = append(rows, plots[:cols:cols])
		plots = plots[cols:]
	}
	if len(plots) > 0 {
		rows = append(rows, plots)
	}
	return rows
}
