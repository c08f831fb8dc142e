package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"html/template"
	"image/color"
	"io"
	"strings"

	"github.com/caremarket/caremarket/plots"
)

// svgElements are the SVG elements a figure may hold; gonum's SVG canvas
// writes svg, g, path, text and image.
var svgElements = map[string]bool{
	"svg": true, "g": true, "path": true, "text": true, "tspan": true, "rect": true, "circle": true,
	"ellipse": true, "line": true, "polyline": true, "polygon": true, "image": true, "defs": true,
	"clipPath": true, "title": true, "desc": true,
}

// svgAttributes are the attributes a figure's elements may carry.
var svgAttributes = map[string]bool{
	"width": true, "height": true, "viewBox": true, "transform": true, "style": true, "d": true,
	"x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true, "cx": true, "cy": true,
	"r": true, "rx": true, "ry": true, "points": true, "fill": true, "stroke": true, "stroke-width": true,
	"stroke-dasharray": true, "opacity": true, "fill-opacity": true, "stroke-opacity": true,
	"font-family": true, "font-size": true, "font-weight": true, "text-anchor": true, "id": true,
	"clip-path": true, "preserveAspectRatio": true, "href": true,
}

// inlineSVG renders a figure as SVG and returns it ready to sit inside an
// HTML page: the XML prolog, comments and namespace declarations dropped,
// every element and attribute checked against an allow-list (no script,
// no event handler, no external reference; images only as embedded PNG or
// JPEG data), text and attribute values escaped again, the fixed size
// replaced by the viewBox alone so that the page's styles size it, and a
// title for screen readers. It is the only HTML the report does not
// escape, and this check is why that is safe.
func inlineSVG(d plots.Drawer, title string) (template.HTML, error) {
	b, err := plots.SVG(d)
	if err != nil {
		return "", err
	}
	return sanitizeSVG(b, title)
}

func sanitizeSVG(b []byte, title string) (template.HTML, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out strings.Builder
	depth := 0
	root := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("report: figure SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if !svgElements[name] || (t.Name.Space != "" && t.Name.Space != "http://www.w3.org/2000/svg") {
				return "", fmt.Errorf("report: figure SVG: element <%s> is not allowed", name)
			}
			if depth == 0 {
				if name != "svg" || root {
					return "", fmt.Errorf("report: figure SVG: root element <%s>, want one <svg>", name)
				}
				root = true
			}
			out.WriteString("<" + name)
			if depth == 0 {
				out.WriteString(` class="figure" role="img"`)
				if title != "" {
					out.WriteString(` aria-label="` + html.EscapeString(title) + `"`)
				}
			}
			for _, a := range t.Attr {
				an := a.Name.Local
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && an == "xmlns") {
					continue // namespace declarations: HTML puts <svg> in the SVG namespace
				}
				if depth == 0 && (an == "width" || an == "height") {
					continue // sized by the page's styles, shaped by the viewBox
				}
				if !svgAttributes[an] || (a.Name.Space != "" && a.Name.Space != "http://www.w3.org/1999/xlink") {
					return "", fmt.Errorf("report: figure SVG: attribute %q of <%s> is not allowed", an, name)
				}
				v := a.Value
				if an == "href" && !(strings.HasPrefix(v, "data:image/png;base64,") || strings.HasPrefix(v, "data:image/jpg;base64,") || strings.HasPrefix(v, "data:image/jpeg;base64,")) {
					return "", fmt.Errorf("report: figure SVG: <%s> refers to %.40q: only embedded images are allowed", name, v)
				}
				if lv := strings.ToLower(v); strings.Contains(lv, "url(") || strings.Contains(lv, "javascript:") || strings.Contains(lv, "expression(") {
					return "", fmt.Errorf("report: figure SVG: attribute %q of <%s> holds %.40q", an, name, v)
				}
				out.WriteString(" " + an + `="` + html.EscapeString(v) + `"`)
			}
			out.WriteString(">")
			if depth == 0 && title != "" {
				out.WriteString("<title>" + html.EscapeString(title) + "</title>")
			}
			depth++
		case xml.EndElement:
			depth--
			out.WriteString("</" + t.Name.Local + ">")
		case xml.CharData:
			if depth > 0 {
				out.WriteString(html.EscapeString(string(t)))
			}
		case xml.Comment, xml.ProcInst, xml.Directive:
			// dropped
		}
	}
	if !root || depth != 0 {
		return "", fmt.Errorf("report: figure SVG: no complete <svg> element")
	}
	return template.HTML(out.String()), nil // checked above
}

// hexColour writes a colour as "#rrggbb".
func hexColour(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
