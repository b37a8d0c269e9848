package main

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// The chart's canvas and plot area, in pixels; the legend sits right of
// the plot.
const (
	chartWidth  = 760
	chartHeight = 460
	plotLeft    = 80.0
	plotRight   = 600.0
	plotTop     = 50.0
	plotBottom  = 400.0
)

var lineColors = []string{"#6b6b6b", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"}

// xPos places a rate on the log2 axis running from lo to hi.
func xPos(rate, lo, hi int) float64 {
	f := math.Log2(float64(rate)/float64(lo)) / math.Log2(float64(hi)/float64(lo))
	return plotLeft + f*(plotRight-plotLeft)
}

// yPos places a latency in ms on the log10 axis running from lo to hi ms;
// latencies below lo sit on the axis.
func yPos(latencyMs, lo, hi float64) float64 {
	latencyMs = max(latencyMs, lo)
	f := math.Log10(latencyMs/lo) / math.Log10(hi/lo)
	return plotBottom - f*(plotBottom-plotTop)
}

// decades returns the powers of ten, in ms, that bracket the p99 of every
// step, and always 1 ms to 1 s so that the budget line sits well inside.
func decades(steps []step) (lo, hi float64) {
	lo, hi = 1, 1000
	for _, s := range steps {
		p := max(msFloat(s.P99), 0.01)
		lo = min(lo, math.Pow(10, math.Floor(math.Log10(p))))
		hi = max(hi, math.Pow(10, math.Ceil(math.Log10(p))))
	}
	return lo, hi
}

func msFloat(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// latencySVG draws the p99 latency of each step against the rate asked,
// one line per target, with the latency budget as a dashed line.
func latencySVG(steps []step, rates []int) string {
	rLo, rHi := rates[0], rates[len(rates)-1]
	if rHi == rLo {
		rHi = 2 * rLo // one rate: a scale of its own
	}
	lo, hi := decades(steps)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="13">`+"\n",
		chartWidth, chartHeight, chartWidth, chartHeight)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%g" y="28" font-size="16" font-weight="bold">My Page under load: p99 latency against the rate asked</text>`+"\n", plotLeft)

	for d := lo; d <= hi*1.001; d *= 10 {
		y := yPos(d, lo, hi)
		fmt.Fprintf(&b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#ddd"/>`+"\n", plotLeft, y, plotRight, y)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`+"\n", plotLeft-8, y, msLabel(d))
	}
	for _, r := range rates {
		x := xPos(r, rLo, rHi)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="#ddd"/>`+"\n", x, plotTop, x, plotBottom)
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%d</text>`+"\n", x, plotBottom+20, r)
	}
	fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="#333"/>`+"\n", plotLeft, plotTop, plotRight-plotLeft, plotBottom-plotTop)
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle">requests/s asked (log2 scale)</text>`+"\n", (plotLeft+plotRight)/2, plotBottom+45)
	fmt.Fprintf(&b, `<text transform="translate(22 %g) rotate(-90)" text-anchor="middle">p99 latency, ms (log10 scale)</text>`+"\n", (plotTop+plotBottom)/2)

	budget := yPos(msFloat(budgetP99), lo, hi)
	fmt.Fprintf(&b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#c00" stroke-dasharray="6 4"/>`+"\n", plotLeft, budget, plotRight, budget)
	fmt.Fprintf(&b, `<text x="%g" y="%.1f" fill="#c00" text-anchor="end">p99 budget %s</text>`+"\n", plotRight-6, budget-6, budgetP99)

	for i, name := range targetNames(steps) {
		color := lineColors[i%len(lineColors)]
		var points []string
		for _, s := range steps {
			if s.Target != name {
				continue
			}
			x, y := xPos(s.Rate, rLo, rHi), yPos(msFloat(s.P99), lo, hi)
			points = append(points, fmt.Sprintf("%.1f,%.1f", x, y))
			fill := color
			if !s.ok() {
				fill = "white"
			}
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s" stroke="%s" stroke-width="2"/>`+"\n", x, y, fill, color)
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(points, " "), color)
		ly := plotTop + 10 + float64(i)*24
		fmt.Fprintf(&b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="%s" stroke-width="3"/>`+"\n", plotRight+20, ly, plotRight+44, ly, color)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" dominant-baseline="middle">%s</text>`+"\n", plotRight+52, ly, name)
	}
	ly := plotTop + 10 + float64(len(targetNames(steps)))*24
	fmt.Fprintf(&b, `<circle cx="%g" cy="%.1f" r="4" fill="white" stroke="#333" stroke-width="2"/>`+"\n", plotRight+32, ly)
	fmt.Fprintf(&b, `<text x="%g" y="%.1f" dominant-baseline="middle">over budget</text>`+"\n", plotRight+52, ly)
	b.WriteString("</svg>\n")
	return b.String()
}

// msLabel names a power of ten of milliseconds.
func msLabel(ms float64) string {
	if ms >= 1000 {
		return fmt.Sprintf("%g s", ms/1000)
	}
	return fmt.Sprintf("%g ms", ms)
}
