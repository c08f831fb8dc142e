package calibrate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/scenarios"
)

// TestOwnedTasksPartition: over every K of N, the shards' tasks in
// [lo, hi) are each task once, round robin on the global index, and
// countOwned counts them.
func TestOwnedTasksPartition(t *testing.T) {
	for n := 1; n <= 7; n++ {
		for _, r := range [][2]int{{0, 0}, {0, 1}, {0, 25}, {25, 53}, {3, 4}, {17, 100}} {
			lo, hi := r[0], r[1]
			seen := make([]int, hi-lo)
			for k := 1; k <= n; k++ {
				sh := scenarios.Shard{K: k, N: n}
				own := ownedTasks(sh, lo, hi)
				assert.Equal(t, len(own), countOwned(sh, lo, hi), "K/N %d/%d [%d, %d)", k, n, lo, hi)
				for i, t2 := range own {
					require.True(t, t2 >= 0 && t2 < hi-lo)
					assert.Equal(t, k-1, (lo+t2)%n, "task %d of shard %d/%d", lo+t2, k, n)
					if i > 0 {
						assert.Greater(t, t2, own[i-1], "in task order")
					}
					seen[t2]++
				}
			}
			for i, c := range seen {
				assert.Equal(t, 1, c, "task %d of [%d, %d) with N = %d", lo+i, lo, hi, n)
			}
		}
	}
}

// tinyShard returns a hand-made shard of a sweep of 2 points × 1 run with
// one prior and one output (no simulation).
func tinyShard(k, n int) *SweepShard {
	d := designMeta{Points: 2, Runs: 1, Years: 1, Seed: 1, ConfigSHA256: "c", Priors: []priorMeta{{Name: "a", Lo: 0, Hi: 1}}, X: [][]float64{{0.25}, {0.75}}}
	m := sweepMeta{Version: "v", GoVersion: "go", Market: "M", Outputs: []string{"o"}, Sens: &d, Shard: scenarios.Shard{K: k, N: n}}
	f := sweepFile{Format: SweepShardFormat, Sweep: m}
	for range ownedTasks(m.Shard, 0, 2) {
		f.SensOutputs = append(f.SensOutputs, []float64{1})
	}
	return &SweepShard{f: f}
}

// TestReadSweepShard: a shard written and read back is unchanged; a shard
// whose content does not fit its design, of another format, or truncated
// is refused.
func TestReadSweepShard(t *testing.T) {
	write := func(s *SweepShard) []byte {
		var b bytes.Buffer
		require.NoError(t, s.Write(&b))
		return b.Bytes()
	}
	s := tinyShard(1, 2)
	back, err := ReadSweepShard(bytes.NewReader(write(s)))
	require.NoError(t, err)
	assert.Equal(t, s.f, back.f)

	cases := []struct {
		name   string
		change func(f *sweepFile)
		want   string
	}{
		{"format", func(f *sweepFile) { f.Format = "caremarket-shard/2" }, `sweep shard format "caremarket-shard/2"`},
		{"extra run", func(f *sweepFile) { f.SensOutputs = append(f.SensOutputs, []float64{1}) }, "holds 2 sensitivity runs, want 1"},
		{"short outputs", func(f *sweepFile) { f.SensOutputs[0] = nil }, "holds 0 values, want 1"},
		{"missing point", func(f *sweepFile) { f.Sweep.Sens.X = f.Sweep.Sens.X[:1] }, "holds 1 points, want 2"},
		{"bad shard", func(f *sweepFile) { f.Sweep.Shard = scenarios.Shard{K: 3, N: 2} }, "shard 3/2 out of range"},
		{"zero years", func(f *sweepFile) { f.Sweep.Sens.Years = 0 }, "out of range"},
		{"robustness values without a design", func(f *sweepFile) { f.RobOutcomes = [][]float64{{1}} }, "robustness runs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := tinyShard(1, 2)
			tc.change(&b.f)
			_, err := ReadSweepShard(bytes.NewReader(write(b)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	full := write(s)
	for _, n := range []int{0, 10, len(full) / 2, len(full) - 1} {
		_, err := ReadSweepShard(bytes.NewReader(full[:n]))
		assert.Error(t, err, "truncated to %d bytes", n)
	}
}

// TestSweepDiffNamesField: shards that differ in one field are refused
// with that field's name.
func TestSweepDiffNamesField(t *testing.T) {
	cases := []struct {
		change func(m *sweepMeta)
		want   string
	}{
		{func(m *sweepMeta) { m.Version = "w" }, "caremarket version"},
		{func(m *sweepMeta) { m.Shard.N = 3 }, "number of shards N"},
		{func(m *sweepMeta) { m.Market = "N" }, "market (-quick)"},
		{func(m *sweepMeta) { m.Sens.Points = 3 }, "sensitivity points (-points)"},
		{func(m *sweepMeta) { m.Sens.Runs = 2 }, "sensitivity runs (-runs)"},
		{func(m *sweepMeta) { m.Sens.Years = 2 }, "sensitivity years (-years)"},
		{func(m *sweepMeta) { m.Sens.Seed = 2 }, "sensitivity seed (-seed)"},
		{func(m *sweepMeta) { m.Sens.ConfigSHA256 = "d" }, "sensitivity market configuration"},
		{func(m *sweepMeta) { m.Sens.Priors = nil }, "sensitivity priors"},
		{func(m *sweepMeta) { m.Sens.X = [][]float64{{0.5}, {0.75}} }, "sensitivity parameter sets (X)"},
		{func(m *sweepMeta) { d := *m.Sens; m.Rob = &d }, "robustness analysis (-skip-robustness)"},
		{func(m *sweepMeta) { m.Sens = nil }, "sensitivity analysis"},
	}
	a := tinyShard(1, 2).f.Sweep
	_, same := sweepDiff(a, tinyShard(2, 2).f.Sweep)
	assert.True(t, same, "shards 1/2 and 2/2 of one sweep")
	for _, tc := range cases {
		b := tinyShard(2, 2).f.Sweep
		tc.change(&b)
		f, same := sweepDiff(a, b)
		assert.False(t, same, tc.want)
		assert.True(t, strings.HasPrefix(f.name, tc.want), "got field %q, want %q", f.name, tc.want)
	}
}

// TestMergeSweepRefusesSets: missing, repeated and mismatched shards.
func TestMergeSweepRefusesSets(t *testing.T) {
	other := tinyShard(2, 2)
	other.f.Sweep.Sens.Seed = 9
	cases := []struct {
		name  string
		parts []*SweepShard
		want  string
	}{
		{"none", nil, "no sweep shards"},
		{"missing", []*SweepShard{tinyShard(1, 2)}, "missing shards include 2/2"},
		{"twice", []*SweepShard{tinyShard(1, 2), tinyShard(1, 2), tinyShard(2, 2)}, "sweep shard 1/2 is given twice"},
		{"other seed", []*SweepShard{tinyShard(1, 2), other}, "field sensitivity seed (-seed) is 1 in sweep shard 1/2 and 9 in sweep shard 2/2"},
		{"other priors than this caremarket's", []*SweepShard{tinyShard(1, 2), tinyShard(2, 2)}, "not this caremarket's"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := MergeSweep(tc.parts...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// FuzzReadSweepShard feeds the sweep shard reader of caremarket merge
// arbitrary bytes: it never panics, and a shard it accepts writes back to
// bytes that read back and write the same bytes, and merges (alone, when it is shard
// 1/1) without panicking.
func FuzzReadSweepShard(f *testing.F) {
	for _, s := range []*SweepShard{tinyShard(1, 1), tinyShard(1, 2), tinyShard(2, 2)} {
		var b bytes.Buffer
		if err := s.Write(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadSweepShard(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b, c bytes.Buffer
		require.NoError(t, s.Write(&b))
		back, err := ReadSweepShard(bytes.NewReader(b.Bytes()))
		require.NoError(t, err)
		require.NoError(t, back.Write(&c))
		assert.Equal(t, b.Bytes(), c.Bytes(), "bytes compare NaNs too")
		_, _ = MergeSweep(s)
	})
}
