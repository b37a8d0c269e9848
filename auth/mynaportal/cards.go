package mynaportal

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// CardHolder is a simulated My Number Card and the person it belongs to.
type CardHolder struct {
	CardNumber string // 12 digits
	PIN        string // 4 digits
	Name       string
	NameKana   string
	Birthdate  string // YYYY-MM-DD
	Address    string
}

// maxPINFailures is how many wrong PINs in a row lock a card, as on a real card.
const maxPINFailures = 3

// lockFileName is the file under Config.DataDir that holds wrong-PIN counts and locks.
// It survives restarts so a locked card stays locked until counter staff unlock it.
const lockFileName = "card-locks.json"

// DemoCardHolders returns the demo card holders (print-friendly, deterministic).
func DemoCardHolders() []CardHolder {
	return []CardHolder{
		{CardNumber: "123456789012", PIN: "1234", Name: "明日 勇気", NameKana: "アス ユウキ", Birthdate: "1990-04-15", Address: "東京都文京区後楽1-9-20"},
		{CardNumber: "234567890123", PIN: "2345", Name: "山田 花子", NameKana: "ヤマダ ハナコ", Birthdate: "1985-11-03", Address: "大阪府大阪市中央区農人橋2-1-36"},
		{CardNumber: "345678901234", PIN: "3456", Name: "新井 翔", NameKana: "アライ ショウ", Birthdate: "1998-07-07", Address: "神奈川県横浜市中区山下町209"},
		{CardNumber: "456789012345", PIN: "4567", Name: "佐藤 次郎", NameKana: "サトウ ジロウ", Birthdate: "1975-02-20", Address: "愛知県名古屋市中区三の丸3-1-1"},
	}
}

// issuedCards are the cards issued for QA (POST /qa/cards, test mode only),
// by card number. They live as long as the process.
var issuedCards sync.Map

// findCard returns the card holder with the card number, if any: a demo
// card or one issued for QA.
func findCard(cardNumber string) (CardHolder, bool) {
	for _, c := range DemoCardHolders() {
		if c.CardNumber == cardNumber {
			return c, true
		}
	}
	if c, ok := issuedCards.Load(cardNumber); ok {
		return c.(CardHolder), true
	}
	return CardHolder{}, false
}

// ErrUnknownCard: no demo card and no card issued for QA has the number.
var ErrUnknownCard = errUnknownCard

var (
	errUnknownCard = errors.New("unknown card")
	errCardLocked  = errors.New("card locked")
	// errCardJustLocked is the wrong PIN that used up the last attempt.
	errCardJustLocked = errors.New("card locked by this attempt")
)

// wrongPINError is a wrong PIN that left the card usable.
type wrongPINError struct{ remaining int }

func (e wrongPINError) Error() string { return fmt.Sprintf("wrong PIN, %d attempts left", e.remaining) }

type cardState struct {
	Failures int       `json:"failures"`
	Locked   bool      `json:"locked"`
	LockedAt time.Time `json:"locked_at,omitzero"`
}

type lockFile struct {
	Cards map[string]cardState `json:"cards"`
}

// lockMu serialises read-modify-write of lock files within this process. The staff
// command runs in another process; it only ever removes an entry, and every PIN
// check re-reads the file, so an unlock is seen by the next check.
var lockMu sync.Mutex

func readLocks(dataDir string) (lockFile, error) {
	lf := lockFile{Cards: map[string]cardState{}}
	b, err := os.ReadFile(filepath.Join(dataDir, lockFileName))
	if errors.Is(err, os.ErrNotExist) {
		return lf, nil
	}
	if err != nil {
		return lf, err
	}
	if err := json.Unmarshal(b, &lf); err != nil {
		return lf, fmt.Errorf("mynaportal: %s: %w", lockFileName, err)
	}
	if lf.Cards == nil {
		lf.Cards = map[string]cardState{}
	}
	return lf, nil
}

// writeLocks replaces the lock file atomically: a crash leaves the old or the new file, never half of one.
func writeLocks(dataDir string, lf lockFile) error {
	b, err := json.MarshalIndent(lf, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dataDir, lockFileName+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dataDir, lockFileName))
}

// checkPIN verifies a PIN against a card, counting consecutive failures and locking
// the card at the third. It returns the card holder on success.
func checkPIN(dataDir, cardNumber, pin string, now time.Time) (CardHolder, error) {
	card, ok := findCard(cardNumber)
	if !ok {
		return CardHolder{}, errUnknownCard
	}

	lockMu.Lock()
	defer lockMu.Unlock()

	lf, err := readLocks(dataDir)
	if err != nil {
		return CardHolder{}, err
	}
	st := lf.Cards[cardNumber]
	// A locked card is refused before the PIN is looked at, so the right PIN does not help.
	if st.Locked {
		return CardHolder{}, errCardLocked
	}

	if subtle.ConstantTimeCompare([]byte(pin), []byte(card.PIN)) == 1 {
		if st.Failures == 0 {
			return card, nil
		}
		delete(lf.Cards, cardNumber)
		return card, writeLocks(dataDir, lf)
	}

	st.Failures++
	if st.Failures >= maxPINFailures {
		st.Locked = true
		st.LockedAt = now.UTC()
	}
	lf.Cards[cardNumber] = st
	if err := writeLocks(dataDir, lf); err != nil {
		return CardHolder{}, err
	}
	if st.Locked {
		return CardHolder{}, errCardJustLocked
	}
	return CardHolder{}, wrongPINError{remaining: maxPINFailures - st.Failures}
}

// UnlockCard clears the wrong-PIN count and lock of a card, for counter staff; it
// works while the simulator runs (the simulator re-reads the lock file on each PIN check).
func UnlockCard(dataDir, cardNumber string) error {
	if dataDir == "" {
		return errors.New("mynaportal: data directory is required")
	}
	if _, ok := findCard(cardNumber); !ok {
		return fmt.Errorf("mynaportal: %w number %q", ErrUnknownCard, cardNumber)
	}

	lockMu.Lock()
	defer lockMu.Unlock()

	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	lf, err := readLocks(dataDir)
	if err != nil {
		return err
	}
	if _, ok := lf.Cards[cardNumber]; !ok {
		return nil
	}
	delete(lf.Cards, cardNumber)
	return writeLocks(dataDir, lf)
}

// Banks of the cards issued for QA: plausible holders, never real people.
var (
	qaFamilyNames = [][2]string{{"青木", "アオキ"}, {"石田", "イシダ"}, {"上野", "ウエノ"}, {"遠藤", "エンドウ"}, {"小川", "オガワ"},
		{"加藤", "カトウ"}, {"木村", "キムラ"}, {"久保", "クボ"}, {"小林", "コバヤシ"}, {"佐々木", "ササキ"}}
	qaGivenNames = [][2]string{{"陽菜", "ヒナ"}, {"蓮", "レン"}, {"結衣", "ユイ"}, {"大翔", "ヒロト"}, {"美咲", "ミサキ"},
		{"健太", "ケンタ"}, {"由美", "ユミ"}, {"誠", "マコト"}, {"恵子", "ケイコ"}, {"翼", "ツバサ"}}
	qaAddresses = []string{"北海道札幌市中央区北1条西2-1", "宮城県仙台市青葉区本町3-8-1", "東京都千代田区霞が関1-2-2",
		"静岡県静岡市葵区追手町9-6", "京都府京都市中京区寺町通御池上る上本能寺前町488", "広島県広島市中区国泰寺町1-6-34",
		"福岡県福岡市中央区天神1-8-1", "沖縄県那覇市泉崎1-2-2"}
)

// issueCard makes a fresh card for QA, with a number no card has.
func issueCard() (CardHolder, error) {
	b := make([]byte, 16)
	for {
		if _, err := rand.Read(b); err != nil {
			return CardHolder{}, err
		}
		number := fmt.Sprintf("9%011d", binary.BigEndian.Uint64(b[:8])%100_000_000_000)
		if _, taken := findCard(number); taken {
			continue
		}
		family := qaFamilyNames[int(b[8])%len(qaFamilyNames)]
		given := qaGivenNames[int(b[9])%len(qaGivenNames)]
		c := CardHolder{
			CardNumber: number,
			PIN:        fmt.Sprintf("%04d", binary.BigEndian.Uint16(b[10:12])%10_000),
			Name:       family[0] + " " + given[0],
			NameKana:   family[1] + " " + given[1],
			Birthdate:  fmt.Sprintf("%04d-%02d-%02d", 1960+int(b[12])%45, 1+int(b[13])%12, 1+int(b[14])%28),
			Address:    qaAddresses[int(b[15])%len(qaAddresses)],
		}
		if _, loaded := issuedCards.LoadOrStore(number, c); !loaded {
			return c, nil
		}
	}
}
