package spec

// Variants of a spec: the runs of a comparison, which differ in one factor.

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxVariants is the most configurations a comparison has, and MaxRuns
// the most runs (configurations times seeds): each run holds its own
// network and trains at the same time as the others in the lab.
const (
	MaxVariants = 16
	MaxRuns     = 64
)

// Variants makes one spec per value with Variant. Every variant keeps
// base's seed, so runs differ in the varied factor only.
func Variants(base *Spec, field string, values []string) ([]*Spec, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("--vary %s: no values", field)
	}
	if len(values) > MaxVariants {
		return nil, fmt.Errorf("--vary %s: %d values; at most %d (one run each, all training at once)", field, len(values), MaxVariants)
	}
	if n := base.SeedCount(); len(values)*n > MaxRuns {
		return nil, fmt.Errorf("--vary %s: %d values × %d seeds = %d runs; at most %d (fewer values or seeds)", field, len(values), n, len(values)*n, MaxRuns)
	}
	out := make([]*Spec, 0, len(values))
	for _, v := range values {
		s, err := Variant(base, field, v)
		if err != nil {
			return nil, fmt.Errorf("--vary %s=%s: %v", field, v, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// SeedCount is how many seeds each configuration runs on: Seeds, or 1.
func (s *Spec) SeedCount() int { return max(s.Seeds, 1) }

// SeedVariants are the runs of one configuration: one copy of s per seed,
// Seed, Seed+1, ... (SeedCount of them), each with Seeds 1. A spec of one
// seed gives itself, copied.
func (s *Spec) SeedVariants() []*Spec {
	out := make([]*Spec, s.SeedCount())
	for i := range out {
		c := s.Clone()
		c.Seed += uint64(i)
		c.Seeds = 0
		out[i] = c
	}
	return out
}

// Variant is a copy of base with field (any path Spec.Set accepts) set to
// value, checked with Defaults and Validate. A value may carry settings that
// go with it after semicolons, "sgd; lr=0.001; momentum=0.9", for factors
// whose choices need their own parameters (each optimizer its learning
// rate). The variant is named after the value.
func Variant(base *Spec, field, value string) (*Spec, error) {
	parts := strings.Split(value, ";")
	s := base.Clone()
	if err := s.Set(field, strings.TrimSpace(parts[0])); err != nil {
		return nil, err
	}
	for _, kv := range parts[1:] {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return nil, fmt.Errorf("%q: want path=value after ';'", strings.TrimSpace(kv))
		}
		if err := s.Set(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			return nil, err
		}
	}
	d := s.Clone()
	d.Defaults()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	s.Name = nameOf(strings.TrimSpace(value))
	return s, nil
}

// maxName is the longest name Validate accepts, in bytes.
const maxName = 200

// nameOf is value as a spec's name: cut to maxName bytes, ending in "…",
// when longer (a whole list of layers, say).
func nameOf(value string) string {
	if len(value) <= maxName {
		return value
	}
	cut := maxName - len("…")
	for cut > 0 && !utf8.RuneStart(value[cut]) {
		cut--
	}
	return value[:cut] + "…"
}
