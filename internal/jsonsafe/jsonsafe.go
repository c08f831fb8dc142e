// Package jsonsafe writes JSON in which numbers JSON cannot hold, NaN and
// infinities, are null: Marshal for Go values (calibrate's fit.json) and
// AppendNumber for writers that stream their JSON by hand (scenarios'
// summary.json and comparison.json). It imports no caremarket package.
package jsonsafe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Float appends a finite number to dst in some JSON number format.
type Float func(dst []byte, v float64) []byte

// Shortest is the shortest 'g' format that reads back as v.
func Shortest(dst []byte, v float64) []byte { return strconv.AppendFloat(dst, v, 'g', -1, 64) }

// AppendNumber appends v to dst as f writes it, or null when v is NaN or
// infinite.
func AppendNumber(dst []byte, v float64, f Float) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(dst, "null"...)
	}
	return f(dst, v)
}

// Marshal encodes v as indented JSON like encoding/json (struct fields
// in order, named by their json tags; fields tagged "-" left out), except
// that NaN and infinite numbers, which JSON cannot hold, are written as
// null, and other numbers as Shortest.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := encodeValue(&b, reflect.ValueOf(v), 0); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

func encodeValue(b *bytes.Buffer, v reflect.Value, depth int) error {
	if depth > 32 {
		return fmt.Errorf("jsonsafe: value nested too deeply for JSON")
	}
	switch v.Kind() {
	case reflect.Invalid:
		b.WriteString("null")
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encodeValue(b, v.Elem(), depth+1)
	case reflect.Struct:
		b.WriteByte('{')
		t := v.Type()
		first := true
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && fv.IsZero() {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			k, _ := json.Marshal(name)
			b.Write(k)
			b.WriteByte(':')
			if err := encodeValue(b, fv, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeValue(b, v.Index(i), depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case reflect.Float32, reflect.Float64:
		b.Write(AppendNumber(b.AvailableBuffer(), v.Float(), Shortest))
	default:
		j, err := json.Marshal(v.Interface())
		if err != nil {
			return err
		}
		b.Write(j)
	}
	return nil
}
