package nn

import (
	"fmt"
	"strings"
)

// The named enumerations of the package (Activation, Loss, InitKind,
// OptimizerKind, ScheduleKind, Kind, Precision) print and parse through
// these two: names[i] is the name of value i.

// nameOf is value i's name, or what(i) for a value without one.
func nameOf(names []string, i int, what string) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("%s(%d)", what, i)
}

// parseName is the value named s, or an error that lists the names.
func parseName[E ~uint8](names []string, s, what string) (E, error) {
	for i, n := range names {
		if s == n {
			return E(i), nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (allowed: %s)", what, s, strings.Join(names, ", "))
}
