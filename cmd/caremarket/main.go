// Command caremarket runs scenarios of England's market for children's care
// placements, from the command line: built-in scenarios and scenario files,
// ensembles with uncertainty bands, paired comparisons, and shards for
// batch clusters.
//
// Usage:
//
//	caremarket list
//	caremarket run [-runs N] [-workers W] [-seed S] [-years Y] [-out DIR] [-quiet] [-shard K/N | -shard-index I/N] SCENARIO
//	caremarket compare [flags] SCENARIO...
//	caremarket validate FILE...
//	caremarket merge [-out DIR] SHARD_DIR...
//	caremarket sensitivity [flags] [-shard K/N | -shard-index I/N]
//	caremarket robustness [-sets N] [-runs R] [-years Y] [-quick] [-out DIR] [-shard K/N | -shard-index I/N]
//
// Exit status: 0 when all went well, 2 for a bad command line or bad input
// (an unknown scenario, an invalid scenario file), 1 when a run or writing
// the outputs failed, 130 when interrupted (SIGINT or SIGTERM), in which
// case nothing that claims completeness is written.
package main

import (
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
