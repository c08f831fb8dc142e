package scenarios_test

import (
	"fmt"
	"github.com/caremarket/caremarket/internal/testkit"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestParseRefusesComplexFilesCheaply: a small file whose aliases expand
// to a billion values, and a file just under MaxFileBytes with a
// million values, are refused quickly, with one "too complex" error and
// little memory, before the big structures are built (issue 15 item 3;
// before, an alias-heavy 10.4 MB file took 26 s and 833 MB and printed
// "the file is too complex" 20 times).
func TestParseRefusesComplexFilesCheaply(t *testing.T) {
	// Not parallel: it measures allocations.
	var bomb strings.Builder
	bomb.WriteString("name: bomb\ndescription: &a0 x\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d,", i-1), 10), ","))
	}
	bomb.WriteString("overrides:\n  regions: *a9\n")
	wide := "name: wide\noverrides:\n  regions: [" + strings.Repeat("a,", 1_000_000) + "a]\n"
	require.Less(t, len(wide), scenarios.MaxFileBytes)
	for _, tc := range []struct {
		name, src, want string
		maxBytes        uint64
	}{
		{"a billion values by aliases", bomb.String(), "bomb.yaml: the file is too complex: more than 400000 values, aliases expanded", 256 << 10},
		{"a million values", wide, "bomb.yaml: the file is too complex: 1000007 separators (, : - [ { ? and line breaks), each of which may start a value: at most 400000", 64 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			src := []byte(tc.src)
			start := time.Now()
			n := testkit.Allocated(func() { _, err = scenarios.Parse("bomb.yaml", src) })
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
			assert.Less(t, n, tc.maxBytes, "bytes allocated to refuse")
			assert.Less(t, time.Since(start), 2*time.Second)
			t.Logf("refused with %d bytes allocated in %v", n, time.Since(start))
		})
	}
}

// TestLimitsLeaveRoomForMaxCouncils: a file listing MaxCouncils councils,
// one mapping a line, is under MaxFileBytes and the node limit, and is
// accepted.
func TestLimitsLeaveRoomForMaxCouncils(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: many\noverrides:\n  coops: []\n  councils:\n")
	regions := []string{"North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands", "East of England", "London", "South East", "South West"}
	for i := range market.MaxCouncils {
		fmt.Fprintf(&b, "    - {code: E06%07d, name: C%d, region: %s, lat: 52.5, lon: -1.5, children: 100, population: 20000}\n", i, i, regions[i%len(regions)])
	}
	require.Less(t, b.Len(), scenarios.MaxFileBytes)
	sc, err := scenarios.Parse("many.yaml", []byte(b.String()))
	require.NoError(t, err)
	assert.Len(t, sc.Config.Councils, market.MaxCouncils)
}
