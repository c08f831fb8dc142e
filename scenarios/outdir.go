package scenarios

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/caremarket/caremarket/internal/safeio"
)

// ForeignDirError reports an output directory that caremarket will not
// replace because it cannot show that caremarket wrote it.
type ForeignDirError struct {
	Dir    string
	Reason string
}

// Error implements error.
func (e *ForeignDirError) Error() string {
	return fmt.Sprintf("not replacing %s: %s; caremarket replaces only a directory it wrote (its manifest.json and the files listed in it): move it away or give another -out", safeio.Clip(e.Dir), e.Reason)
}

// maxManifestBytes is the largest manifest.json read.
const maxManifestBytes = 16 << 20

// CheckReplaceable returns nil when dir may be replaced by an export: it
// does not exist, is an empty directory, or is a directory caremarket
// wrote, holding a manifest.json and only the regular files it lists.
// Otherwise it returns a *ForeignDirError (or the error reading dir).
func CheckReplaceable(dir string) error {
	st, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return &ForeignDirError{Dir: dir, Reason: "it is a symbolic link"}
	}
	if !st.IsDir() {
		return &ForeignDirError{Dir: dir, Reason: "it is not a directory"}
	}
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) == 0 {
		return err
	}
	listed, merr := manifestFiles(dir)
	unknown, err := unlisted(dir, listed)
	if err != nil {
		return err
	}
	if len(unknown) == 0 && merr == nil {
		return nil
	}
	more := ""
	if len(unknown) > 3 {
		more = fmt.Sprintf(" and %d more", len(unknown)-3)
		unknown = unknown[:3]
	}
	files := strings.Join(quoteAll(unknown), ", ") + more
	switch {
	case merr != nil && len(unknown) > 0:
		return &ForeignDirError{Dir: dir, Reason: fmt.Sprintf("it holds %s, and %s", files, merr)}
	case merr != nil:
		return &ForeignDirError{Dir: dir, Reason: "it " + merr.Error()}
	}
	return &ForeignDirError{Dir: dir, Reason: fmt.Sprintf("it holds %s, which its manifest.json does not list", files)}
}

// unlisted returns the entries under dir, as slash-separated paths
// relative to it, that are not regular files listed in its manifest (such
// as plots/dashboard.png): files the manifest does not name, symbolic
// links and other special files. Directories are walked, not listed.
func unlisted(dir string, listed map[string]bool) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, rerr := filepath.Rel(dir, p)
		if rerr != nil {
			return rerr
		}
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "." || rel == ManifestFile:
		case d.IsDir():
		case !d.Type().IsRegular() || !listed[rel]:
			out = append(out, safeio.Clip(rel))
		}
		return nil
	})
	return out, err
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// manifestFiles returns the names of the files dir's manifest.json lists.
func manifestFiles(dir string) (map[string]bool, error) {
	b, err := safeio.ReadFile(filepath.Join(dir, ManifestFile), maxManifestBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("holds no manifest.json")
	}
	if err != nil {
		return nil, fmt.Errorf("has a manifest.json that cannot be read: %v", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil || m.Format != ManifestFormat {
		return nil, errors.New("has a manifest.json that is not caremarket's")
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.Name] = true
	}
	return listed, nil
}

// Temporary directories. An export fills parent/.NAME.tmp-PID-RANDOM,
// which holds tmpMarker (the process id, host and start) until it is
// complete, and moves an earlier parent/NAME aside to
// parent/.NAME.old-UNIXNANO while it puts the new one in place. A process
// killed meanwhile leaves them behind; cleanStale removes them on the next
// export of NAME into parent (see docs/outputs.md).
const (
	tmpMarker = ".caremarket-partial"
	// staleAge is the age after which a temporary directory is stale even
	// when its process cannot be shown to be gone (another host, or a
	// process id reused).
	staleAge = 24 * time.Hour
	// staleOldAge is the age after which a moved-aside earlier output is
	// stale: the move lasts milliseconds.
	staleOldAge = time.Hour
)

// writeTmpMarker records in dir that this process is filling it.
func writeTmpMarker(dir string) error {
	host, _ := os.Hostname()
	s := fmt.Sprintf("caremarket temporary output\npid %d\nhost %s\nstarted %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	return os.WriteFile(filepath.Join(dir, tmpMarker), []byte(s), 0o644)
}

// staleTmp says whether dir is a temporary directory of an export that
// will not finish: it holds tmpMarker, and the process recorded in it is
// gone (same host) or the marker is older than staleAge.
func staleTmp(dir string, now time.Time) bool {
	st, err := os.Lstat(filepath.Join(dir, tmpMarker))
	if err != nil || !st.Mode().IsRegular() || st.Size() > 4096 {
		return false
	}
	if now.Sub(st.ModTime()) > staleAge {
		return true
	}
	b, err := os.ReadFile(filepath.Join(dir, tmpMarker))
	if err != nil {
		return false
	}
	var pid int
	var host string
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "pid "); ok {
			pid, _ = strconv.Atoi(v)
		} else if v, ok := strings.CutPrefix(line, "host "); ok {
			host = v
		}
	}
	me, _ := os.Hostname()
	return pid > 0 && host == me && !processAlive(pid)
}

// cleanStale removes the stale temporary directories of earlier exports
// of name into parent (see staleTmp), and moved-aside earlier outputs
// (.NAME.old-UNIXNANO) older than staleOldAge that caremarket wrote: it
// removes them when parent/name exists, else puts the newest back as
// parent/name. It reports nothing: what it cannot remove is left.
func cleanStale(parent, name string, now time.Time) {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	var olds []string
	for _, e := range ents {
		n := e.Name()
		if !e.IsDir() {
			continue
		}
		if rest, ok := strings.CutPrefix(n, "."+name+".tmp-"); ok && rest != "" && staleTmp(filepath.Join(parent, n), now) {
			os.RemoveAll(filepath.Join(parent, n))
		}
		if rest, ok := strings.CutPrefix(n, "."+name+".old-"); ok {
			ns, err := strconv.ParseInt(rest, 10, 64)
			if err == nil && now.Sub(time.Unix(0, ns)) > staleOldAge && CheckReplaceable(filepath.Join(parent, n)) == nil {
				olds = append(olds, n)
			}
		}
	}
	sort.Strings(olds) // same-length decimal times: oldest first
	final := filepath.Join(parent, name)
	for i := len(olds) - 1; i >= 0; i-- {
		old := filepath.Join(parent, olds[i])
		if _, err := os.Lstat(final); errors.Is(err, fs.ErrNotExist) {
			os.Rename(old, final)
			continue
		}
		os.RemoveAll(old)
	}
}
