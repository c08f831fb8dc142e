// Package safeio reads input files with a size cap and shows values taken
// from input safely: ReadFile and Open refuse files that are not regular
// (devices such as /dev/zero, FIFOs, directories) and files over a size
// limit, checked before and while reading, so that memory stays bounded;
// Clip shortens a value echoed in an error; Terminal escapes the control
// bytes of a value printed to a terminal. It imports no caremarket
// package.
package safeio

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TooLargeError reports a file over its size limit.
type TooLargeError struct {
	Path  string
	Limit int64
}

// Error implements error.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: file is larger than %d bytes, the most this file may hold", Clip(e.Path), e.Limit)
}

// Open opens path for reading if it is a regular file (after following
// symbolic links) of at most limit bytes. It stats the file before opening
// it, so that a FIFO is refused without blocking, and again after.
func Open(path string, limit int64) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(path, st, limit); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err == nil {
		err = check(path, st, limit)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func check(path string, st os.FileInfo, limit int64) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%s): give a file", Clip(path), Kind(st.Mode()))
	}
	if st.Size() > limit {
		return &TooLargeError{Path: path, Limit: limit}
	}
	return nil
}

// Kind names the kind of a file that is not a regular one: "a directory",
// "a named pipe", "a character device", …
func Kind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return "mode " + m.String()
}

// Reader returns a reader of f that fails with a TooLargeError once more
// than limit bytes have been read (a file that grows while it is read).
func Reader(f *os.File, limit int64) io.Reader {
	return &limited{r: f, path: f.Name(), left: limit, limit: limit}
}

type limited struct {
	r           io.Reader
	path        string
	left, limit int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &TooLargeError{Path: l.path, Limit: l.limit}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, &TooLargeError{Path: l.path, Limit: l.limit}
	}
	return n, err
}

// ReadFile reads a regular file of at most limit bytes (see Open).
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(Reader(f, limit))
}

// MaxEcho is the most characters of a value Clip keeps.
const MaxEcho = 200

// Clip returns s, or when it is longer than MaxEcho characters its first
// MaxEcho characters followed by "…" and its length, so that an error
// that echoes a value (a name, a key, a path) stays short.
func Clip(s string) string {
	if len(s) <= MaxEcho {
		return s
	}
	n := utf8.RuneCountInString(s)
	if n <= MaxEcho {
		return s
	}
	i, k := 0, 0
	for k < MaxEcho {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
		k++
	}
	return s[:i] + "… (" + strconv.Itoa(n) + " characters)"
}

// Terminal returns s with control characters (ESC, BEL, CR, NUL, DEL, C1
// controls, …) and invalid UTF-8 escaped as Go escapes (\x1b, \a, \r,
// \u0085), so that text read from a file cannot move the cursor, ring the
// bell or rewrite a terminal's title when printed; other text is kept.
func Terminal(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r) || r == utf8.RuneError:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}
