package explorer

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/caremarket/caremarket/internal/strictyaml"
	"github.com/caremarket/caremarket/market"
	"github.com/caremarket/caremarket/scenarios"
)

// Control kinds: how a parameter is entered.
const (
	KindNumber  = "number"  // a number (type=number, step any)
	KindInteger = "integer" // a whole number
	KindBool    = "bool"    // a checkbox
	KindChoice  = "choice"  // one of Options (a select)
	KindText    = "text"    // free text
	KindList    = "list"    // any of Options (a group of checkboxes)
)

// Control is one form control: one parameter of one intervention type, with
// the range its validator allows.
type Control struct {
	Type    string   // intervention type, e.g. "ProfitCap"
	Key     string   // key in a scenario file, e.g. "rate", "childrens_home.standard"
	Name    string   // form field name: Type + "." + Key
	ID      string   // HTML id
	Label   string   // plain words
	Help    string   // from docs/scenario-files.md (the Go field's comment)
	Kind    string   // one of the Kind constants
	Min     string   // smallest allowed value, "" when none
	Max     string   // largest allowed value, "" when none
	Allowed string   // what the validator allows, in its words
	Options []string // KindChoice and KindList
	Value   string   // the default, as text (KindNumber, KindInteger, KindChoice, KindText)
	Checked bool     // the default of a KindBool
	Values  []string // the default of a KindList
}

// Lever is one intervention type as a group of controls.
type Lever struct {
	Type     string // e.g. "ProfitCap"
	Title    string // plain words, e.g. "Profit cap"
	Help     string // from docs/interventions.md
	Controls []Control
}

// startKey is the key of every intervention's start week.
const startKey = "start_week"

// Levers returns a lever for every registered intervention type but the
// history events (historyEvents), in the
// order of scenarios.InterventionTypes, its controls in the order of the
// type's fields. Ranges come from probing the type's Validate with a value
// it must refuse; cfg gives the names of regions and co-ops that list
// controls offer; maxYears bounds the start week.
func Levers(cfg *market.Config, maxYears int) ([]Lever, error) {
	var out []Lever
	for _, typ := range leverOrder(scenarios.InterventionTypes()) {
		if slices.Contains(historyEvents, typ) {
			continue
		}
		iv, err := scenarios.NewIntervention(typ)
		if err != nil {
			return nil, err
		}
		v := reflect.ValueOf(iv)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			return nil, fmt.Errorf("explorer: intervention %s is not a pointer to a struct", typ)
		}
		l := Lever{Type: typ, Title: leverTitle(typ), Help: typeHelp(typ)}
		p := &prober{iv: iv, typ: typ, cfg: cfg, maxYears: maxYears}
		p.walk(v.Elem(), "", &l.Controls)
		out = append(out, l)
	}
	return out, nil
}

// leverOrder puts the types in the order of the list of levers
// (labels.go's order), then any others by name.
func leverOrder(types []string) []string {
	out := slices.Clone(types)
	rank := func(t string) int {
		if i := slices.Index(order, t); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(out, func(a, b string) int { return rank(a) - rank(b) })
	return out
}

// prober builds the controls of one intervention.
type prober struct {
	iv       scenarios.Intervention
	typ      string
	cfg      *market.Config
	maxYears int
}

// walk adds the controls of struct value v, whose keys start with prefix.
func (p *prober) walk(v reflect.Value, prefix string, out *[]Control) {
	for _, f := range strictyaml.Fields(v.Type()) {
		fv := v.FieldByIndex(f.Index)
		key := prefix + f.Name
		if fv.Kind() == reflect.Struct {
			p.walk(fv, key+".", out)
			continue
		}
		*out = append(*out, p.control(fv, key))
	}
}

// control makes the control of the field fv at key.
func (p *prober) control(fv reflect.Value, key string) Control {
	c := Control{Type: p.typ, Key: key, Name: p.typ + "." + key, ID: controlID(p.typ, key),
		Label: fieldLabel(p.typ, key), Help: fieldHelp(p.typ, key)}
	switch fv.Kind() {
	case reflect.Bool:
		c.Kind, c.Checked = KindBool, fv.Bool()
	case reflect.Float64, reflect.Float32:
		c.Kind, c.Value = KindNumber, formatNumber(fv.Float())
	case reflect.Int, reflect.Int64, reflect.Int32:
		c.Kind, c.Value = KindInteger, strconv.FormatInt(fv.Int(), 10)
	case reflect.String:
		c.Kind, c.Value = KindText, fv.String()
	case reflect.Slice:
		c.Kind = KindList
		for i := range fv.Len() {
			c.Values = append(c.Values, fmt.Sprint(fv.Index(i).Interface()))
		}
		c.Options = p.listOptions(key)
		return c
	}
	if key == startKey {
		c.Min, c.Max = "0", strconv.Itoa(52*p.maxYears-1)
		c.Value = strconv.Itoa(scenarios.PolicyStart) // as the built-ins: a year of the market before
		c.Allowed = "0 to 52 × years − 1"
		return c
	}
	allowed := p.probe(fv, key)
	c.Min, c.Max = parseRange(allowed)
	if c.Kind == KindText {
		if opts := parseChoices(allowed); opts != nil {
			c.Kind, c.Options = KindChoice, opts
		}
	}
	c.Allowed = strings.TrimPrefix(allowed, "allowed ")
	return c
}

// listOptions returns the names a list control offers: the base
// configuration's regions or co-ops.
func (p *prober) listOptions(key string) []string {
	var out []string
	if p.cfg == nil {
		return nil
	}
	switch key {
	case "regions":
		for _, r := range p.cfg.Regions {
			out = append(out, r.Name)
		}
	case "coops":
		for _, c := range p.cfg.Coops {
			if !slices.Contains(out, c.Name) {
				out = append(out, c.Name)
			}
		}
	}
	return out
}

// probe sets fv to a value its validator must refuse, validates, restores
// it and returns what the validator says is allowed ("" when it does not
// check the field).
func (p *prober) probe(fv reflect.Value, key string) string {
	old := reflect.New(fv.Type()).Elem()
	old.Set(fv)
	defer fv.Set(old)
	switch fv.Kind() {
	case reflect.Float64, reflect.Float32:
		fv.SetFloat(math.NaN())
	case reflect.Int, reflect.Int64, reflect.Int32:
		fv.SetInt(math.MinInt32)
	case reflect.String:
		fv.SetString("\x00?")
	default:
		return ""
	}
	v, ok := p.iv.(interface{ Validate() error })
	if !ok {
		return ""
	}
	for _, e := range flatten(v.Validate()) {
		var fe *market.FieldError
		if errors.As(e, &fe) && fe.Field == key {
			return fe.Allowed
		}
	}
	return ""
}

// flatten lists the errors joined in err.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

var (
	rangeRE  = regexp.MustCompile(`^allowed (\S+) to (\S+)$`)
	choiceRE = regexp.MustCompile(`^([A-Za-z][\w-]*)((?:, [A-Za-z][\w-]*)*) or ([A-Za-z][\w-]*)$`)
)

// parseRange reads "allowed A to B" into HTML min and max.
func parseRange(allowed string) (lo, hi string) {
	m := rangeRE.FindStringSubmatch(allowed)
	if m == nil {
		return "", ""
	}
	a, err1 := strconv.ParseFloat(m[1], 64)
	b, err2 := strconv.ParseFloat(m[2], 64)
	if err1 != nil || err2 != nil {
		return "", ""
	}
	return formatNumber(a), formatNumber(b)
}

// parseChoices reads "A or B" and "A, B or C" into the choices.
func parseChoices(allowed string) []string {
	m := choiceRE.FindStringSubmatch(allowed)
	if m == nil {
		return nil
	}
	out := []string{m[1]}
	for _, s := range strings.Split(m[2], ", ") {
		if s != "" {
			out = append(out, s)
		}
	}
	return append(out, m[3])
}

// formatNumber writes x in plain decimal notation, as HTML number inputs
// read it.
func formatNumber(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// controlID is the HTML id of a control.
func controlID(typ, key string) string {
	return "c-" + typ + "-" + strings.NewReplacer(".", "-", "_", "-").Replace(key)
}
