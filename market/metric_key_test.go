package market_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/caremarket/caremarket/market"
)

// TestMetricByKey: a metric is found from its output key, even where the
// constant's name differs from it; an unknown key is refused with the
// closest key suggested (issue 15 item 10).
func TestMetricByKey(t *testing.T) {
	for key, want := range map[string]market.Metric{
		"over_20_miles": market.Over20Miles, "unregistered": market.UnregisteredPlaced,
		"children_in_care": market.ChildrenInCare, "capital_grants_gbp": market.CapitalGrantsGBP,
	} {
		m, ok := market.MetricByKey(key)
		assert.True(t, ok, key)
		assert.Equal(t, want, m, key)
		m, err := market.ParseMetric(key)
		require.NoError(t, err)
		assert.Equal(t, want, m, key)
	}
	_, ok := market.MetricByKey("Over20Miles")
	assert.False(t, ok)
	_, err := market.ParseMetric("over20miles")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown metric "over20miles" (did you mean "over_20_miles"?): allowed children_in_care, `)
	_, err = market.ParseMetric("zzz")
	assert.NotContains(t, err.Error(), "did you mean")
}

// TestMetricDocTable: the table of constants and keys in Metric's doc
// comment lists every metric, each constant with its own key.
func TestMetricDocTable(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "metrics.go", nil, parser.ParseComments)
	require.NoError(t, err)
	var doc string
	consts := map[string]int{} // constant name → value (iota order)
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range g.Specs {
			if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == "Metric" {
				doc = g.Doc.Text()
			}
			if vs, ok := s.(*ast.ValueSpec); ok && g.Tok == token.CONST && len(g.Specs) > 40 {
				consts[vs.Names[0].Name] = len(consts)
			}
		}
	}
	rows := regexp.MustCompile(`(?m)^\t(\w+) +(\w+)$`).FindAllStringSubmatch(doc, -1)
	require.Len(t, rows, int(market.NumMetrics), "rows of the table in:\n%s", doc)
	for _, r := range rows {
		v, ok := consts[r[1]]
		require.True(t, ok, "constant %s", r[1])
		assert.Equal(t, r[2], market.Metric(v).String(), "key of %s", r[1])
	}
}
