package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hellowork/mypage/server/backup"
)

// backupCommand is `backup FILE`: a consistent copy of the embedded store,
// written while the server runs and serves.
func backupCommand(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return usageError("usage: server backup FILE")
	}
	if cfg.MongoURI != "" {
		return errors.New("backup copies the embedded store; a MongoDB deployment is backed up with its own tools (mongodump, snapshots)")
	}
	file := args[0]
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+"-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	m, err := backup.Write(ctx, cfg.DataDir, cfg.MongoDatabase, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// Only a complete file ever carries the name asked for.
	if err := os.Rename(tmp.Name(), file); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of database %s written to %s (version %s)\n", m.Database, file, m.Version)
	for _, f := range m.Files {
		fmt.Fprintf(stdout, "  %s  %d bytes  sha256 %s\n", f.Name, f.Size, f.SHA256)
	}
	return nil
}

// restoreCommand is `restore FILE`: fills an empty data directory from a
// backup; the server is started on it afterwards.
func restoreCommand(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return usageError("usage: server restore FILE")
	}
	if cfg.MongoURI != "" {
		return errors.New("restore fills the embedded store; a MongoDB deployment is restored with its own tools (mongorestore)")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := backup.Restore(ctx, f, cfg.DataDir)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if m.Database != cfg.MongoDatabase {
		fmt.Fprintf(stdout, "note: the backup holds database %s; start the server with MONGODB_DATABASE=%s\n", m.Database, m.Database)
	}
	fmt.Fprintf(stdout, "restored database %s into %s from a backup of %s (version %s)\n",
		m.Database, cfg.DataDir, m.Created.Format("2006-01-02 15:04:05 UTC"), m.Version)
	return nil
}
