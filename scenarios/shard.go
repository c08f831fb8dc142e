package scenarios

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/caremarket/caremarket/internal/safeio"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/results"
)

// ShardFormat identifies the shard file format. Format 2 ends the gob
// stream with the sha256 of its bytes; shards of format 1 (no checksum)
// are refused.
const ShardFormat = "caremarket-shard/2"

// MaxShardBytes is the largest shard file, and the most bytes its
// compressed content may expand to, that ReadShard and LoadShards accept.
const MaxShardBytes = 4 << 30

// shardFile is the gob-encoded, gzipped content of a shard file.
type shardFile struct {
	Format   string
	Meta     aggMeta
	TidyRuns int // the ExportOptions.TidyRuns of the shard's command
	Runs     []shardRun
}

type shardRun struct {
	Index    int
	Yearly   []float64
	Warnings []string
	Weekly   *shardWeekly
}

type shardWeekly struct {
	StartYear, Weeks int
	Regions          []string
	Series           [][]float64
	Regional         [][][]float64
	Warnings         []string
}

// ShardFileName returns the file name of shard s: "shard-K-of-N.gob.gz".
func ShardFileName(s Shard) string { return fmt.Sprintf("shard-%d-of-%d.gob.gz", s.K, s.N) }

// WriteShard writes the aggregate as a shard file: a gzip stream holding
// a gob stream, followed by the 32-byte sha256 of the gob stream. The gob
// stream holds every run's yearly values and the weekly values of the runs
// among the weekly runs, with what identifies the ensemble, so that
// MergeAggregates can check the shards belong together. Floating-point
// values are kept exactly.
func (a *Aggregate) WriteShard(w io.Writer) error {
	f := shardFile{Format: ShardFormat, Meta: a.meta, TidyRuns: a.tidyRuns, Runs: make([]shardRun, len(a.recs))}
	for i, r := range a.recs {
		sr := shardRun{Index: r.index, Yearly: r.yearly, Warnings: r.warnings}
		if r.weekly != nil && r.index < a.meta.FirstRun+a.meta.WeeklyRuns {
			res := r.weekly
			sw := &shardWeekly{StartYear: res.StartYear, Weeks: res.Weeks, Regions: res.Regions, Warnings: res.Warnings,
				Series: make([][]float64, market.NumMetrics), Regional: make([][][]float64, market.NumRegionalMetrics)}
			for m := range res.Series {
				sw.Series[m] = res.Series[m]
			}
			for m := range res.Regional {
				sw.Regional[m] = res.Regional[m]
			}
			sr.Weekly = sw
		}
		f.Runs[i] = sr
	}
	return WriteSealed(w, &f)
}

// WriteSealed writes v as a sealed stream, the framing of every shard
// file: a gzip stream holding the gob encoding of v followed by the
// 32-byte sha256 of that gob stream. ReadSealed reads it back and checks
// it end to end. Ensemble shards (WriteShard) and the shards of
// calibrate's sweeps use it, so both are checked the same way.
func WriteSealed(w io.Writer, v any) error {
	zw := gzip.NewWriter(w)
	h := sha256.New()
	if err := gob.NewEncoder(io.MultiWriter(zw, h)).Encode(v); err != nil {
		return err
	}
	if _, err := zw.Write(h.Sum(nil)); err != nil {
		return err
	}
	return zw.Close()
}

// hashReader hashes the bytes read through it. It is an io.ByteReader, so
// that gob reads from it exactly the bytes of its stream, no more.
type hashReader struct {
	r *bufio.Reader
	h hash.Hash
}

func (h *hashReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	return n, err
}

func (h *hashReader) ReadByte() (byte, error) {
	c, err := h.r.ReadByte()
	if err == nil {
		h.h.Write([]byte{c})
	}
	return c, err
}

// ReadShard reads a shard file written by WriteShard, checking it end to
// end: the gzip stream's CRC and length, the sha256 of the gob stream,
// that nothing follows either, and that the content is whole and
// consistent. Content expanding to more than MaxShardBytes is refused.
func ReadShard(r io.Reader) (*Aggregate, error) {
	f, err := decodeShard(r)
	if err != nil {
		return nil, err
	}
	return f.aggregate()
}

// decodeShard reads and verifies a shard file's bytes (see ReadShard).
func decodeShard(r io.Reader) (*shardFile, error) {
	var f shardFile
	err := ReadSealed(r, &f, func() error {
		if f.Format != ShardFormat {
			return fmt.Errorf("shard format %q: this caremarket reads only %q: write the shards again with this version", safeio.Clip(f.Format), ShardFormat)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// ReadSealed reads a stream written by WriteSealed into v (a pointer),
// checking it end to end: the gzip stream's CRC and length, the sha256 of
// the gob stream, and that nothing follows either. Content expanding to
// more than MaxShardBytes is refused. check, when not nil, runs once v is
// decoded and before the checksum is read: it checks the format recorded
// in v, so that a file of another format is refused as such rather than
// as damaged.
func ReadSealed(r io.Reader, v any, check func() error) error {
	br := bufio.NewReader(r) // a ByteReader: gzip reads no byte past its stream
	zr, err := gzip.NewReader(br)
	if err != nil {
		return fmt.Errorf("not a caremarket shard file: %w", err)
	}
	zr.Multistream(false)
	lr := &io.LimitedReader{R: zr, N: MaxShardBytes + 1}
	hr := &hashReader{r: bufio.NewReader(lr), h: sha256.New()}
	if err := gob.NewDecoder(hr).Decode(v); err != nil {
		return shardDamage(lr, fmt.Errorf("not a caremarket shard file, or damaged or truncated: %w", err))
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	var sum [sha256.Size]byte
	if _, err := io.ReadFull(hr.r, sum[:]); err != nil {
		return shardDamage(lr, fmt.Errorf("damaged or truncated shard: no checksum after the data: %w", err))
	}
	if !bytes.Equal(sum[:], hr.h.Sum(nil)) {
		return errors.New("damaged shard: the sha256 of its data does not match the one recorded in it")
	}
	// Reading to the end checks the gzip CRC and length.
	if n, err := io.Copy(io.Discard, hr.r); err != nil {
		return shardDamage(lr, fmt.Errorf("damaged shard: %w", err))
	} else if n > 0 {
		return shardDamage(lr, fmt.Errorf("damaged shard: %d bytes of data after its checksum", n))
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return errors.New("damaged shard: data after the end of its gzip stream")
	}
	return nil
}

// shardDamage returns err, or a size error when the content read reached
// MaxShardBytes.
func shardDamage(lr *io.LimitedReader, err error) error {
	if lr.N <= 0 {
		return fmt.Errorf("shard content is larger than %d bytes, the most a shard may hold", int64(MaxShardBytes))
	}
	return err
}

// aggregate checks a decoded shard's content and returns its aggregate.
func (f *shardFile) aggregate() (*Aggregate, error) {
	m := f.Meta
	switch {
	case m.Years < 1 || m.Years > MaxYears:
		return nil, fmt.Errorf("shard: years %d out of range", m.Years)
	case m.Runs < 1 || m.Runs > MaxRuns || m.FirstRun < 0:
		return nil, fmt.Errorf("shard: runs %d from %d out of range", m.Runs, m.FirstRun)
	case m.WeeklyRuns < 1 || m.WeeklyRuns > m.Runs:
		return nil, fmt.Errorf("shard: weekly runs %d out of range", m.WeeklyRuns)
	case len(m.Regions) > market.MaxCouncils:
		return nil, fmt.Errorf("shard: %d regions", len(m.Regions))
	case m.Shard.Validate() != nil:
		return nil, fmt.Errorf("shard: %w", m.Shard.Validate())
	}
	nr := len(m.Regions)
	wantYearly := m.Years * (int(market.NumMetrics) + int(market.NumRegionalMetrics)*nr)
	weeks := m.Years * 52
	if f.TidyRuns < -1 || f.TidyRuns > MaxRuns {
		return nil, fmt.Errorf("shard: tidy runs %d out of range", f.TidyRuns)
	}
	a := &Aggregate{meta: m, recs: make([]runRecord, len(f.Runs)), tidyRuns: f.TidyRuns}
	for i, sr := range f.Runs {
		p := sr.Index - m.FirstRun
		if p < 0 || p >= m.Runs || !m.Shard.Has(p) || (i > 0 && sr.Index <= f.Runs[i-1].Index) {
			return nil, fmt.Errorf("shard %s: run index %d does not belong to it or is out of order", m.Shard, sr.Index)
		}
		if len(sr.Yearly) != wantYearly {
			return nil, fmt.Errorf("shard %s: run %d holds %d yearly values, want %d", m.Shard, sr.Index, len(sr.Yearly), wantYearly)
		}
		rec := runRecord{index: sr.Index, yearly: sr.Yearly, warnings: sr.Warnings}
		weekly := p < m.WeeklyRuns
		if weekly != (sr.Weekly != nil) {
			return nil, fmt.Errorf("shard %s: run %d should %shold weekly values", m.Shard, sr.Index, map[bool]string{true: "", false: "not "}[weekly])
		}
		if sw := sr.Weekly; sw != nil {
			if sw.Weeks != weeks || sw.StartYear != m.StartYear || len(sw.Regions) != nr || len(sw.Series) != int(market.NumMetrics) || len(sw.Regional) != int(market.NumRegionalMetrics) {
				return nil, fmt.Errorf("shard %s: run %d: weekly values have the wrong shape", m.Shard, sr.Index)
			}
			res := &market.Results{StartYear: sw.StartYear, Weeks: sw.Weeks, Regions: sw.Regions, Warnings: sw.Warnings}
			for k, s := range sw.Series {
				if len(s) != weeks {
					return nil, fmt.Errorf("shard %s: run %d: metric %d holds %d weeks, want %d", m.Shard, sr.Index, k, len(s), weeks)
				}
				res.Series[k] = s
			}
			for k, rs := range sw.Regional {
				if len(rs) != nr {
					return nil, fmt.Errorf("shard %s: run %d: regional metric %d holds %d regions, want %d", m.Shard, sr.Index, k, len(rs), nr)
				}
				for _, s := range rs {
					if len(s) != weeks {
						return nil, fmt.Errorf("shard %s: run %d: regional metric %d holds %d weeks, want %d", m.Shard, sr.Index, k, len(s), weeks)
					}
				}
				res.Regional[k] = rs
			}
			rec.weekly = res
		}
		a.recs[i] = rec
	}
	return a, nil
}

// ExportShard writes a shard's aggregate to outDir/NAME/shard-K-of-N.gob.gz
// (atomically; other shards' files in the same directory are left alone)
// and returns the file's path. opts.TidyRuns is recorded for the merge;
// opts.Extra is not used.
func (a *Aggregate) ExportShard(outDir string, opts ExportOptions) (string, error) {
	name, err := SafeName(a.meta.Scenario)
	if err != nil {
		return "", err
	}
	sh := a.meta.Shard
	if sh.Whole() {
		sh = Shard{1, 1}
	}
	dir := filepath.Join(outDir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, ShardFileName(sh))
	b := *a
	b.tidyRuns = opts.TidyRuns
	return path, results.WriteFileAtomic(path, b.WriteShard)
}

// LoadShards reads shard files. Each path is a shard file or a directory
// holding shard files (shard-K-of-N.gob.gz) directly or in its
// subdirectories one level down (DIR/NAME/shard-…), as written by
// ExportShard.
func LoadShards(paths ...string) ([]*Aggregate, error) {
	files, err := ShardFiles(paths...)
	if err != nil {
		return nil, err
	}
	var out []*Aggregate
	for _, f := range files {
		a, err := readShardFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// ShardFiles returns the shard files LoadShards reads for paths, sorted,
// each once.
func ShardFiles(paths ...string) ([]string, error) { return PartialFiles("shard", paths...) }

// PartialFiles returns the partial files named PREFIX-K-of-N.gob.gz that
// paths name: each path is such a file (a file given by name is taken
// whatever its name) or a directory holding them directly or one level
// down. The files are sorted, each once. ShardFiles is PartialFiles
// ("shard"); calibrate's sweep shards are "sweep-K-of-N.gob.gz".
func PartialFiles(prefix string, paths ...string) ([]string, error) {
	nameRE, err := regexp.Compile(`^` + regexp.QuoteMeta(prefix) + `-[0-9]+-of-[0-9]+\.gob\.gz$`)
	if err != nil {
		return nil, err
	}
	pattern := prefix + "-*-of-*.gob.gz"
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, clipPathError(err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		for _, pat := range []string{pattern, "*/" + pattern} {
			m, err := filepath.Glob(filepath.Join(p, pat))
			if err != nil {
				return nil, err
			}
			for _, f := range m {
				if nameRE.MatchString(filepath.Base(f)) {
					found = append(found, f)
				}
			}
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no shard files (%s-K-of-N.gob.gz) in it or its subdirectories", safeio.Clip(p), prefix)
		}
		files = append(files, found...)
	}
	sort.Strings(files)
	var out []string
	seen := map[string]bool{}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err == nil && seen[abs] {
			continue
		}
		seen[abs] = true
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, errors.New("no shard files given")
	}
	return out, nil
}

// clipPathError shortens the path of a *fs.PathError (safeio.Clip).
func clipPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: safeio.Clip(pe.Path), Err: pe.Err}
	}
	return err
}

func readShardFile(path string) (*Aggregate, error) {
	var a *Aggregate
	err := ReadSealedFile(path, func(r io.Reader) (err error) {
		a, err = ReadShard(r)
		return err
	})
	return a, err
}

// ReadSealedFile opens the regular file at path (at most MaxShardBytes)
// and calls read on its content; an error names the file.
func ReadSealedFile(path string, read func(io.Reader) error) error {
	fh, err := safeio.Open(path, MaxShardBytes)
	if err != nil {
		return clipPathError(err)
	}
	defer fh.Close()
	if err := read(safeio.Reader(fh, MaxShardBytes)); err != nil {
		return fmt.Errorf("%s: %w", safeio.Clip(path), err)
	}
	return nil
}
