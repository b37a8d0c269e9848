package search

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hellowork/mypage/server/domain"
)

// The values of the criteria kind and sort.
const (
	KindFulltime = "fulltime" // フルタイム (月給)
	KindParttime = "parttime" // パート (時給)
	SortNew      = "new"
	SortWage     = "wage"
)

// KindOf is the 求人区分 of a posting's category: フルタイム and
// フルタイム(障) are fulltime, パート and パート(障) parttime.
func KindOf(category string) string {
	switch {
	case strings.HasPrefix(category, "フルタイム"):
		return KindFulltime
	case strings.HasPrefix(category, "パート"):
		return KindParttime
	}
	return ""
}

// WageUnitOf is the unit in which a kind's wages are compared.
func WageUnitOf(kind string) string {
	switch kind {
	case KindFulltime:
		return "月給"
	case KindParttime:
		return "時給"
	}
	return ""
}

// Query is one search. Words and Not are normalised (see Words); empty
// fields do not filter.
type Query struct {
	Words, Not []string
	Prefecture string
	Kind       string // KindFulltime or KindParttime
	Type       string // 雇用形態
	// Wage, with Kind: the posting's upper wage, in the kind's unit
	// (WageUnitOf), reaches it.
	Wage int
	// Since: posted at or after it (new=1: the start of the day before
	// yesterday, so today and the two days before).
	Since time.Time
	// Sort: SortNew (default) or SortWage, the highest upper wage first
	// compared on a monthly basis (domain.Job.MonthlyWage: 時給 × 173
	// beside 月給), then newest, then 求人番号.
	Sort string
	// Page from 1 and Per postings a page. A page past the end is the
	// last page.
	Page, Per int
}

// Result is one page of a search.
type Result struct {
	Jobs  []domain.Job
	Total int // every match
	Page  int // the page shown
	Pages int
}

// Index is the postings and their index, immutable once built. Documents
// are numbered in the order of sort=new: newest first, then 求人番号.
type Index struct {
	Version   string        // the store's version of the postings it was built from
	BuildTime time.Duration // how long Build took

	n         int   // documents
	shelf     shelf // the postings and their normalised searched fields
	kind      []uint8
	pref      []uint16
	typ       []uint16
	unit      []uint8
	wage      []int32 // WageMax, in the posting's unit (the wage filter)
	monthly   []int64 // domain.Job.MonthlyWage (sort=wage)
	posted    []int64 // Unix seconds
	wageOrder []uint32
	codes     map[string]uint16 // prefecture, type and unit names
	terms     map[uint64]int32
	postings  []posting
}

// posting lists the documents holding one term, ascending, as varint
// deltas.
type posting struct {
	n, last uint32
	data    []byte
}

func (p *posting) add(doc uint32) {
	if p.n > 0 && p.last == doc {
		return
	}
	delta := doc
	if p.n > 0 {
		delta = doc - p.last
	}
	p.data = binary.AppendUvarint(p.data, uint64(delta))
	p.n++
	p.last = doc
}

func (p *posting) decode(dst []uint32) []uint32 {
	var doc uint32
	for i, b := 0, p.data; i < int(p.n); i++ {
		d, k := binary.Uvarint(b)
		b = b[k:]
		doc += uint32(d)
		dst = append(dst, doc)
	}
	return dst
}

// A term is a character, or a pair of consecutive characters of a field.
// Characters are below 1<<21, so a pair packs into one key and a single
// character takes the second slot's unused value.
const single = 1<<21 - 1

func unigram(r rune) uint64   { return uint64(r)<<21 | single }
func bigram(a, b rune) uint64 { return uint64(a)<<21 | uint64(b) }

// termsOf returns the terms every text holding w holds: its character if it
// has one, else its pairs.
func termsOf(w string) []uint64 {
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return []uint64{unigram(r)}
	}
	var out []uint64
	prev := rune(-1)
	for _, r := range w {
		if prev >= 0 {
			out = append(out, bigram(prev, r))
		}
		prev = r
	}
	return out
}

// exactByTerms reports whether holding the terms of w is holding w: a
// word of one or two characters.
func exactByTerms(w string) bool { return utf8.RuneCountInString(w) <= 2 }

// Build indexes jobs, which it sorts (the index keeps its own copy).
func Build(jobs []domain.Job, version string) *Index {
	start := time.Now()
	slices.SortFunc(jobs, newer)
	x := newIndex(jobs, version)
	for i := range jobs {
		j := &jobs[i]
		doc := uint32(i)
		own := texts(j.ID, j.Title, j.Company, j.Description, j.Location)
		var normalised [5]string
		for f, t := range own {
			t = Normalize(t)
			normalised[f] = t
			prev := rune(-1)
			for _, r := range t {
				x.add(unigram(r), doc)
				if prev >= 0 {
					x.add(bigram(prev, r), doc)
				}
				prev = r
			}
		}
		x.shelf.setNorm(i, normalised, own)
	}
	for i := range x.postings {
		x.postings[i].data = slices.Clip(x.postings[i].data)
	}
	x.shelf.clip()
	x.BuildTime = time.Since(start)
	return x
}

// newer is the order of sort=new, the documents' numbering: newest first,
// then 求人番号.
func newer(a, b domain.Job) int {
	if c := b.PostedAt.Compare(a.PostedAt); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// newIndex returns the index of jobs (in the order of newer) with the
// postings packed and the criteria other than words filled in: no
// normalised text (shelf.setNorm, document by document), no terms yet.
func newIndex(jobs []domain.Job, version string) *Index {
	n := len(jobs)
	x := &Index{
		Version: version, n: n, shelf: newShelf(jobs),
		kind: make([]uint8, n), pref: make([]uint16, n),
		typ: make([]uint16, n), unit: make([]uint8, n), wage: make([]int32, n),
		monthly: make([]int64, n), posted: make([]int64, n), codes: map[string]uint16{},
		terms: map[uint64]int32{},
	}
	code := func(s string) uint16 {
		c, ok := x.codes[s]
		if !ok {
			c = uint16(len(x.codes) + 1)
			x.codes[s] = c
		}
		return c
	}
	for i := range jobs {
		j := &jobs[i]
		x.shelf.add(j)
		switch KindOf(j.Category) {
		case KindFulltime:
			x.kind[i] = 1
		case KindParttime:
			x.kind[i] = 2
		}
		x.pref[i] = code("pref:" + j.Prefecture)
		x.typ[i] = code("type:" + j.EmploymentType)
		x.unit[i] = uint8(code("unit:" + j.WageUnit))
		x.wage[i] = int32(min(j.WageMax, 1<<31-1))
		x.monthly[i] = j.MonthlyWage()
		x.posted[i] = j.PostedAt.Unix()
	}
	x.wageOrder = make([]uint32, n)
	for i := range x.wageOrder {
		x.wageOrder[i] = uint32(i)
	}
	slices.SortStableFunc(x.wageOrder, x.higherWage)
	return x
}

// higherWage orders documents by upper wage on a monthly basis
// (domain.Job.MonthlyWage), highest first; a stable sort keeps the order
// of sort=new among equals.
func (x *Index) higherWage(a, b uint32) int { return cmp.Compare(x.monthly[b], x.monthly[a]) }

func (x *Index) add(term uint64, doc uint32) {
	i, ok := x.terms[term]
	if !ok {
		i = int32(len(x.postings))
		x.postings = append(x.postings, posting{})
		x.terms[term] = i
	}
	x.postings[i].add(doc)
}

// Len is the number of postings indexed.
func (x *Index) Len() int { return x.n }

// Stats describes the index for the benchmark and the log.
type Stats struct {
	Postings     int
	Terms        int
	PostingBytes int // the posting lists
	JobBytes     int // the postings, packed
	TextBytes    int // normalised text that differs from the postings' own
}

// Stats measures the index.
func (x *Index) Stats() Stats {
	s := Stats{Postings: x.n, Terms: len(x.terms), JobBytes: len(x.shelf.data), TextBytes: len(x.shelf.norm)}
	for _, p := range x.postings {
		s.PostingBytes += cap(p.data) + 24
	}
	return s
}

// Latest returns the n newest postings.
func (x *Index) Latest(n int) []domain.Job {
	out := make([]domain.Job, min(n, x.n))
	for i := range out {
		out[i] = x.shelf.job(i)
	}
	return out
}

var scratch = sync.Pool{New: func() any { return new([]uint32) }}

// candidates returns the documents holding every term of words, ascending,
// and whether every word still needs checking against the text (the
// intersection stopped early, once few enough were left). ok is false when
// a term is held by no document.
func (x *Index) candidates(words []string, buf []uint32) (docs []uint32, checkAll, ok bool) {
	var lists []*posting
	for _, w := range words {
		for _, t := range termsOf(w) {
			i, found := x.terms[t]
			if !found {
				return nil, false, false
			}
			lists = append(lists, &x.postings[i])
		}
	}
	slices.SortFunc(lists, func(a, b *posting) int { return cmp.Compare(a.n, b.n) })
	lists = slices.Compact(lists)
	docs = lists[0].decode(buf[:0])
	var other []uint32
	for k, p := range lists[1:] {
		if len(docs) <= 16 {
			// Checking a handful of texts is cheaper than decoding
			// long lists.
			return docs, k < len(lists)-1, true
		}
		other = p.decode(other[:0])
		docs = intersect(docs, other)
	}
	return docs, false, true
}

// intersect keeps in a the values also in b (both ascending).
func intersect(a, b []uint32) []uint32 {
	out := a[:0]
	j := 0
	for _, v := range a {
		for j < len(b) && b[j] < v {
			j++
		}
		if j == len(b) {
			break
		}
		if b[j] == v {
			out = append(out, v)
		}
	}
	return out
}

// holds reports whether document doc holds the normalised word w.
func (x *Index) holds(doc uint32, w string) bool {
	for f := range 5 {
		if strings.Contains(x.shelf.text(int(doc), f), w) {
			return true
		}
	}
	return false
}

// Search runs q.
func (x *Index) Search(q Query) Result {
	per := q.Per
	if per <= 0 {
		per = 30
	}
	bufp := scratch.Get().(*[]uint32)
	defer scratch.Put(bufp)
	var matches []uint32
	// Excluded documents, as a bit set.
	var excluded []uint64
	for _, w := range q.Not {
		docs, checkAll, ok := x.candidates([]string{w}, nil)
		if !ok {
			continue
		}
		if excluded == nil {
			excluded = make([]uint64, (x.n+63)/64)
		}
		check := checkAll || !exactByTerms(w)
		for _, d := range docs {
			if !check || x.holds(d, w) {
				excluded[d/64] |= 1 << (d % 64)
			}
		}
	}
	f := x.filter(q)
	keep := func(d uint32) bool {
		return f(d) && (excluded == nil || excluded[d/64]&(1<<(d%64)) == 0)
	}
	if len(q.Words) == 0 {
		matches = (*bufp)[:0]
		order := x.wageOrder
		if q.Sort != SortWage {
			order = nil
		}
		for i := range x.n {
			d := uint32(i)
			if order != nil {
				d = order[i]
			}
			if keep(d) {
				matches = append(matches, d)
			}
		}
	} else {
		docs, checkAll, ok := x.candidates(q.Words, (*bufp)[:0])
		if ok {
			matches = docs[:0]
			for _, d := range docs {
				if !keep(d) {
					continue
				}
				good := true
				for _, w := range q.Words {
					if (checkAll || !exactByTerms(w)) && !x.holds(d, w) {
						good = false
						break
					}
				}
				if good {
					matches = append(matches, d)
				}
			}
		}
		if q.Sort == SortWage {
			x.sortByWage(matches)
		}
	}
	*bufp = matches[:0]
	r := Result{Total: len(matches), Page: max(q.Page, 1)}
	r.Pages = (r.Total + per - 1) / per
	if r.Page > r.Pages {
		r.Page = max(r.Pages, 1)
	}
	from := min((r.Page-1)*per, len(matches))
	for _, d := range matches[from:min(from+per, len(matches))] {
		r.Jobs = append(r.Jobs, x.shelf.job(int(d)))
	}
	return r
}

// sortByWage orders docs (ascending) by upper wage on a monthly basis,
// highest first, keeping the order of sort=new among equals.
func (x *Index) sortByWage(docs []uint32) {
	if len(docs) < x.n/8 {
		slices.SortStableFunc(docs, x.higherWage)
		return
	}
	in := make([]uint64, (x.n+63)/64)
	for _, d := range docs {
		in[d/64] |= 1 << (d % 64)
	}
	k := 0
	for _, d := range x.wageOrder {
		if in[d/64]&(1<<(d%64)) != 0 {
			docs[k] = d
			k++
		}
	}
}

// filter returns the test of the criteria other than words.
func (x *Index) filter(q Query) func(uint32) bool {
	var pref, typ uint16
	var unit uint8
	missing := false
	lookup := func(s string) uint16 {
		c, ok := x.codes[s]
		if !ok {
			missing = true
		}
		return c
	}
	if q.Prefecture != "" {
		pref = lookup("pref:" + q.Prefecture)
	}
	if q.Type != "" {
		typ = lookup("type:" + q.Type)
	}
	var kind uint8
	switch q.Kind {
	case KindFulltime:
		kind = 1
	case KindParttime:
		kind = 2
	}
	wage := int32(min(q.Wage, 1<<31-1))
	if q.Wage > 0 {
		unit = uint8(lookup("unit:" + WageUnitOf(q.Kind)))
	}
	since := int64(0)
	useSince := !q.Since.IsZero()
	if useSince {
		since = q.Since.Unix()
	}
	if missing {
		return func(uint32) bool { return false }
	}
	return func(d uint32) bool {
		return (pref == 0 || x.pref[d] == pref) &&
			(typ == 0 || x.typ[d] == typ) &&
			(kind == 0 || x.kind[d] == kind) &&
			(unit == 0 || (x.unit[d] == unit && x.wage[d] >= wage)) &&
			(!useSince || x.posted[d] >= since)
	}
}
