// Package backup writes and restores a consistent copy of the embedded
// store while the server runs.
//
// The embedded store is FerretDB v1 on SQLite: each database is one SQLite
// file in WAL mode under the data directory's ferretdb/. A backup opens that
// file beside the running server and copies it with SQLite's VACUUM INTO,
// which reads one snapshot in one read transaction: every write committed
// before it began is in the copy, none after, and the server's writers go on
// meanwhile (WAL readers do not block writers). The copy, the session key
// and a manifest (the product's version, each file's size and SHA-256) go
// into one gzip-compressed tar file. Restore checks every checksum and
// SQLite's own integrity check before it writes anything into the data
// directory, and it fills only an empty one.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	// The SQLite driver FerretDB itself uses.
	_ "modernc.org/sqlite"
)

// Format names the layout of a backup file; restore refuses other layouts.
const Format = "mypage-embedded-backup/1"

const manifestName = "manifest.json"

// Manifest is the first entry of a backup file.
type Manifest struct {
	Format   string    `json:"format"`
	Version  string    `json:"version"` // the product's version (its VCS revision) that wrote it
	Database string    `json:"database"`
	Created  time.Time `json:"created"`
	Files    []File    `json:"files"`
}

// File is one file of a backup, by its path under the data directory.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Version is the product's version as the build recorded it: the VCS
// revision (with "+dirty" for uncommitted changes), or the module version.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		return rev + dirty
	}
	return info.Main.Version
}

// storeFile is the SQLite file of database under the data directory.
func storeFile(dataDir, database string) string {
	return filepath.Join(dataDir, "ferretdb", database+".sqlite")
}

// keyFiles are the generated secrets of the data directory that a restored
// server needs to read what the old one wrote (the session key signs the
// cookies of live sessions).
var keyFiles = []string{"session.key"}

// Write writes a backup of the embedded store's database under dataDir to
// w. The server may be running and serving.
func Write(ctx context.Context, dataDir, database string, w io.Writer) (Manifest, error) {
	src := storeFile(dataDir, database)
	if _, err := os.Stat(src); err != nil {
		return Manifest{}, fmt.Errorf("no embedded store at %s: %w", src, err)
	}
	tmp, err := os.MkdirTemp("", "mypage-backup-")
	if err != nil {
		return Manifest{}, err
	}
	defer os.RemoveAll(tmp)
	snapshot := filepath.Join(tmp, database+".sqlite")
	if err := vacuumInto(ctx, src, snapshot); err != nil {
		return Manifest{}, fmt.Errorf("copy of the store: %w", err)
	}

	m := Manifest{Format: Format, Version: Version(), Database: database, Created: time.Now().UTC()}
	files := map[string]string{filepath.ToSlash(filepath.Join("ferretdb", database+".sqlite")): snapshot}
	order := []string{filepath.ToSlash(filepath.Join("ferretdb", database+".sqlite"))}
	for _, k := range keyFiles {
		p := filepath.Join(dataDir, k)
		if _, err := os.Stat(p); err == nil {
			files[k] = p
			order = append(order, k)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return Manifest{}, err
		}
	}
	for _, name := range order {
		f, err := describe(name, files[name])
		if err != nil {
			return Manifest{}, err
		}
		m.Files = append(m.Files, f)
	}

	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(mb)), ModTime: m.Created}); err != nil {
		return Manifest{}, err
	}
	if _, err := tw.Write(mb); err != nil {
		return Manifest{}, err
	}
	for _, f := range m.Files {
		if err := addFile(tw, f, files[f.Name], m.Created); err != nil {
			return Manifest{}, err
		}
	}
	if err := tw.Close(); err != nil {
		return Manifest{}, err
	}
	return m, gz.Close()
}

// vacuumInto copies the live SQLite file src into dst in one snapshot.
func vacuumInto(ctx context.Context, src, dst string) (err error) {
	// VACUUM INTO only reads src. Not mode=ro: a read-only connection cannot
	// set up the WAL index of a file no server has open. The busy timeout
	// waits out a checkpoint rather than failing.
	db, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, dst)
	return err
}

func describe(name, path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, err
	}
	return File{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func addFile(tw *tar.Writer, f File, path string, mod time.Time) error {
	r, err := os.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := tw.WriteHeader(&tar.Header{Name: f.Name, Mode: 0o600, Size: f.Size, ModTime: mod}); err != nil {
		return err
	}
	n, err := io.Copy(tw, r)
	if err == nil && n != f.Size {
		err = fmt.Errorf("%s changed while it was written", f.Name)
	}
	return err
}

// ErrNotEmpty is returned when restore is pointed at a data directory that
// already holds something.
var ErrNotEmpty = errors.New("the data directory is not empty")

// ErrDamaged is returned for a file that is not a complete, intact backup.
var ErrDamaged = errors.New("the backup file is damaged or not a backup")

// Restore fills the empty data directory dataDir from the backup in r.
// Nothing is left in dataDir unless every file of the backup is intact.
func Restore(ctx context.Context, r io.Reader, dataDir string) (Manifest, error) {
	if err := requireEmpty(dataDir); err != nil {
		return Manifest{}, err
	}
	// Unpack beside the data directory first, then move into place.
	parent := filepath.Dir(filepath.Clean(dataDir))
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return Manifest{}, err
	}
	staging, err := os.MkdirTemp(parent, ".mypage-restore-")
	if err != nil {
		return Manifest{}, err
	}
	defer os.RemoveAll(staging)

	m, err := unpack(r, staging)
	if err != nil {
		return Manifest{}, err
	}
	db := filepath.Join(staging, "ferretdb", m.Database+".sqlite")
	if err := integrityCheck(ctx, db); err != nil {
		return Manifest{}, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if err := requireEmpty(dataDir); err != nil { // still empty after the checks
		return Manifest{}, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return Manifest{}, err
	}
	for _, f := range m.Files {
		dst := filepath.Join(dataDir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return Manifest{}, err
		}
		if err := os.Rename(filepath.Join(staging, filepath.FromSlash(f.Name)), dst); err != nil {
			return Manifest{}, err
		}
	}
	return m, nil
}

// requireEmpty accepts a directory that does not exist or holds nothing.
func requireEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%w: %s (restore fills only an empty one)", ErrNotEmpty, dir)
	}
	return nil
}

// unpack reads the backup into dir, checking the manifest and every file's
// size and checksum, and refusing any name the manifest does not list.
func unpack(r io.Reader, dir string) (Manifest, error) {
	damaged := func(format string, a ...any) (Manifest, error) {
		return Manifest{}, fmt.Errorf("%w: %s", ErrDamaged, fmt.Sprintf(format, a...))
	}
	gz, err := gzip.NewReader(r)
	if err != nil {
		return damaged("%v", err)
	}
	tr := tar.NewReader(gz)
	h, err := tr.Next()
	if err != nil || h.Name != manifestName || h.Size > 1<<20 {
		return damaged("no manifest")
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(tr, h.Size)).Decode(&m); err != nil {
		return damaged("manifest: %v", err)
	}
	if m.Format != Format {
		return damaged("format %q, want %q", m.Format, Format)
	}
	if m.Database == "" || strings.ContainsAny(m.Database, `/\`) {
		return damaged("database %q", m.Database)
	}
	want := map[string]File{}
	for _, f := range m.Files {
		if !allowedName(f.Name, m.Database) {
			return damaged("unexpected file %q", f.Name)
		}
		want[f.Name] = f
	}
	if _, ok := want[filepath.ToSlash(filepath.Join("ferretdb", m.Database+".sqlite"))]; !ok {
		return damaged("no store file")
	}
	seen := map[string]bool{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return damaged("%v", err)
		}
		f, ok := want[h.Name]
		if !ok || seen[h.Name] || h.Size != f.Size {
			return damaged("unexpected entry %q", h.Name)
		}
		seen[h.Name] = true
		if err := writeChecked(tr, filepath.Join(dir, filepath.FromSlash(h.Name)), f); err != nil {
			return Manifest{}, err
		}
	}
	// gzip verifies its CRC at the end of the stream.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return damaged("%v", err)
	}
	if len(seen) != len(want) {
		return damaged("%d of %d files present", len(seen), len(want))
	}
	return m, nil
}

func allowedName(name, database string) bool {
	if name == filepath.ToSlash(filepath.Join("ferretdb", database+".sqlite")) {
		return true
	}
	for _, k := range keyFiles {
		if name == k {
			return true
		}
	}
	return false
}

func writeChecked(r io.Reader, path string, f File) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), io.LimitReader(r, f.Size))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrDamaged, f.Name, err)
	}
	if n != f.Size || hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
		return fmt.Errorf("%w: %s: checksum does not match", ErrDamaged, f.Name)
	}
	return nil
}

// integrityCheck runs SQLite's own check over a restored file.
func integrityCheck(ctx context.Context, file string) (err error) {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}
