package calibrate

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/caremarket/caremarket/scenarios"
)

// order returns the prior indices sorted by |SRC| of output k, largest
// first.
func (r *SensitivityResult) order(k int) []int {
	idx := make([]int, len(r.Priors))
	for i := range idx {
		idx[i] = i
	}
	c := r.Coefs[k]
	sort.SliceStable(idx, func(a, b int) bool { return math.Abs(c.SRC[idx[a]]) > math.Abs(c.SRC[idx[b]]) })
	return idx
}

// WriteMarkdown writes, for each output, its R² and the priors ranked by
// |SRC| with their SRRC.
func (r *SensitivityResult) WriteMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Latin hypercube of %d parameter sets × %d runs × %d years (seed %d); outputs are means over each set's runs.\n\n",
		len(r.X), r.Runs, r.Years, r.Seed)
	b.WriteString("| output | mean across sets | 5–95% across sets | R² (SRC) | R² (ranks) | top drivers: SRC ± 1.96 SE |\n|---|---|---|---|---|---|\n")
	for k, o := range r.Outputs {
		ys := make([]float64, len(r.Y))
		for p := range ys {
			ys[p] = r.Y[p][k]
		}
		band := scenarios.BandOf(ys)
		var top []string
		for _, j := range r.order(k)[:min(4, len(r.Priors))] {
			top = append(top, fmt.Sprintf("%s %+.2f ± %.2f", r.Priors[j].Name, r.Coefs[k].SRC[j], 1.96*r.Coefs[k].SE[j]))
		}
		fmt.Fprintf(&b, "| %s (`%s`) | %s | %s–%s | %.2f | %.2f | %s |\n", o.Label, o.Name, show(band.Mean, o.Scale, o.Unit),
			show(band.P5, o.Scale, o.Unit), show(band.P95, o.Scale, o.Unit), r.Coefs[k].R2, r.Coefs[k].RankR2, joinSemi(top))
	}
	b.WriteString("\nStandardised regression coefficients (SRC; SRRC on ranks in brackets) of every prior:\n\n| prior | range | basis |")
	for _, o := range r.Outputs {
		fmt.Fprintf(&b, " %s |", o.Name)
	}
	b.WriteString("\n|---|---|---|")
	for range r.Outputs {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for j, p := range r.Priors {
		rng := trimFloat(p.Lo, 4) + "–" + trimFloat(p.Hi, 4)
		if p.AtLo > 0 {
			rng += fmt.Sprintf(" (%.0f%% at %s)", 100*p.AtLo, trimFloat(p.Lo, 4))
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |", p.Name, rng, p.Basis)
		for k := range r.Outputs {
			c := r.Coefs[k]
			fmt.Fprintf(&b, " %+.2f (%+.2f) |", c.SRC[j], c.SRRC[j])
		}
		b.WriteString("\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

func joinSemi(ss []string) string {
	var b bytes.Buffer
	for i, s := range ss {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(s)
	}
	return b.String()
}

// WriteFiles writes sensitivity.csv (every point's priors and outputs),
// src.csv (coefficients) and sensitivity.md to dir. (plots.SensitivityTornado
// draws tornado.png.)
func (r *SensitivityResult) WriteFiles(dir string) ([]string, error) {
	out := &outFiles{dir: dir}
	head := []string{"point"}
	for _, p := range r.Priors {
		head = append(head, p.Name)
	}
	for _, o := range r.Outputs {
		head = append(head, o.Name)
	}
	rows := [][]string{head}
	for p := range r.X {
		row := []string{strconv.Itoa(p)}
		for _, x := range r.X[p] {
			row = append(row, num(x))
		}
		for _, y := range r.Y[p] {
			row = append(row, num(y))
		}
		rows = append(rows, row)
	}
	if err := out.csv("sensitivity.csv", rows); err != nil {
		return out.files, err
	}
	rows = [][]string{{"output", "prior", "src", "src_se", "srrc", "r2", "rank_r2", "lo", "hi"}}
	for k, o := range r.Outputs {
		c := r.Coefs[k]
		for j, p := range r.Priors {
			rows = append(rows, []string{o.Name, p.Name, num(c.SRC[j]), num(c.SE[j]), num(c.SRRC[j]), num(c.R2), num(c.RankR2), num(p.Lo), num(p.Hi)})
		}
	}
	if err := out.csv("src.csv", rows); err != nil {
		return out.files, err
	}
	return out.files, out.markdown("sensitivity.md", r.WriteMarkdown)
}

// TornadoOutputs are the outputs plots.SensitivityTornado draws.
var TornadoOutputs = []string{"net_public_cost_gbp_total", "waiting_mean", "margin_for_profit_mean"}

// outFiles writes files to dir and lists the paths written.
type outFiles struct {
	dir   string
	files []string
}

// csv writes rows to dir/name.
func (o *outFiles) csv(name string, rows [][]string) error {
	path := filepath.Join(o.dir, name)
	if err := writeCSV(path, rows); err != nil {
		return err
	}
	o.files = append(o.files, path)
	return nil
}

// markdown writes what write writes to dir/name.
func (o *outFiles) markdown(name string, write func(io.Writer) error) error {
	var md bytes.Buffer
	if err := write(&md); err != nil {
		return err
	}
	path := filepath.Join(o.dir, name)
	if err := writeBytes(path, md.Bytes()); err != nil {
		return err
	}
	o.files = append(o.files, path)
	return nil
}
