package mynaportal

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Spoil kinds, as sent in the form field "kind" of POST /qa/spoil.
const (
	spoilSignature = "signature" // signed by another key under the real kid
	spoilNonce     = "nonce"     // nonce replaced
	spoilExpired   = "expired"   // exp an hour in the past
	spoilNone      = "none"      // nothing pending
)

var spoilLabels = map[string]string{
	spoilSignature: "署名を不正にする（別の鍵で署名し直す）",
	spoilNonce:     "nonce を違う値にする",
	spoilExpired:   "有効期限切れにする（1時間前に失効）",
	spoilNone:      "壊さない（設定を取り消す）",
}

// qaSwitch holds the pending spoil of each card, used up by the next ID
// token issued for that card: tests running at once never share one.
type qaSwitch struct {
	mu       sync.Mutex
	pending  map[string]string // card number -> kind
	kid      string            // the real key's ID, which a "signature" spoil claims to be signed with
	wrongKey *rsa.PrivateKey
}

func newQASwitch(kid string) (*qaSwitch, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &qaSwitch{pending: map[string]string{}, kid: kid, wrongKey: k}, nil
}

func (q *qaSwitch) set(card, kind string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if kind == spoilNone {
		delete(q.pending, card)
		return
	}
	q.pending[card] = kind
}

func (q *qaSwitch) get(card string) string {
	q.mu.Lock()
	defer q.mu.Unlock()
	if k, ok := q.pending[card]; ok {
		return k
	}
	return spoilNone
}

// take returns the card's pending kind and clears it: each spoil applies once.
func (q *qaSwitch) take(card string) string {
	q.mu.Lock()
	defer q.mu.Unlock()
	k, ok := q.pending[card]
	if !ok {
		return spoilNone
	}
	delete(q.pending, card)
	return k
}

type qaData struct {
	Card         string
	Pending      string
	PendingLabel string
	Kinds        []qaKind
	Error        string
}

type qaKind struct{ Value, Label string }

func (s *simulator) qaPage(w http.ResponseWriter, r *http.Request) {
	s.renderQA(w, r, http.StatusOK, r.URL.Query().Get("card"), "")
}

func (s *simulator) renderQA(w http.ResponseWriter, r *http.Request, status int, card, errMsg string) {
	if _, ok := findCard(card); !ok {
		card = ""
	}
	p := s.qa.get(card)
	data := qaData{Card: card, Pending: p, PendingLabel: spoilLabels[p], Error: errMsg}
	for _, k := range []string{spoilSignature, spoilNonce, spoilExpired, spoilNone} {
		data.Kinds = append(data.Kinds, qaKind{Value: k, Label: spoilLabels[k]})
	}
	s.render(w, r, status, "qa", data)
}

// qaPending answers scripts: the pending kind of a card (?card=) as plain
// text.
func (s *simulator) qaPending(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, s.qa.get(r.URL.Query().Get("card")))
}

// qaSpoil spoils the next ID token issued for one card (card, kind).
func (s *simulator) qaSpoil(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.renderQA(w, r, http.StatusBadRequest, "", "送信内容を読み取れません。")
		return
	}
	card := r.PostForm.Get("card")
	if _, ok := findCard(card); !ok {
		s.renderQA(w, r, http.StatusUnprocessableEntity, "", "カード番号が見つかりません。")
		return
	}
	kind := r.PostForm.Get("kind")
	if _, ok := spoilLabels[kind]; !ok {
		s.renderQA(w, r, http.StatusUnprocessableEntity, card, "壊し方を選んでください。")
		return
	}
	s.qa.set(card, kind)
	s.logger.InfoContext(r.Context(), "QA: next ID token of a card will be spoiled", "card", maskCard(card), "kind", kind)
	http.Redirect(w, r, "/qa?card="+url.QueryEscape(card), http.StatusSeeOther)
}

// qaCards issues a fresh card that no other test shares (POST /qa/cards).
func (s *simulator) qaCards(w http.ResponseWriter, r *http.Request) {
	c, err := issueCard()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]string{
		"number": c.CardNumber, "pin": c.PIN, "name": c.Name, "nameKana": c.NameKana, "birthdate": c.Birthdate, "address": c.Address,
	})
}

// token runs op's token endpoint and, when a spoil is pending, rewrites the ID token
// in a successful response. It also refuses two malformed inputs that op v3.45.0
// does not return after (it would go on with a nil request and panic).
func (s *simulator) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		op.RequestError(w, r, oidc.ErrInvalidRequest().WithDescription("cannot parse form"), s.logger)
		return
	}
	if id, secret, ok := r.BasicAuth(); ok {
		if _, err := url.QueryUnescape(id); err != nil {
			op.RequestError(w, r, oidc.ErrInvalidClient().WithDescription("invalid basic auth header"), s.logger)
			return
		}
		if _, err := url.QueryUnescape(secret); err != nil {
			op.RequestError(w, r, oidc.ErrInvalidClient().WithDescription("invalid basic auth header"), s.logger)
			return
		}
	}

	card := s.storage.cardOfCode(r.PostForm.Get("code"))
	rec := newRecorder()
	s.provider.ServeHTTP(rec, r)
	if rec.status != http.StatusOK || s.qa.get(card) == spoilNone {
		rec.replay(w)
		return
	}
	var resp map[string]any
	dec := json.NewDecoder(bytes.NewReader(rec.body.Bytes()))
	dec.UseNumber()
	if err := dec.Decode(&resp); err != nil {
		rec.replay(w)
		return
	}
	idToken, _ := resp["id_token"].(string)
	if idToken == "" {
		rec.replay(w)
		return
	}
	kind := s.qa.take(card)
	spoiled, err := s.spoil(idToken, kind)
	if err != nil {
		s.logger.ErrorContext(r.Context(), "QA: spoil ID token", "kind", kind, "error", err)
		rec.replay(w)
		return
	}
	resp["id_token"] = spoiled
	body, err := json.Marshal(resp)
	if err != nil {
		rec.replay(w)
		return
	}
	s.logger.InfoContext(r.Context(), "QA: spoiled ID token issued", "kind", kind)
	rec.body.Reset()
	rec.body.Write(body)
	rec.replay(w)
}

// spoil rewrites a compact-serialised ID token in one of the QA ways and re-signs it.
func (s *simulator) spoil(idToken, kind string) (string, error) {
	jws, err := jose.ParseSigned(idToken, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return "", err
	}
	claims := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(jws.UnsafePayloadWithoutVerification()))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil {
		return "", err
	}

	key := s.storage.key.key
	switch kind {
	case spoilSignature:
		key = s.qa.wrongKey
	case spoilNonce:
		nonce, err := randomID()
		if err != nil {
			return "", err
		}
		claims["nonce"] = "spoiled-" + nonce
	case spoilExpired:
		iatN, ok1 := claims["iat"].(json.Number)
		expN, ok2 := claims["exp"].(json.Number)
		iat, err1 := iatN.Int64()
		exp, err2 := expN.Int64()
		if !ok1 || !ok2 || err1 != nil || err2 != nil {
			return "", errors.New("iat or exp missing")
		}
		// Move the whole validity window back so that exp is an hour before the real iat.
		shift := exp - iat + int64(time.Hour/time.Second)
		claims["iat"] = iat - shift
		claims["exp"] = exp - shift
		if at, ok := claims["auth_time"].(json.Number); ok {
			if v, err := at.Int64(); err == nil {
				claims["auth_time"] = v - shift
			}
		}
	default:
		return "", fmt.Errorf("unknown spoil kind %q", kind)
	}

	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{
		Algorithm: jose.RS256,
		Key:       jose.JSONWebKey{Key: key, KeyID: s.qa.kid},
	}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	signed, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return signed.CompactSerialize()
}
