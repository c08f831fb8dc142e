package report

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/stretchr/testify/require"
)

// TestFontFacesEmbedTheMeasuredFonts checks that the page embeds the exact
// fonts the figures were measured with, regular and bold, so a browser
// without them installed lays labels out at their measured widths.
func TestFontFacesEmbedTheMeasuredFonts(t *testing.T) {
	css := string(fontFaces())
	re := regexp.MustCompile(`font-family: "Liberation Sans"; font-style: normal; font-weight: (\w+); src: url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)`)
	m := re.FindAllStringSubmatch(css, -1)
	require.Len(t, m, 2, "two @font-face rules")
	want := map[string][]byte{"normal": liberationsansregular.TTF, "bold": liberationsansbold.TTF}
	for _, f := range m {
		b, err := base64.StdEncoding.DecodeString(f[2])
		require.NoError(t, err)
		require.True(t, bytes.Equal(want[f[1]], b), "weight %s embeds the font the figures use", f[1])
	}
}
