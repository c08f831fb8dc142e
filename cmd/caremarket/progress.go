package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress reports runs done on stderr: a progress bar (runs done, rate,
// time left) when stderr is a terminal, else a plain line every interval
// and at the end. A nil *progress reports nothing (-quiet).
type progress struct {
	w        io.Writer
	label    string
	bar      *progressbar.ProgressBar
	start    time.Time
	last     time.Time
	interval time.Duration
	now      func() time.Time
	done     int
}

// plainInterval is the time between plain progress lines.
const plainInterval = 10 * time.Second

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newProgress starts reporting total runs of label on w; quiet reports
// nothing.
func newProgress(w io.Writer, quiet bool, label string, total, workers int) *progress {
	if quiet {
		return nil
	}
	p := &progress{w: w, label: label, interval: plainInterval, now: time.Now}
	p.start = p.now()
	p.last = p.start
	if isTerminal(w) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(label),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("runs"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
			progressbar.OptionSetWidth(30),
			progressbar.OptionSetRenderBlankState(true),
		)
		return p
	}
	fmt.Fprintf(w, "%s: %s on %s\n", label, plural(total, "run"), plural(workers, "worker"))
	return p
}

// update is the ensemble's progress callback.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	p.done = done
	if p.bar != nil {
		p.bar.Set(done)
		return
	}
	now := p.now()
	if done < total && now.Sub(p.last) < p.interval {
		return
	}
	p.last = now
	el := now.Sub(p.start)
	rate := float64(done) / max(el.Seconds(), 1e-9)
	line := fmt.Sprintf("%s: %d/%d runs (%.0f%%), %.2f runs/s, %s elapsed", p.label, done, total, 100*float64(done)/float64(total), rate, el.Round(time.Second))
	if done < total && rate > 0 {
		left := time.Duration(float64(total-done) / rate * float64(time.Second))
		line += fmt.Sprintf(", about %s left", left.Round(time.Second))
	}
	fmt.Fprintln(p.w, line)
}

// stop ends the bar (after a cancel or failure) with a new line.
func (p *progress) stop() {
	if p == nil || p.bar == nil {
		return
	}
	if !p.bar.IsFinished() {
		p.bar.Exit()
		fmt.Fprintln(p.w)
	}
}
