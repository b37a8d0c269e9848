package search

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/hellowork/mypage/server/domain"
	"golang.org/x/text/unicode/norm"
)

// The index on disk: each app server keeps the index it built in a file
// under its data directory, so that a start after which the postings have
// not changed loads it instead of reading every posting from the store.
//
//	magic "MPSEARCH" | format (uint32) | version length (uint16) | version |
//	gob stream: fileHead, jobChunk…, termTable, data chunk ([]byte)… |
//	CRC-32C of everything before it (uint32)
//
// Integers are little-endian. The version is the store's version of the
// postings (Source.JobsVersion) the index was built from; it comes before
// the rest so that Refresh can read it alone. The body is a stream of
// small gob messages, so neither writing nor reading holds a second copy
// of the index in memory (the server runs under a soft memory limit). A
// file of another format, or whose normalisation (Unicode tables) or
// posting fields differ from this program's, or that fails its checksum
// or its consistency checks, is refused: the caller rebuilds.

const (
	fileMagic = "MPSEARCH"
	// fileFormat changes whenever the layout or the meaning of what the
	// file holds changes.
	fileFormat = 1
	headLen    = len(fileMagic) + 4 + 2
	// chunkJobs and chunkBytes bound one gob message.
	chunkJobs  = 2000
	chunkBytes = 1 << 20
	// maxCount bounds the counts a head may announce.
	maxCount = 1 << 28
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrBadFile is the error of a file that is not an index this program can
// use; the index is rebuilt.
var ErrBadFile = errors.New("not a usable search index file")

// fileHead is the first message: what follows, and what it was made with.
type fileHead struct {
	Unicode   string // unicode and NFKC versions of Normalize
	Schema    string // the fields of domain.Job
	Postings  int
	Terms     int
	DataBytes int
}

// jobChunk is a run of postings in document order, with their normalised
// fields where these differ from the posting's own (at doc*5+field).
type jobChunk struct {
	Jobs     []domain.Job
	DiffAt   []uint32
	DiffText []string
}

// termTable lists the terms, the number of documents of each, and the end
// of each one's posting list in the data that follows (the lists laid end
// to end, in data chunks).
type termTable struct {
	Terms  []uint64
	Counts []uint32
	Ends   []uint32
}

func unicodeVersions() string { return unicode.Version + "/" + norm.Version }

// jobSchema names the fields of domain.Job and their types: a posting
// saved before a field was added would load without it.
func jobSchema() string {
	var b strings.Builder
	t := reflect.TypeFor[domain.Job]()
	for i := range t.NumField() {
		f := t.Field(i)
		fmt.Fprintf(&b, "%s %s;", f.Name, f.Type)
	}
	return b.String()
}

// Save writes the index to path atomically: a temporary file in the same
// directory, synced, then renamed over path. A reader sees the old file or
// the new one, never half of one.
func (x *Index) Save(path string) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".index-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	crc := crc32.New(crcTable)
	bw := bufio.NewWriterSize(io.MultiWriter(f, crc), 1<<20)
	if err := x.write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := binary.Write(f, binary.LittleEndian, crc.Sum32()); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

func (x *Index) write(w io.Writer) error {
	var head bytes.Buffer
	head.WriteString(fileMagic)
	_ = binary.Write(&head, binary.LittleEndian, uint32(fileFormat))
	_ = binary.Write(&head, binary.LittleEndian, uint16(len(x.Version)))
	head.WriteString(x.Version)
	if _, err := w.Write(head.Bytes()); err != nil {
		return err
	}
	terms := make([]uint64, 0, len(x.terms))
	for t := range x.terms {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	table := termTable{Terms: terms, Counts: make([]uint32, len(terms)), Ends: make([]uint32, len(terms))}
	size := 0
	for k, t := range terms {
		p := &x.postings[x.terms[t]]
		table.Counts[k] = p.n
		size += len(p.data)
		table.Ends[k] = uint32(size)
	}
	enc := gob.NewEncoder(w)
	if err := enc.Encode(fileHead{Unicode: unicodeVersions(), Schema: jobSchema(), Postings: x.n,
		Terms: len(terms), DataBytes: size}); err != nil {
		return err
	}
	for from := 0; from < x.n; from += chunkJobs {
		var c jobChunk
		for i := from; i < min(from+chunkJobs, x.n); i++ {
			c.Jobs = append(c.Jobs, x.shelf.job(i))
			for k := range 5 {
				if x.shelf.differ(i, k) {
					c.DiffAt = append(c.DiffAt, uint32(i*5+k))
					c.DiffText = append(c.DiffText, x.shelf.text(i, k))
				}
			}
		}
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	if err := enc.Encode(table); err != nil {
		return err
	}
	buf := make([]byte, 0, chunkBytes)
	for _, t := range terms {
		buf = append(buf, x.postings[x.terms[t]].data...)
		if len(buf) >= chunkBytes {
			if err := enc.Encode(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if len(buf) > 0 {
		return enc.Encode(buf)
	}
	return nil
}

// FileVersion reads only the head of the index file at path: the store's
// version of the postings it was built from. It does not check the rest.
func FileVersion(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return readHead(f)
}

func readHead(r io.Reader) (string, error) {
	head := make([]byte, headLen)
	if _, err := io.ReadFull(r, head); err != nil {
		return "", fmt.Errorf("%w: too short", ErrBadFile)
	}
	if string(head[:len(fileMagic)]) != fileMagic || binary.LittleEndian.Uint32(head[len(fileMagic):]) != fileFormat {
		return "", fmt.Errorf("%w: another format", ErrBadFile)
	}
	v := make([]byte, binary.LittleEndian.Uint16(head[len(fileMagic)+4:]))
	if _, err := io.ReadFull(r, v); err != nil {
		return "", fmt.Errorf("%w: too short", ErrBadFile)
	}
	return string(v), nil
}

// Load reads the index file at path. Any fault of the file — truncated,
// corrupt, of another format or Unicode version, inconsistent — is an
// error wrapping ErrBadFile (a missing file: fs.ErrNotExist), never a
// panic.
func Load(path string) (x *Index, err error) {
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	defer func() {
		// The checks below are meant to leave nothing that can panic; this
		// is the belt to their braces.
		if r := recover(); r != nil {
			x, err = nil, fmt.Errorf("%w: %v", ErrBadFile, r)
		}
	}()
	bad := func(why string) (*Index, error) { return nil, fmt.Errorf("%w: %s", ErrBadFile, why) }
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if size < int64(headLen)+4 {
		return bad("too short")
	}
	// First the checksum, streaming: nothing is decoded from a file that
	// was cut short or altered.
	crc := crc32.New(crcTable)
	if _, err := io.Copy(crc, io.NewSectionReader(f, 0, size-4)); err != nil {
		return nil, err
	}
	var sum [4]byte
	if _, err := f.ReadAt(sum[:], size-4); err != nil {
		return nil, err
	}
	if crc.Sum32() != binary.LittleEndian.Uint32(sum[:]) {
		return bad("checksum mismatch (truncated or corrupt)")
	}
	r := bufio.NewReaderSize(io.NewSectionReader(f, 0, size-4), 1<<20)
	version, err := readHead(r)
	if err != nil {
		return nil, err
	}
	dec := gob.NewDecoder(r)
	var head fileHead
	if err := dec.Decode(&head); err != nil {
		return bad(err.Error())
	}
	if head.Unicode != unicodeVersions() {
		return bad("built with Unicode " + head.Unicode + ", this program normalises with " + unicodeVersions())
	}
	if head.Schema != jobSchema() {
		return bad("postings of another schema")
	}
	// Every posting and every term takes bytes of the file: counts beyond
	// its size are not allocated for.
	if head.Postings < 0 || head.Postings > maxCount || int64(head.Postings) > size ||
		head.Terms < 0 || head.Terms > maxCount || int64(head.Terms) > size ||
		head.DataBytes < 0 || int64(head.DataBytes) > size {
		return bad("impossible counts")
	}
	n := head.Postings
	jobs := make([]domain.Job, 0, n)
	type diff struct {
		at   uint32
		text string
	}
	var diffs []diff
	for len(jobs) < n {
		var c jobChunk
		if err := dec.Decode(&c); err != nil {
			return bad(err.Error())
		}
		if len(c.Jobs) == 0 || len(jobs)+len(c.Jobs) > n || len(c.DiffAt) != len(c.DiffText) {
			return bad("inconsistent postings")
		}
		jobs = append(jobs, c.Jobs...)
		for k, at := range c.DiffAt {
			if int(at) >= len(jobs)*5 {
				return bad("text of no posting")
			}
			if len(diffs) > 0 && at <= diffs[len(diffs)-1].at {
				return bad("texts out of order")
			}
			diffs = append(diffs, diff{at, c.DiffText[k]})
		}
	}
	if !slices.IsSortedFunc(jobs, newer) {
		return bad("postings out of order")
	}
	var table termTable
	if err := dec.Decode(&table); err != nil {
		return bad(err.Error())
	}
	if len(table.Terms) != head.Terms || len(table.Counts) != head.Terms || len(table.Ends) != head.Terms {
		return bad("inconsistent term table")
	}
	data := make([]byte, 0, head.DataBytes)
	for len(data) < head.DataBytes {
		var chunk []byte
		if err := dec.Decode(&chunk); err != nil {
			return bad(err.Error())
		}
		if len(chunk) == 0 || len(data)+len(chunk) > head.DataBytes {
			return bad("inconsistent posting data")
		}
		data = append(data, chunk...)
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return bad("bytes after the index")
	}

	x = newIndex(jobs, version)
	next := 0 // the next of diffs
	for i := range jobs {
		j := &jobs[i]
		own := texts(j.ID, j.Title, j.Company, j.Description, j.Location)
		normalised := own
		for ; next < len(diffs) && int(diffs[next].at) < (i+1)*5; next++ {
			normalised[diffs[next].at%5] = diffs[next].text
		}
		x.shelf.setNorm(i, normalised, own)
	}
	x.shelf.clip()
	x.postings = make([]posting, len(table.Terms))
	x.terms = make(map[uint64]int32, len(table.Terms))
	var from uint32
	for k, t := range table.Terms {
		end := table.Ends[k]
		if end < from || int(end) > len(data) {
			return bad("posting list out of bounds")
		}
		p := posting{n: table.Counts[k], data: data[from:end:end]}
		last, ok := checkPosting(p.data, p.n, uint32(n))
		if !ok {
			return bad("posting list does not decode")
		}
		p.last = last
		if _, dup := x.terms[t]; dup {
			return bad("a term twice")
		}
		x.terms[t] = int32(k)
		x.postings[k] = p
		from = end
	}
	if int(from) != len(data) {
		return bad("bytes after the posting lists")
	}
	x.BuildTime = time.Since(start)
	return x, nil
}

// checkPosting reports whether data decodes to exactly count documents,
// ascending and below n, and returns the last.
func checkPosting(data []byte, count, n uint32) (last uint32, ok bool) {
	if count == 0 {
		return 0, false
	}
	var doc uint64
	for i := uint32(0); i < count; i++ {
		d, k := binary.Uvarint(data)
		if k <= 0 || (i > 0 && d == 0) {
			return 0, false
		}
		data = data[k:]
		doc += d
		if doc >= uint64(n) {
			return 0, false
		}
	}
	return uint32(doc), len(data) == 0
}
