package digits

import (
	"fmt"
	"testing"
)

func TestGroup(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"0", "0"},
		{"7", "7"},
		{"999", "999"},
		{"1000", "1,000"},
		{"12345.6", "12,345.6"},
		{"500000", "500,000"},
		{"1234567", "1,234,567"},
		{"0.025", "0.025"},
		{"1000.", "1,000."},
		{"NaN", "NaN"},
	} {
		if got := Group(c.in); got != c.want {
			t.Errorf("Group(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func ExampleGroup() {
	fmt.Println(Group("9000"), Group("12345.67"), Group("250"))
	// Output: 9,000 12,345.67 250
}
