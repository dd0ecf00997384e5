package strictyaml

import (
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestScalarNumbersLikeYAML checks that the fast number paths of Scalar read
// every spelling as yaml.v3 itself does.
func TestScalarNumbersLikeYAML(t *testing.T) {
	for _, v := range []string{"0777", "0x1F", "0o17", "0b101", "1_000", "1e3", "-.5", ".5", "+1", "-0", "1.",
		"1e400", "-1e-400", "9223372036854775807", "18446744073709551615", "99999999999999999999", ".inf",
		"-.Inf", ".NaN", "1__0", "0.1e+2", "+.5e-1", "00", "08", "0_1", "1e", "e1", "--1", "1-2"} {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: v}
		var mine, theirs float64
		msg := Scalar(n, reflect.ValueOf(&mine).Elem())
		err := n.Decode(&theirs)
		same := mine == theirs || (mine != mine && theirs != theirs)
		if (msg == "") != (err == nil) || (msg == "" && !same) {
			t.Errorf("%q: Decode reads %v (%q), yaml.v3 %v (%v)", v, mine, msg, theirs, err)
		}
	}
}
