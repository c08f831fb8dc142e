package strictyaml

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

type inner struct {
	Rate float64 `yaml:"rate"`
}

type doc struct {
	Name  string  `yaml:"name"`
	Runs  int     `yaml:"runs"`
	Inner inner   `yaml:"inner"`
	List  []inner `yaml:"list"`
}

func TestCheck(t *testing.T) {
	var n yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte("name: a\nrunz: 2\ninner:\n  rate: x\nlist: 3\nname: b\n"), &n))
	var got []string
	c := Checker{Lines: map[string]int{}, MaxNodes: 100,
		Fail: func(line int, field, msg string) { got = append(got, fmt.Sprintf("%d %s: %s", line, field, msg)) }}
	c.Check(n.Content[0], reflect.TypeFor[doc](), "")
	assert.Equal(t, []string{
		`2 runz: unknown key (did you mean "runs"?); allowed here: name, runs, inner, list`,
		`4 inner.rate: want a number, got "x"`,
		`5 list: want a list, got the value "3"`,
		`6 name: key given twice (first at line 1)`,
	}, got)
	assert.Equal(t, 3, c.Lines["inner"])
	assert.Equal(t, []string{"name", "runs", "inner", "list"}, FieldNames(reflect.TypeFor[doc]()))
	assert.Equal(t, 1, EditDistance("runz", "runs"))
}

// TestTooComplexOnce: past MaxNodes the checker reports "too complex"
// once, across calls of Check, and Count stops counting at its bound.
func TestTooComplexOnce(t *testing.T) {
	var n yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte("a: &a [x, x, x, x]\nb: [*a, *a, *a, *a]\n"), &n))
	var got []string
	c := Checker{Lines: map[string]int{}, MaxNodes: 3,
		Fail: func(line int, field, msg string) { got = append(got, msg) }}
	c.Check(n.Content[0], reflect.TypeFor[map[string][]string](), "")
	c.Check(n.Content[0], reflect.TypeFor[map[string][]string](), "")
	assert.Equal(t, []string{"the file is too complex (more than 3 values, aliases expanded)"}, got)
	// The mapping, key a, its list of 4, key b, its list, and 4 aliases each
	// expanding to a list of 4.
	assert.Equal(t, 1+1+5+1+1+4*(1+5), Count(n.Content[0], 1000))
	assert.Equal(t, 11, Count(n.Content[0], 10))
}
