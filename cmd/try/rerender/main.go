//go:build tryit

// Command rerender redraws the figures of saved comparisons (DIR/compare).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/caremarket/caremarket/plots"
	"github.com/caremarket/caremarket/scenarios"
)

func main() {
	for _, dir := range os.Args[1:] {
		saved, err := scenarios.LoadComparison(dir)
		if err != nil {
			panic(err)
		}
		files, err := plots.WriteComparison(filepath.Join(dir, "plots"), saved.Comparison, "png")
		if err != nil {
			panic(err)
		}
		fmt.Println(dir, len(files), "figures")
	}
}
