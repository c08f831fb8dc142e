package report

import (
	"encoding/base64"
	"html/template"
	"strings"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
)

// fontFaces is the CSS that embeds, as data URLs, the fonts every figure's
// text was measured with (Liberation Sans, regular and bold), so that
// labels keep their measured widths in a browser that has no Liberation
// fonts installed: a fallback font of other widths would clip titles and
// push labels over the axes. The page's own text uses them too. It is
// built once, on first use.
var fontFaces = sync.OnceValue(func() template.CSS {
	var b strings.Builder
	face := func(weight string, ttf []byte) {
		b.WriteString(`@font-face { font-family: "Liberation Sans"; font-style: normal; font-weight: `)
		b.WriteString(weight)
		b.WriteString(`; src: url(data:font/ttf;base64,`)
		b.WriteString(base64.StdEncoding.EncodeToString(ttf))
		b.WriteString(`) format("truetype"); }` + "\n")
	}
	face("normal", liberationsansregular.TTF)
	face("bold", liberationsansbold.TTF)
	return template.CSS(b.String())
})
