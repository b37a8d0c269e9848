package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/hellowork/mypage/auth/mynaportal"
)

const staffUsage = "usage: server staff unlock-card CARD_NUMBER"

// staff is the counter staff's command line (窓口).
func staff(cfg config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError(staffUsage)
	}
	switch args[0] {
	case "unlock-card":
		if len(args) != 2 {
			return usageError(staffUsage)
		}
		if err := mynaportal.UnlockCard(filepath.Join(cfg.DataDir, "mynaportal"), args[1]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "card %s unlocked\n", args[1])
		return nil
	}
	return usageError(staffUsage)
}
