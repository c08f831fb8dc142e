package main

import (
	"testing"

	"github.com/caremarket/caremarket/scenarios"
)

// checkParsed checks what a command line that parsing accepted asks for:
// a known command, and every number within the limits a run may ask for
// (so no resource is sized from an unchecked flag), an output directory,
// a valid shard, and the positional arguments its command takes.
func checkParsed(t *testing.T, c *command) {
	t.Helper()
	switch c.name {
	case "help":
		if c.help == "" {
			t.Fatal("help without usage text")
		}
		return
	case "version", "list", "validate", "run", "compare", "merge", "report":
	default:
		t.Fatalf("unknown command %q accepted", c.name)
	}
	switch {
	case c.runs < 0 || c.runs > scenarios.MaxRuns:
		t.Fatalf("-runs %d accepted", c.runs)
	case c.years < 0 || c.years > scenarios.MaxYears:
		t.Fatalf("-years %d accepted", c.years)
	case c.workers < 0 || c.workers > maxWorkers:
		t.Fatalf("-workers %d accepted", c.workers)
	case c.firstRun < 0 || c.firstRun > 1<<30:
		t.Fatalf("-first-run %d accepted", c.firstRun)
	case c.weeklyRuns < 0 || c.weeklyRuns > scenarios.MaxRuns:
		t.Fatalf("-weekly-runs %d accepted", c.weeklyRuns)
	case c.tidyRuns < -1 || c.tidyRuns > scenarios.MaxRuns:
		t.Fatalf("-tidy-runs %d accepted", c.tidyRuns)
	case c.out == "":
		t.Fatal("an empty -out accepted")
	case c.shard.Validate() != nil:
		t.Fatalf("-shard %v accepted: %v", c.shard, c.shard.Validate())
	}
	switch c.name {
	case "run":
		if len(c.args) != 1 {
			t.Fatalf("run with %d scenarios accepted", len(c.args))
		}
	case "validate", "merge":
		if len(c.args) == 0 {
			t.Fatalf("%s with nothing to read accepted", c.name)
		}
	case "compare":
		if len(c.args) == 1 {
			t.Fatal("compare with one scenario accepted")
		}
	case "list", "version":
		if len(c.args) > 0 {
			t.Fatalf("%s with arguments accepted", c.name)
		}
	}
}
