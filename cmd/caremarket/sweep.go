package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/caremarket/caremarket/calibrate"
	"github.com/caremarket/caremarket/internal/safeio"
	"github.com/caremarket/caremarket/scenarios"
)

// sweepDirName is the directory, under merge's -out, of a merged sweep:
// the default -out of `caremarket sensitivity` is out/sensitivity.
const sweepDirName = "sensitivity"

// robustDirName is the directory, under merge's -out, of a merged sweep of
// `caremarket robustness` (a robustness design alone).
const robustDirName = "robustness"

var sweepFileRE = regexp.MustCompile(`^` + calibrate.SweepShardPrefix + `-[0-9]+-of-[0-9]+\.gob\.gz$`)

// isSweepMerge reports whether the paths of a merge hold the shards of a
// sweep (sweep-K-of-N.gob.gz, from `caremarket sensitivity -shard`) rather
// than an ensemble's (shard-K-of-N.gob.gz). Paths holding both kinds are
// an error; paths that do not exist are left to the loader to report.
func isSweepMerge(paths []string) (bool, error) {
	var sweep, ensemble string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		isSweep, isEnsemble := false, false
		if st.IsDir() {
			_, err := calibrate.SweepShardFiles(p)
			isSweep = err == nil
			_, err = scenarios.ShardFiles(p)
			isEnsemble = err == nil
		} else {
			isSweep = sweepFileRE.MatchString(filepath.Base(p))
			isEnsemble = !isSweep
		}
		if isSweep && sweep == "" {
			sweep = p
		}
		if isEnsemble && ensemble == "" {
			ensemble = p
		}
	}
	if sweep != "" && ensemble != "" {
		return false, fmt.Errorf("%s holds sweep shards (%s-K-of-N.gob.gz) and %s ensemble shards (shard-K-of-N.gob.gz): merge each kind on its own",
			safeio.Clip(sweep), calibrate.SweepShardPrefix, safeio.Clip(ensemble))
	}
	return sweep != "", nil
}

// mergeSweep merges the shards of a sweep and writes, in DIR/sensitivity,
// exactly the files `caremarket sensitivity` writes in one process.
func mergeSweep(c *command, stdout, stderr io.Writer) int {
	if c.set["tidy-runs"] {
		fmt.Fprintf(stderr, "caremarket: merge: -tidy-runs is for the shards of a run; these are the shards of a sweep\n")
		return exitUsage
	}
	parts, err := calibrate.LoadSweepShards(c.args...)
	if err != nil {
		return refused(stderr, "merge: ", err)
	}
	res, err := calibrate.MergeSweep(parts...)
	if err != nil {
		return refused(stderr, "", err)
	}
	name := sweepDirName
	if res.Sensitivity == nil {
		name = robustDirName
	}
	dir := filepath.Join(c.out, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return failed(err, stderr)
	}
	t := &toolCommand{name: "merge", stdout: stdout, stderr: stderr, out: &dir}
	if res.Sensitivity != nil {
		if code := t.writeSensitivity(res.Sensitivity, res.Market); code != exitOK {
			return code
		}
	}
	if res.Robustness != nil {
		if code := t.writeRobustness(res.Robustness); code != exitOK {
			return code
		}
	}
	fmt.Fprintf(stdout, "\nsweep of the %s market: merged %s: wrote %s\n", res.Market, plural(len(parts), "shard file"), strings.TrimSuffix(filepath.ToSlash(dir), "/"))
	return t.wrote()
}
