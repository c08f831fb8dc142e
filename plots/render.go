package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"

	xfont "golang.org/x/image/font"
	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Drawer is anything that draws itself onto a canvas: a *plot.Plot or a
// *Figure.
type Drawer interface {
	Draw(c draw.Canvas)
}

// Sizer is implemented by figures that have their own default size, such
// as a *Figure.
type Sizer interface {
	Size() (w, h vg.Length)
}

// Default output size and resolution: a 16:9 slide figure, 10 × 5.625
// inches, rendered at 150 dots per inch for PNG (1500 × 844 pixels).
const (
	DefaultWidth  = 10 * vg.Inch
	DefaultHeight = 5.625 * vg.Inch
	DefaultDPI    = 150
)

// Margin is the white space Render leaves around a figure.
const Margin = 3 * vg.Millimeter

// Formats lists the output formats, by file extension.
func Formats() []string { return []string{"png", "svg", "pdf"} }

func size(d Drawer) (vg.Length, vg.Length) {
	if s, ok := d.(Sizer); ok {
		if w, h := s.Size(); w > 0 && h > 0 {
			return w, h
		}
	}
	return DefaultWidth, DefaultHeight
}

// Render draws d at size w × h (zero: d's own size or the default) and
// writes it to out in format "png" (at DefaultDPI), "svg" or "pdf" (fonts
// embedded). SVG text keeps Liberation Sans metrics and falls back to
// Arial, Helvetica or any sans-serif font where Liberation is not
// installed.
func Render(out io.Writer, d Drawer, format string, w, h vg.Length) (err error) {
	if d == nil {
		return fmt.Errorf("plots: nothing to render (nil figure)")
	}
	if w <= 0 || h <= 0 {
		w, h = size(d)
	}
	format = strings.ToLower(strings.TrimPrefix(format, "."))
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DefaultDPI))}
	case "svg":
		c = vgsvg.New(w, h)
	case "pdf":
		c = pdfCanvas{vgpdf.New(w, h)}
	default:
		return fmt.Errorf("plots: format %q: allowed %s", format, strings.Join(Formats(), ", "))
	}
	// gonum/plot panics on some malformed plots (e.g. a legend position
	// out of range set by the caller); report those as errors.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: drawing the figure failed: %v", r)
		}
	}()
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	d.Draw(draw.Crop(dc, Margin, -Margin, Margin, -Margin))
	if format != "svg" {
		_, err = c.WriteTo(out)
		return err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return err
	}
	_, err = out.Write(svgFontFallback(buf.Bytes()))
	return err
}

// svgFontFallback gives the SVG's font families fallbacks with the same
// metrics, so that text fits where Liberation fonts are not installed.
func svgFontFallback(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("font-family:Liberation Sans;"), []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	return bytes.ReplaceAll(b, []byte("font-family:Liberation Serif;"), []byte("font-family:'Liberation Serif','Times New Roman',serif;"))
}

func render(d Drawer, format string) ([]byte, error) {
	var buf bytes.Buffer
	if err := Render(&buf, d, format, 0, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PNG renders d as a PNG image at its default size and DefaultDPI.
func PNG(d Drawer) ([]byte, error) { return render(d, "png") }

// SVG renders d as an SVG document at its default size.
func SVG(d Drawer) ([]byte, error) { return render(d, "svg") }

// PDF renders d as a one-page PDF document at its default size.
func PDF(d Drawer) ([]byte, error) { return render(d, "pdf") }

// Save renders d at its default size in the format named by the file's
// extension (.png, .svg or .pdf) and writes it to path atomically: to a
// temporary file in the same directory, renamed over path once complete.
func Save(d Drawer, path string) error {
	format := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	b, err := render(d, format)
	if err != nil {
		return fmt.Errorf("plots: saving %s: %w", path, err)
	}
	return writeFileAtomic(path, b)
}

// NamedFigure is a figure to save under a file name; see SaveAll.
type NamedFigure struct {
	// Name is the file name in the directory; its extension (.png, .svg
	// or .pdf) names the format.
	Name   string
	Drawer Drawer
}

// SaveAll creates dir if needed and saves each figure into it with Save,
// in order. It returns the paths written; on error, the files written so
// far stay and the error names the file that failed.
func SaveAll(dir string, figs ...NamedFigure) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	var written []string
	for _, f := range figs {
		path := filepath.Join(dir, f.Name)
		if err := Save(f.Drawer, path); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// writeFileAtomic writes b to a temporary file beside path and renames it
// to path, so that readers never see a partial file.
func writeFileAtomic(path string, b []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("plots: writing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("plots: writing %s: %w", path, err)
	}
	if err = os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}

// pdfCanvas works around two limits of gonum/plot v0.17's PDF backend
// (vgpdf with go-pdf/fpdf v0.11):
//   - every embedded font is stored under the same file name, so a PDF
//     holding two faces draws all text with the glyphs of one; bold text
//     also fails outright ("undefined font"). Text is therefore drawn in
//     the regular face only (titles are not bold in PDF).
//   - text is written with the fonts' cp1252 encoding but not translated
//     to it, so "£" and "–" came out garbled; it is translated here, with
//     ASCII stand-ins for the few characters cp1252 lacks (arrows, minus).
type pdfCanvas struct{ *vgpdf.Canvas }

// FillString implements vg.Canvas.
func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Weight != xfont.WeightNormal || f.Font.Style != xfont.StyleNormal {
		f.Font.Weight, f.Font.Style = xfont.WeightNormal, xfont.StyleNormal
		f = font.DefaultCache.Lookup(f.Font, f.Font.Size)
	}
	c.Canvas.FillString(f, pt, cp1252(s))
}

// cp1252 translates UTF-8 text to Windows-1252 bytes.
func cp1252(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if c, ok := charmap.Windows1252.EncodeRune(r); ok {
			b.WriteByte(c)
			continue
		}
		switch r {
		case '←':
			b.WriteString("<-")
		case '→':
			b.WriteString("->")
		case '−':
			b.WriteByte('-')
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
