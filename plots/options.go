package plots

import "github.com/caremarket/caremarket/calibrate"

// Option tweaks how a figure is drawn. Each figure function says which
// options it reads; it ignores the others.
type Option func(*options)

type options struct {
	title          string
	res            Resolution
	published      []Observation
	publishedLabel string
	interval       Interval
	population     map[string]float64
	every          int
	set            []string
}

func collect(opts []Option) options {
	var o options
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// WithTitle replaces the figure's title.
func WithTitle(title string) Option { return func(o *options) { o.title = title } }

// WithResolution sets the time step of a time-series figure (FanChart,
// CompareLines, MarginsByOwnership). The default, Auto, lets each figure
// choose: FanChart and MarginsByOwnership draw stocks weekly when weekly
// bands were kept, CompareLines and the Dashboard draw every metric by
// financial year so that several bands stay readable.
func WithResolution(r Resolution) Option { return func(o *options) { o.res = r } }

// WithYearLabels labels one financial year in every n on time axes (0, the
// default, chooses so that at most 12 labels show).
func WithYearLabels(every int) Option { return func(o *options) { o.every = every } }

// Observation is one published figure to draw against a FanChart: the value
// for the financial year starting in April of Year (a yearly mean for
// stocks, a yearly total for flows, like the modelled yearly values). With
// AtEnd set it is a count on 31 March at the end of that year (e.g. the
// children looked after on 31 March 2024 is Year 2023, AtEnd). The type
// lives in package calibrate, which computes fit panels from it.
type Observation = calibrate.Observation

// WithPublished adds published data points to a FanChart, named label in
// the legend (e.g. "DfE published").
func WithPublished(label string, obs ...Observation) Option {
	return func(o *options) {
		o.publishedLabel = label
		o.published = append(o.published, obs...)
	}
}

// Interval chooses which interval TradeOff draws around each mean paired
// difference.
type Interval int

// Intervals.
const (
	// RunInterval is the 5th to 95th percentile of the paired differences
	// of the runs: where the effect in one run (one possible future) falls
	// nine times in ten. It is the default.
	RunInterval Interval = iota
	// MeanInterval is the 90% confidence interval of the mean effect
	// (DiffBand.MeanLo to MeanHi); it narrows as runs are added.
	MeanInterval
)

// WithInterval sets the interval of TradeOff's bars. (DifferenceBars and
// DifferenceGrid draw both intervals.)
func WithInterval(iv Interval) Option { return func(o *options) { o.interval = iv } }

// WithChildPopulation gives RegionTiles the number of children aged 0–17
// in each region by name, for rates per 10,000 children; by default the
// populations come from the England baseline (ChildPopulationByRegion).
func WithChildPopulation(pop map[string]float64) Option {
	return func(o *options) { o.population = pop }
}

// WithScenarios names the set of scenarios a single-scenario figure
// (FanChart) belongs with, e.g. the scenarios of a comparison, so that a
// scenario that is not built in gets the colour it has in that set's
// figures (see ScenarioStyles). Built-in scenarios need no set.
func WithScenarios(names ...string) Option {
	return func(o *options) { o.set = append([]string(nil), names...) }
}

// styleIn returns the style of name within set (ScenarioStyle if name is
// not in set).
func styleIn(name string, set []string) Style {
	for i, st := range ScenarioStyles(set) {
		if set[i] == name {
			return st
		}
	}
	return ScenarioStyle(name)
}
