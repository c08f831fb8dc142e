package market_test

import (
	"reflect"
	"testing"
)

func TestConfigCloneIsDeep(t *testing.T) {
	c := smallConfig()
	d := c.Clone()
	if !reflect.DeepEqual(c, d) {
		t.Fatal("a clone differs from its original")
	}
	d.Regions[0].Adjacent = append(d.Regions[0].Adjacent, "x")
	d.Regions[0].Name = "changed"
	d.Councils[0].Children = -5
	if len(c.Coops) > 0 {
		d.Coops[0].Members[0] = "changed"
	}
	if reflect.DeepEqual(c, d) || c.Regions[0].Name == "changed" || c.Councils[0].Children == -5 {
		t.Fatal("changing the clone changed the original")
	}
	for _, a := range c.Regions[0].Adjacent {
		if a == "x" {
			t.Fatal("the clone shares Adjacent with the original")
		}
	}
	if len(c.Coops) > 0 && c.Coops[0].Members[0] == "changed" {
		t.Fatal("the clone shares co-op members with the original")
	}
}
