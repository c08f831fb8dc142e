package scenarios_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// TestParseRefusesUnknownNames: names an intervention looks up in the
// configuration (regions, co-operative layouts and co-ops) are checked when
// the file is read, with the line of the key, rather than failing every run
// when the intervention starts; and an error in a file that extends a
// built-in with interventions names the file's own intervention index.
func TestParseRefusesUnknownNames(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // the error's start: file:line: field
		also      string
	}{
		{"NFP region", "years: 2\ninterventions:\n  - type: NFPEntry\n    start_week: 60\n    regions: [North East, Atlantis]\n",
			"bad.yaml:5: interventions[0].regions: Atlantis: ", "a region name: North East, North West"},
		{"in-house region", "interventions:\n  - {type: InHouseBuild, regions: [london]}\n",
			"bad.yaml:2: interventions[0].regions: london: ", "London"},
		{"unknown co-op", "interventions:\n  - {type: FinancialOversight}\n  - {type: CoopCommissioning, coops: [Nowhere]}\n",
			"bad.yaml:3: interventions[1].coops: Nowhere: ", "a co-op of layout regions: "},
		{"layout without co-ops", "overrides:\n  coops: []\ninterventions:\n  - {type: CoopCommissioning, layout: pathfinders}\n",
			"bad.yaml:4: interventions[0].layout: pathfinders: ", "a layout with co-ops in the configuration's coops table"},
		{"file's index after a built-in's interventions", "extends: nfp-entry\ninterventions:\n  - {type: FinancialOversight}\n  - {type: ProfitCap, start_week: 900}\n",
			"bad.yaml:4: interventions[1].start_week: 900: ", "allowed 0 to 519"},
		{"conflict with a built-in's intervention", "extends: nfp-entry\ninterventions:\n  - {type: NFPEntry, start_week: 0}\n",
			"bad.yaml:3: interventions[0]: ", "sets rule NFP"},
		{"co-ops removed under an inherited intervention", "extends: coop\noverrides:\n  coops: []\n",
			"bad.yaml:1: extends: ", "coop's intervention CoopCommissioning"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenarios.Parse("bad.yaml", []byte(tc.src))
			require.Error(t, err)
			msg := err.Error()
			assert.Equal(t, 1, strings.Count(msg, "\n")+1, "one error: %s", msg)
			assert.True(t, strings.HasPrefix(msg, tc.want), "%q should start with %q", msg, tc.want)
			assert.Contains(t, msg, tc.also)
			var fe *scenarios.FileError
			assert.True(t, errors.As(err, &fe), "a *scenarios.FileError in %v", err)
			if strings.Contains(tc.name, "conflict") {
				return // a conflict of rules is no one field's value
			}
			var ve *market.FieldError
			assert.True(t, errors.As(err, &ve), "a *market.FieldError in %v", err)
		})
	}
	for _, ok := range []string{
		"interventions:\n  - {type: NFPEntry, regions: [North East, London]}\n  - {type: InHouseBuild, regions: [South West]}\n",
		"interventions:\n  - {type: CoopCommissioning, layout: pathfinders}\n",
		"interventions:\n  - {type: CoopCommissioning, coops: [London, North East]}\n",
		"extends: coop\n",
	} {
		_, err := scenarios.Parse("ok.yaml", []byte(ok))
		assert.NoError(t, err, ok)
	}
}
