package report

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"html/template"
	"image/png"
	"math"
	"strconv"

	"github.com/caremarket/caremarket/internal/digits"
)

// hindcastView is the hindcast of "What this rests on": the figure of the
// history-2019 runs against the published figures of 2019 to 2024 and its
// table (docs/img/hindcast.png and hindcast.csv, written by
// scripts/hindcast-figure).
type hindcastView struct {
	// Image is the figure as a data URL (PNG), empty when not given.
	Image  template.URL
	Points []hindcastPoint
	Error  string
}

type hindcastPoint struct {
	Series, When, Published, Model, Miss string
}

// maxHindcastImage is the largest hindcast figure the report embeds.
const maxHindcastImage = 8 << 20

// parseHindcast reads the hindcast table (hindcast.csv) and figure (PNG);
// either may be nil.
func parseHindcast(table, image []byte) hindcastView {
	var v hindcastView
	if image != nil {
		if _, err := png.DecodeConfig(bytes.NewReader(image)); err != nil || len(image) > maxHindcastImage {
			v.Error = "the hindcast figure is not a PNG image of at most 8 MB"
		} else {
			v.Image = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(image))
		}
	}
	if table == nil {
		return v
	}
	rows, err := csv.NewReader(bytes.NewReader(table)).ReadAll()
	if err != nil || len(rows) == 0 || len(rows[0]) < 9 || rows[0][0] != "series" {
		v.Error = "the hindcast table could not be read: it should be the hindcast.csv of a history run"
		return v
	}
	for _, r := range rows[1:] {
		if len(r) < 9 {
			continue
		}
		unit := r[1]
		pub, p5, p50, p95, miss := fl(r[3]), fl(r[5]), fl(r[6]), fl(r[7]), fl(r[8])
		v.Points = append(v.Points, hindcastPoint{Series: r[0], When: r[2], Published: hindcastNum(pub, unit),
			Model: hindcastNum(p50, unit) + " [" + hindcastNum(p5, unit) + ", " + hindcastNum(p95, unit) + "]",
			Miss:  signedPct(miss)})
	}
	return v
}

func fl(s string) float64 {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return x
}

// hindcastNum writes a hindcast value in its unit: shares as percentages,
// £ a week with a pound sign, counts whole.
func hindcastNum(x float64, unit string) string {
	if !finite(x) {
		return "n/a"
	}
	switch unit {
	case "share":
		return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
	case "£/week":
		return "£" + digits.Group(strconv.FormatFloat(x, 'f', 0, 64))
	}
	return digits.Group(strconv.FormatFloat(x, 'f', 0, 64))
}

func signedPct(x float64) string {
	if !finite(x) {
		return "n/a"
	}
	s := strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
	if x > 0 {
		return "+" + s
	}
	if x < 0 {
		return "−" + s[1:]
	}
	return s
}
