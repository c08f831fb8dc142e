package calibrate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/caremarket/caremarket/internal/safeio"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
	"github.com/caremarket/caremarket/scenarios"
)

// SweepShardFormat identifies the format of a sweep shard file. The file
// is framed as an ensemble shard (scenarios.WriteSealed: gzip, gob and the
// sha256 of the gob stream), so it is checked the same way.
const SweepShardFormat = "caremarket-sweep-shard/2"

// SweepShardPrefix starts the name of every sweep shard file:
// sweep-K-of-N.gob.gz.
const SweepShardPrefix = "sweep"

// SweepShardFileName returns the file name of sweep shard s,
// "sweep-K-of-N.gob.gz".
func SweepShardFileName(s scenarios.Shard) string {
	return fmt.Sprintf("%s-%d-of-%d.gob.gz", SweepShardPrefix, s.K, s.N)
}

// Sweep is the work of `caremarket sensitivity` and `caremarket
// robustness`: a sensitivity design, a robustness design, or both.
// Sensitivity and Robustness run the designs in one process; RunShard runs
// a shard of their runs (on one machine of many) and MergeSweep merges
// every shard into exactly the results of one process.
type Sweep struct {
	// Market names the market in tables and figures (e.g. "England").
	Market string
	// Sensitivity, when not nil, is the sensitivity design (Sensitivity's
	// options).
	Sensitivity *DesignOptions
	// Robustness, when not nil, is the robustness design of the
	// alternatives Names (nil: every built-in scenario but the baseline).
	Robustness *DesignOptions
	Names      []string
}

// SweepResult is a merged sweep.
type SweepResult struct {
	Market string
	// Sensitivity is nil when the sweep had no sensitivity design.
	Sensitivity *SensitivityResult
	// Robustness is nil when the sweep had no robustness design.
	Robustness *RobustnessResult
}

// SweepShard is one shard's share of a sweep's runs, with what identifies
// the sweep. The runs of a sweep are numbered in one sequence, the
// sensitivity design's tasks first and then the robustness design's;
// shard K of N holds the tasks g with g mod N = K − 1 (round robin, as
// ensemble shards), whatever the number of workers.
type SweepShard struct {
	f    sweepFile
	path string // the file it was read from, for errors
}

// sweepFile is the gob content of a sweep shard file. Its field names
// differ from those of an ensemble shard's, so that reading one as the
// other fails on the format.
type sweepFile struct {
	Format string
	Sweep  sweepMeta
	// SensOutputs[i] are the outputs of the shard's i-th sensitivity task;
	// RobOutcomes[i] the outcomes of its i-th robustness task; in task
	// order.
	SensOutputs [][]float64
	RobOutcomes [][]float64
}

// sweepMeta identifies a sweep: shards merge only when it agrees (but
// for Shard.K).
type sweepMeta struct {
	Version, GoVersion string
	Market             string
	Outputs            []string
	Sens               *designMeta
	Rob                *designMeta
	Scenarios          []string // the robustness alternatives
	RobOutcomes        []string // the robustness outcomes
	Shard              scenarios.Shard
}

// designMeta identifies a design: its size, seed, market configuration,
// priors and points.
type designMeta struct {
	Points, Runs, Years int
	Seed                uint64
	ConfigSHA256        string
	Priors              []priorMeta
	X                   [][]float64
}

// priorMeta is what a Prior's outputs show of it.
type priorMeta struct {
	Name, Desc, Basis string
	Lo, Hi, AtLo      float64
	Int, Scenario     bool
}

// RunShard runs shard sh of the sweep's runs (the zero Shard: all of
// them, as shard 1/1). Progress of each design is reported on the runs of
// the shard.
func (sw Sweep) RunShard(ctx context.Context, sh scenarios.Shard) (*SweepShard, error) {
	if err := sh.Validate(); err != nil {
		return nil, err
	}
	if sh.Whole() {
		sh = scenarios.Shard{K: 1, N: 1}
	}
	if sw.Sensitivity == nil && sw.Robustness == nil {
		return nil, errors.New("calibrate: a sweep needs a sensitivity design, a robustness design or both")
	}
	var sd *sensDesign
	var rd *robDesign
	var err error
	if sw.Sensitivity != nil {
		if sd, err = newSensDesign(*sw.Sensitivity); err != nil {
			return nil, err
		}
	}
	if sw.Robustness != nil {
		if rd, err = newRobDesign(*sw.Robustness, sw.Names); err != nil {
			return nil, err
		}
	}
	meta, err := sweepMetaOf(sw.Market, sd, rd, sh)
	if err != nil {
		return nil, err
	}
	f := sweepFile{Format: SweepShardFormat, Sweep: meta}
	nS := 0
	if sd != nil {
		nS = sd.tasks()
		own := ownedTasks(sh, 0, nS)
		f.SensOutputs = make([][]float64, len(own))
		err = runAll(ctx, len(own), sd.opts.Workers, sd.opts.Progress, func(ctx context.Context, i int) (err error) {
			f.SensOutputs[i], err = sd.run(ctx, own[i])
			return err
		})
	}
	if err != nil || rd == nil {
		return &SweepShard{f: f}, err
	}
	own := ownedTasks(sh, nS, nS+rd.tasks())
	f.RobOutcomes = make([][]float64, len(own))
	err = runAll(ctx, len(own), rd.opts.Workers, rd.opts.Progress, func(ctx context.Context, i int) (err error) {
		f.RobOutcomes[i], err = rd.run(ctx, own[i])
		return err
	})
	return &SweepShard{f: f}, err
}

// sweepMetaOf returns what identifies a sweep of the designs sd and rd
// (nil: none).
func sweepMetaOf(market string, sd *sensDesign, rd *robDesign, sh scenarios.Shard) (sweepMeta, error) {
	version, goVersion := scenarios.BuildVersion()
	m := sweepMeta{Version: version, GoVersion: goVersion, Market: market, Shard: sh}
	if sd != nil {
		for _, o := range sd.res.Outputs {
			m.Outputs = append(m.Outputs, o.Name)
		}
		dm, err := designMetaOf(sd.opts, sd.res.Priors, sd.res.X)
		if err != nil {
			return m, err
		}
		m.Sens = &dm
	}
	if rd != nil {
		dm, err := designMetaOf(rd.opts, rd.res.Priors, rd.res.X)
		if err != nil {
			return m, err
		}
		m.Rob, m.Scenarios = &dm, rd.res.Scenarios
		for _, o := range rd.res.Outcomes {
			m.RobOutcomes = append(m.RobOutcomes, o.Name)
		}
	}
	return m, nil
}

func designMetaOf(o DesignOptions, ps []Prior, x [][]float64) (designMeta, error) {
	h, err := configHash(o.Config)
	if err != nil {
		return designMeta{}, err
	}
	return designMeta{Points: o.Points, Runs: o.Runs, Years: o.Years, Seed: o.Seed,
		ConfigSHA256: h, Priors: priorMetas(ps), X: x}, nil
}

// configHash returns the sha256 of a market configuration's YAML, in hex.
func configHash(c *market.Config) (string, error) {
	b, err := yaml.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("calibrate: encoding the configuration: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

func priorMetas(ps []Prior) []priorMeta {
	out := make([]priorMeta, len(ps))
	for i, p := range ps {
		out[i] = priorMeta{Name: p.Name, Desc: p.Desc, Basis: p.Basis, Lo: p.Lo, Hi: p.Hi, AtLo: p.AtLo, Int: p.Int, Scenario: p.Scenario}
	}
	return out
}

// ownedTasks returns the tasks g in [lo, hi) of shard sh (g mod N = K−1),
// as g − lo.
func ownedTasks(sh scenarios.Shard, lo, hi int) []int {
	var out []int
	for g := lo + ((sh.K-1-lo%sh.N)%sh.N+sh.N)%sh.N; g < hi; g += sh.N {
		out = append(out, g-lo)
	}
	return out
}

// countOwned returns len(ownedTasks(sh, lo, hi)) without listing them.
func countOwned(sh scenarios.Shard, lo, hi int) int {
	below := func(x int) int { // tasks of sh in [0, x)
		if r := sh.K - 1; x > r {
			return (x-r-1)/sh.N + 1
		}
		return 0
	}
	return below(hi) - below(lo)
}

// Shard returns the shard s holds.
func (s *SweepShard) Shard() scenarios.Shard { return s.f.Sweep.Shard }

// Runs returns the number of runs s holds.
func (s *SweepShard) Runs() int { return len(s.f.SensOutputs) + len(s.f.RobOutcomes) }

// Write writes s as a sweep shard file (scenarios.WriteSealed).
func (s *SweepShard) Write(w io.Writer) error { return scenarios.WriteSealed(w, &s.f) }

// Export writes s to dir/sweep-K-of-N.gob.gz, atomically (other shards'
// files in dir are left alone), and returns the file's path.
func (s *SweepShard) Export(dir string) (string, error) {
	path := filepath.Join(dir, SweepShardFileName(s.Shard()))
	return path, results.WriteFileAtomic(path, s.Write)
}

// ReadSweepShard reads a sweep shard file written by Write, checking it
// end to end (scenarios.ReadSealed) and that its content is whole and
// consistent.
func ReadSweepShard(r io.Reader) (*SweepShard, error) {
	s := &SweepShard{}
	err := scenarios.ReadSealed(r, &s.f, func() error {
		if s.f.Format != SweepShardFormat {
			return fmt.Errorf("sweep shard format %q: this caremarket reads sweep shards of format %q (an ensemble shard is merged on its own; write sweep shards again with this version)", safeio.Clip(s.f.Format), SweepShardFormat)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, s.check()
}

// SweepShardFiles returns the sweep shard files that paths name (files,
// or directories holding sweep-K-of-N.gob.gz directly or one level down),
// sorted, each once.
func SweepShardFiles(paths ...string) ([]string, error) {
	return scenarios.PartialFiles(SweepShardPrefix, paths...)
}

// LoadSweepShards reads the sweep shard files that paths name (see
// SweepShardFiles).
func LoadSweepShards(paths ...string) ([]*SweepShard, error) {
	files, err := SweepShardFiles(paths...)
	if err != nil {
		return nil, err
	}
	out := make([]*SweepShard, len(files))
	for i, f := range files {
		err := scenarios.ReadSealedFile(f, func(r io.Reader) (err error) {
			out[i], err = ReadSweepShard(r)
			return err
		})
		if err != nil {
			return nil, err
		}
		out[i].path = f
	}
	return out, nil
}

// maxSweepNames bounds the outputs, priors and alternatives a sweep
// shard may name.
const maxSweepNames = 1000

// check checks a decoded shard's content: sizes in range, the points and
// values the shard's tasks need, no more.
func (s *SweepShard) check() error {
	m := &s.f.Sweep
	if m.Shard.N < 1 || m.Shard.Validate() != nil {
		return fmt.Errorf("sweep shard: shard %s out of range", m.Shard)
	}
	if len(m.Outputs) > maxSweepNames || len(m.Scenarios) > maxSweepNames || len(m.RobOutcomes) > maxSweepNames {
		return fmt.Errorf("sweep shard %s: %d outputs, %d alternatives and %d outcomes, at most %d each", m.Shard, len(m.Outputs), len(m.Scenarios), len(m.RobOutcomes), maxSweepNames)
	}
	if m.Sens == nil && m.Rob == nil {
		return fmt.Errorf("sweep shard %s holds neither a sensitivity nor a robustness design", m.Shard)
	}
	nS := 0
	if m.Sens != nil {
		if err := m.Sens.check("sensitivity"); err != nil {
			return fmt.Errorf("sweep shard %s: %w", m.Shard, err)
		}
		nS = m.Sens.Points * m.Sens.Runs
	}
	if err := checkValues(m.Shard, "sensitivity runs", s.f.SensOutputs, countOwned(m.Shard, 0, nS), len(m.Outputs)); err != nil {
		return err
	}
	nR := 0
	if m.Rob != nil {
		if err := m.Rob.check("robustness"); err != nil {
			return fmt.Errorf("sweep shard %s: %w", m.Shard, err)
		}
		nR = m.Rob.Points * (len(m.Scenarios) + 1) * m.Rob.Runs
	}
	return checkValues(m.Shard, "robustness runs", s.f.RobOutcomes, countOwned(m.Shard, nS, nS+nR), len(m.RobOutcomes))
}

// checkValues checks that a shard holds want runs of width values each.
func checkValues(sh scenarios.Shard, what string, vals [][]float64, want, width int) error {
	if len(vals) != want {
		return fmt.Errorf("sweep shard %s holds %d %s, want %d", sh, len(vals), what, want)
	}
	for i, v := range vals {
		if len(v) != width {
			return fmt.Errorf("sweep shard %s: %s %d holds %d values, want %d", sh, what, i, len(v), width)
		}
	}
	return nil
}

// check checks a design's sizes against the ranges DesignOptions allows
// and that X holds a value of every prior at every point.
func (d *designMeta) check(what string) error {
	if d.Points < 2 || d.Points > 100000 || d.Runs < 1 || d.Runs > 1000 || d.Years < 1 || d.Years > scenarios.MaxYears || len(d.Priors) > maxSweepNames {
		return fmt.Errorf("%s design of %d points × %d runs × %d years and %d priors out of range", what, d.Points, d.Runs, d.Years, len(d.Priors))
	}
	if len(d.X) != d.Points {
		return fmt.Errorf("%s design holds %d points, want %d", what, len(d.X), d.Points)
	}
	for p, x := range d.X {
		if len(x) != len(d.Priors) {
			return fmt.Errorf("%s point %d holds %d priors, want %d", what, p, len(x), len(d.Priors))
		}
	}
	return nil
}
