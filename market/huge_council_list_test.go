package market_test

// A council list over MaxCouncils is refused at once: Validate reports the
// count and does not check a million entries one by one (issue 10: "refused
// with a clear error before any memory is allocated for them"). Before the
// fix, 1,000,000 empty councils took 19 s and 3.1 GB.

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
)

func TestNewRefusesHugeCouncilListsCheaply(t *testing.T) {
	cfg := smallConfig()
	cfg.Councils = make([]market.CouncilSpec, 1_000_000) // every one empty, so invalid
	cfg.Coops = nil
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	_, err := market.New(cfg, market.Options{Seed: 1, Years: 1})
	runtime.ReadMemStats(&m1)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "at most 10000 councils")
	assert.Less(t, m1.TotalAlloc-m0.TotalAlloc, uint64(1<<20), "bytes allocated to refuse a million councils")
	assert.Less(t, strings.Count(err.Error(), "\n"), 100, "lines of error")
}
