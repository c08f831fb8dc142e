package market_test

import (
	"flag"
	"os"
	"testing"
)

// propertyChecks is the number of random cases each property test (rapid)
// tries in a full run; -short (the race-detector run) keeps rapid's default
// of 100, and -rapid.checks on the command line wins over both.
const propertyChecks = "1000"

func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "rapid.checks" })
	if !given && !testing.Short() {
		if err := flag.Set("rapid.checks", propertyChecks); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
