package main

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"
)

func TestXPosIsLog2(t *testing.T) {
	tests := []struct {
		rate int
		want float64
	}{
		{50, plotLeft},
		{1600, plotRight},
		{200, plotLeft + 2*(plotRight-plotLeft)/5},
	}
	for _, tt := range tests {
		if got := xPos(tt.rate, 50, 1600); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("xPos(%d) = %g, want %g", tt.rate, got, tt.want)
		}
	}
}

func TestYPosIsLog10(t *testing.T) {
	tests := []struct {
		ms, want float64
	}{
		{1, plotBottom},
		{1000, plotTop},
		{10, plotBottom - (plotBottom-plotTop)/3},
		{0.001, plotBottom}, // below the axis: on it
	}
	for _, tt := range tests {
		if got := yPos(tt.ms, 1, 1000); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("yPos(%g) = %g, want %g", tt.ms, got, tt.want)
		}
	}
}

func TestDecadesBracketEveryStep(t *testing.T) {
	steps := []step{{P99: 300 * time.Microsecond}, {P99: 2500 * time.Millisecond}}
	lo, hi := decades(steps)
	if lo != 0.1 || hi != 10000 {
		t.Errorf("decades = %g, %g; want 0.1, 10000", lo, hi)
	}
	lo, hi = decades([]step{{P99: 5 * time.Millisecond}})
	if lo != 1 || hi != 1000 {
		t.Errorf("decades of a fast step = %g, %g; want at least 1 ms to 1 s", lo, hi)
	}
}

func TestLatencySVGIsWellFormedWithALinePerTarget(t *testing.T) {
	steps := []step{okStep("ceiling", 50), okStep("ceiling", 100), okStep("home", 50), {Target: "home", Rate: 100, P99: time.Second}}
	svg := latencySVG(steps, []int{50, 100, 200})
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
	}
	if got := strings.Count(svg, "<polyline"); got != 2 {
		t.Errorf("%d lines, want 2", got)
	}
	if !strings.Contains(svg, ">home<") || !strings.Contains(svg, ">ceiling<") {
		t.Error("legend lacks a target")
	}
}
