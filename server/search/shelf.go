package search

import (
	"encoding/binary"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/hellowork/mypage/server/domain"
)

// shelf keeps the postings of an index in document order, each packed into
// one record of a single byte slab, with the normalised searched fields
// that differ from the posting's own beside them. The index lives as long
// as the process: packed, it holds no pointer for the collector to follow
// (100,000 postings as domain.Job values are about 1.9 million strings),
// and no per-posting header or string header takes room.
//
// A record is the five searched fields in the order of texts, then 事業所番号,
// 求人区分, 休日, 都道府県, 雇用形態, 賃金の単位, the 就業時間 (a count, then
// each), the wages (signed varints) and the 受付年月日 (appendTime); each
// string is its length (uvarint) then its bytes.
type shelf struct {
	data []byte
	ends []int // ends[i] is where record i ends in data
	// differs has bit doc*5+f set when field f of doc normalises to
	// another text; those texts are in norm, each length-prefixed, doc by
	// doc, doc's ending at normEnds[doc].
	differs  []uint64
	norm     []byte
	normEnds []int
}

// newShelf returns a shelf for jobs, its slab sized to hold them.
func newShelf(jobs []domain.Job) shelf {
	n, size := len(jobs), 0
	for i := range jobs {
		j := &jobs[i]
		size += len(j.ID) + len(j.Title) + len(j.Company) + len(j.Description) + len(j.Location) + len(j.OfficeID) +
			len(j.Category) + len(j.Holidays) + len(j.Prefecture) + len(j.EmploymentType) + len(j.WageUnit) + 64
		for _, h := range j.Hours {
			size += len(h) + 2
		}
	}
	return shelf{data: make([]byte, 0, size), ends: make([]int, 0, n), differs: make([]uint64, (5*n+63)/64), normEnds: make([]int, 0, n)}
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// add packs j as the next record.
func (s *shelf) add(j *domain.Job) {
	b := s.data
	for _, t := range texts(j.ID, j.Title, j.Company, j.Description, j.Location) {
		b = appendString(b, t)
	}
	for _, t := range []string{j.OfficeID, j.Category, j.Holidays, j.Prefecture, j.EmploymentType, j.WageUnit} {
		b = appendString(b, t)
	}
	b = binary.AppendUvarint(b, uint64(len(j.Hours)))
	for _, h := range j.Hours {
		b = appendString(b, h)
	}
	b = binary.AppendVarint(b, int64(j.WageMin))
	b = binary.AppendVarint(b, int64(j.WageMax))
	b = appendTime(b, j.PostedAt)
	s.data = b
	s.ends = append(s.ends, len(b))
}

// appendTime packs t: seconds, nanoseconds, and its zone's offset (1 and
// the offset, or 0 for UTC). A zone's name is not kept; its offset is.
func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	if t.Location() == time.UTC {
		return append(b, 0)
	}
	_, offset := t.Zone()
	b = append(b, 1)
	return binary.AppendVarint(b, int64(offset))
}

// setNorm records the normalised searched fields of the next document
// (called in document order, after add): those that differ from the
// posting's own.
func (s *shelf) setNorm(doc int, normalised, own [5]string) {
	for f := range normalised {
		if k := doc*5 + f; normalised[f] != own[f] {
			s.differs[k/64] |= 1 << (k % 64)
			s.norm = appendString(s.norm, normalised[f])
		}
	}
	s.normEnds = append(s.normEnds, len(s.norm))
}

// clip gives back the spare room of the slabs, when there is much.
func (s *shelf) clip() {
	for _, b := range []*[]byte{&s.data, &s.norm} {
		if cap(*b)-len(*b) > len(*b)/16 {
			*b = slices.Clone(*b)
		}
	}
}

func (s *shelf) record(doc int) []byte {
	from := 0
	if doc > 0 {
		from = s.ends[doc-1]
	}
	return s.data[from:s.ends[doc]]
}

// reader walks a record.
type reader []byte

// view returns the next string without copying: it shares the slab.
func (r *reader) view() string {
	n, k := binary.Uvarint(*r)
	b := (*r)[k : k+int(n)]
	*r = (*r)[k+int(n):]
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// str returns the next string, copied: it may outlive the index.
func (r *reader) str() string { return strings.Clone(r.view()) }

func (r *reader) uvarint() uint64 {
	v, k := binary.Uvarint(*r)
	*r = (*r)[k:]
	return v
}

func (r *reader) varint() int64 {
	v, k := binary.Varint(*r)
	*r = (*r)[k:]
	return v
}

// time reads what appendTime wrote.
func (r *reader) time() time.Time {
	t := time.Unix(r.varint(), int64(r.uvarint()))
	if (*r)[0] == 0 {
		*r = (*r)[1:]
		return t.UTC()
	}
	*r = (*r)[1:]
	return t.In(time.FixedZone("", int(r.varint())))
}

// job unpacks document doc.
func (s *shelf) job(doc int) domain.Job {
	r := reader(s.record(doc))
	var j domain.Job
	j.Title, j.Company, j.Description, j.Location, j.ID = r.str(), r.str(), r.str(), r.str(), r.str()
	j.OfficeID, j.Category, j.Holidays, j.Prefecture, j.EmploymentType, j.WageUnit = r.str(), r.str(), r.str(), r.str(), r.str(), r.str()
	if n := r.uvarint(); n > 0 {
		j.Hours = make([]string, n)
		for i := range j.Hours {
			j.Hours[i] = r.str()
		}
	}
	j.WageMin, j.WageMax = int(r.varint()), int(r.varint())
	j.PostedAt = r.time()
	return j
}

// differ reports whether field f of doc normalises to another text.
func (s *shelf) differ(doc, f int) bool {
	k := doc*5 + f
	return s.differs[k/64]&(1<<(k%64)) != 0
}

// text returns the normalised field f of doc (see texts), sharing the
// slab: for the time of a comparison only.
func (s *shelf) text(doc, f int) string {
	if !s.differ(doc, f) {
		r := reader(s.record(doc))
		for range f {
			r.view()
		}
		return r.view()
	}
	// The differing fields of doc before f come first in its region.
	skip := 0
	for g := range f {
		if s.differ(doc, g) {
			skip++
		}
	}
	from := 0
	if doc > 0 {
		from = s.normEnds[doc-1]
	}
	r := reader(s.norm[from:s.normEnds[doc]])
	for range skip {
		r.view()
	}
	return r.view()
}
