//go:build tryit

package try

import (
	"context"
	"fmt"
	"testing"

	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

func TestWeekly(t *testing.T) {
	sc, _ := scenarios.Builtin("baseline")
	sc.Years = 1
	res, _ := scenarios.Run(context.Background(), sc, scenarios.RunOptions{})
	for k := 0; k < 30; k++ {
		fmt.Printf("%d:%.0f ", k, res.Series[market.Waiting][k])
	}
	fmt.Println()
}
