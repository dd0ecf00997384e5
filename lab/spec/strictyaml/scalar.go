package strictyaml

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Scalar stores scalar node n into v (a string, bool, int, uint64 or
// float64) and returns "" or a message saying what was wrong.
func Scalar(n *yaml.Node, v reflect.Value) string {
	if n.Kind != yaml.ScalarNode {
		return fmt.Sprintf("expected %s, got %s", KindName(v.Kind()), Describe(n))
	}
	tag := n.ShortTag()
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	switch v.Kind() {
	case reflect.String:
		switch tag {
		case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
			v.SetString(n.Value)
			return ""
		}
		return fmt.Sprintf("%s has tag %s; expected plain text", Quote(n.Value), tag)
	case reflect.Bool:
		switch tag {
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				v.SetBool(b)
				return ""
			}
		case "!!str":
			if !quoted {
				switch strings.ToLower(n.Value) {
				case "yes", "on":
					v.SetBool(true)
					return ""
				case "no", "off":
					v.SetBool(false)
					return ""
				}
			}
		}
		if quoted {
			switch strings.ToLower(n.Value) {
			case "true", "false", "yes", "no", "on", "off":
				return fmt.Sprintf("%s is text in quotes, not true or false; remove the quotes", Quote(n.Value))
			}
		}
		return fmt.Sprintf("%s is not true or false", Quote(n.Value))
	case reflect.Float64:
		if tag == "!!int" || tag == "!!float" {
			// Fast paths for the bulk of inline data, reading numbers as
			// yaml.v3 does (ints with base prefixes and octal 0777 included).
			if tag == "!!int" {
				if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
					v.SetFloat(float64(i))
					return ""
				}
			} else if plainDecimal(n.Value) {
				if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
					v.SetFloat(f)
					return ""
				}
			}
			var f float64
			if n.Decode(&f) == nil {
				v.SetFloat(f)
				return ""
			}
		}
		return notA(n, tag, quoted, "a number")
	case reflect.Int, reflect.Int64:
		switch tag {
		case "!!int":
			var i int64
			if n.Decode(&i) != nil {
				return fmt.Sprintf("%s is out of range for a whole number", Quote(n.Value))
			}
			v.SetInt(i)
			return ""
		case "!!float":
			var f float64
			if n.Decode(&f) == nil && f == math.Trunc(f) {
				if math.Abs(f) >= 1<<62 {
					return fmt.Sprintf("%s is out of range for a whole number", Quote(n.Value))
				}
				v.SetInt(int64(f))
				return ""
			}
		}
		return notA(n, tag, quoted, "a whole number")
	case reflect.Uint64:
		const want = "a whole number from 0 to 18446744073709551615"
		switch tag {
		case "!!int":
			var u uint64
			if n.Decode(&u) != nil {
				return fmt.Sprintf("%s is not %s", Quote(n.Value), want)
			}
			v.SetUint(u)
			return ""
		case "!!float":
			var f float64
			if n.Decode(&f) == nil && f == math.Trunc(f) && f >= 0 && f < 1<<63 {
				v.SetUint(uint64(f))
				return ""
			}
		}
		return notA(n, tag, quoted, want)
	}
	return fmt.Sprintf("cannot hold a value of Go type %s", v.Type())
}

// plainDecimal reports whether v is written with digits, sign, point
// and exponent only, so that strconv and YAML read it alike.
func plainDecimal(v string) bool {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9', c == '.', c == '-', c == '+', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}

func notA(n *yaml.Node, tag string, quoted bool, what string) string {
	if quoted && tag == "!!str" {
		if _, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); err == nil {
			return fmt.Sprintf("%s is text in quotes, not %s; remove the quotes", Quote(n.Value), what)
		}
	}
	return fmt.Sprintf("%s is not %s", Quote(n.Value), what)
}

// KindName names what a Go kind holds, for "expected ..." in messages.
func KindName(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int64, reflect.Uint64:
		return "a whole number"
	}
	return "a single value"
}
