package mail_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log/slog"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/hellowork/mypage/server/mail"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/store/storetest"
)

// received is one mail as the SMTP server got it.
type received struct {
	From, To string
	Data     []byte
	TLS      bool
}

// smtpServer is a real SMTP server (github.com/emersion/go-smtp) that keeps
// what it receives; refuse makes it answer 451 to the next n mails.
type smtpServer struct {
	mu     sync.Mutex
	mails  []received
	refuse int
	addr   string
	tls    *tls.Config
	srv    *smtp.Server
	l      net.Listener
}

type session struct {
	s        *smtpServer
	c        *smtp.Conn
	from, to string
}

func (x *session) Reset()        {}
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = to
	return nil
}
func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.refuse > 0 {
		x.s.refuse--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	_, isTLS := x.c.TLSConnectionState()
	x.s.mails = append(x.s.mails, received{From: x.from, To: x.to, Data: b, TLS: isTLS})
	return nil
}

// start listens on s.addr (a new port the first time); implicitTLS for smtps.
func (s *smtpServer) start(t *testing.T, implicitTLS bool) {
	t.Helper()
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, c: c}, nil
	}))
	srv.Domain = "smtp.test"
	srv.AllowInsecureAuth = true
	srv.TLSConfig = s.tls
	addr := s.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var l net.Listener
	var err error
	for range 50 { // the port of a stopped server may take a moment to free
		if implicitTLS {
			l, err = tls.Listen("tcp", addr, s.tls)
		} else {
			l, err = net.Listen("tcp", addr)
		}
		if err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	s.srv, s.l = srv, l
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
}

func (s *smtpServer) stop() {
	_ = s.l.Close()
	_ = s.srv.Close()
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.mails...)
}

// selfSigned is a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtp.test"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

func newSender(t *testing.T, st *store.Store, o *mail.Outbox, smtpURL string, pool *x509.CertPool) *mail.Sender {
	t.Helper()
	u, err := mail.ParseSMTPURL(smtpURL)
	if err != nil {
		t.Fatal(err)
	}
	tr := &mail.SMTP{URL: u, From: "noreply@mypage.example.jp"}
	if pool != nil {
		tr.TLSConfig = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	}
	s := mail.NewSender(st, tr, o, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.Backoff, s.MaxBackoff, s.Poll, s.Timeout = 50*time.Millisecond, 200*time.Millisecond, 50*time.Millisecond, 5*time.Second
	return s
}

func TestSMTPMailHeadersEncodingAndLinks(t *testing.T) {
	for _, scheme := range []string{"smtp", "smtps"} {
		t.Run(scheme, func(t *testing.T) {
			st := storetest.New(t)
			cfg, pool := selfSigned(t)
			srv := &smtpServer{tls: cfg}
			srv.start(t, scheme == "smtps")
			o := mail.NewOutbox(st, "https://mypage.example.jp/", "mypage.example.jp")
			s := newSender(t, st, o, scheme+"://"+srv.addr, pool)
			if err := o.SendConfirmation(t.Context(), "Taro@Example.jp", "tok_EN-123"); err != nil {
				t.Fatal(err)
			}
			if n := s.SendDue(t.Context()); n != 1 {
				t.Fatalf("sent %d", n)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("%d mails received", len(got))
			}
			r := got[0]
			if !r.TLS {
				t.Error("not sent over TLS (STARTTLS was offered)")
			}
			if r.From != "noreply@mypage.example.jp" || r.To != "taro@example.jp" {
				t.Errorf("envelope %s → %s", r.From, r.To)
			}
			msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
			if err != nil {
				t.Fatal(err)
			}
			h := msg.Header
			if _, err := h.Date(); err != nil {
				t.Errorf("Date %q: %v", h.Get("Date"), err)
			}
			if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@mypage.example.jp>") {
				t.Errorf("Message-ID %q", id)
			}
			raw := h.Get("Subject")
			if !strings.HasPrefix(raw, "=?UTF-8?") {
				t.Errorf("Subject not MIME-encoded: %q", raw)
			}
			subject, err := new(mime.WordDecoder).DecodeHeader(raw)
			if err != nil || subject != "【ハローワークインターネットサービス】求職者マイページ開設のご案内（仮登録）" {
				t.Errorf("Subject %q (%v)", subject, err)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "charset=utf-8") {
				t.Errorf("Content-Type %q", ct)
			}
			if h.Get("Content-Transfer-Encoding") != "quoted-printable" {
				t.Errorf("Content-Transfer-Encoding %q", h.Get("Content-Transfer-Encoding"))
			}
			body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
			if err != nil {
				t.Fatal(err)
			}
			text := string(body)
			for _, want := range []string{"求職者マイページ開設のお申し込みを受け付けました", "https://mypage.example.jp/register/confirm?token=tok_EN-123", "24時間"} {
				if !strings.Contains(text, want) {
					t.Errorf("body lacks %q:\n%s", want, text)
				}
			}
			// Once sent, the link (a secret) leaves the store.
			mails, _ := st.RecentMails(t.Context(), 10)
			if len(mails) != 1 || mails[0].State != store.MailSent || mails[0].Body != "" {
				t.Errorf("outbox after sending: %+v", mails)
			}
		})
	}
}

// An SMTP server that is down, then refuses, then comes back: nothing is
// lost, and with two senders (two app servers) each mail arrives once.
func TestSMTPOutageLosesNothingAndSendsOnce(t *testing.T) {
	st := storetest.New(t)
	srv := &smtpServer{}
	srv.start(t, false)
	srv.stop() // down from the start, on a known port
	o := mail.NewOutbox(st, "http://127.0.0.1:8080", "mypage.test")
	a := newSender(t, st, o, "smtp://"+srv.addr, nil)
	b := newSender(t, st, o, "smtp://"+srv.addr, nil)
	const n = 6
	for i := range n {
		if err := o.SendPasswordReset(t.Context(), "user"+string(rune('a'+i))+"@example.jp", "t"); err != nil {
			t.Fatal(err)
		}
	}
	if sent := a.SendDue(t.Context()); sent != 0 {
		t.Fatalf("sent %d while the server was down", sent)
	}
	mails, _ := st.RecentMails(t.Context(), 10)
	for _, m := range mails {
		if m.State != store.MailQueued || m.Attempts != 1 || m.LastError == "" {
			t.Errorf("after a failed attempt: %s attempts %d %q", m.State, m.Attempts, m.LastError)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, s := range []*mail.Sender{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); s.Run(ctx) }()
	}
	time.Sleep(300 * time.Millisecond) // still down: retries fail
	srv.refuse = 2                     // then up, but refusing twice (451)
	srv.start(t, false)
	deadline := time.Now().Add(20 * time.Second)
	for len(srv.received()) < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // room for a duplicate to show
	cancel()
	wg.Wait()
	got := srv.received()
	seen := map[string]int{}
	for _, r := range got {
		msg, _ := netmail.ReadMessage(bytes.NewReader(r.Data))
		seen[msg.Header.Get("Message-Id")]++
	}
	if len(got) != n || len(seen) != n {
		t.Errorf("%d mails received, %d distinct, want %d once each", len(got), len(seen), n)
	}
	mails, _ = st.RecentMails(t.Context(), 10)
	for _, m := range mails {
		if m.State != store.MailSent {
			t.Errorf("mail %s: %s", m.ID, m.State)
		}
	}
}

func TestSMTPGivesUpAfterItsTime(t *testing.T) {
	st := storetest.New(t)
	o := mail.NewOutbox(st, "http://127.0.0.1:8080", "mypage.test")
	s := newSender(t, st, o, "smtp://127.0.0.1:1", nil)
	var logs bytes.Buffer
	s.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	s.GiveUpAfter = 0
	if err := o.SendWithdrawn(t.Context(), "gone@example.jp"); err != nil {
		t.Fatal(err)
	}
	s.SendDue(t.Context())
	mails, _ := st.RecentMails(t.Context(), 10)
	if len(mails) != 1 || mails[0].State != store.MailFailed {
		t.Fatalf("outbox: %+v", mails)
	}
	if !strings.Contains(logs.String(), "mail failed for good") || !strings.Contains(logs.String(), "gone@example.jp") {
		t.Errorf("not logged:\n%s", logs.String())
	}
	// A failed mail is never picked up again.
	if n := s.SendDue(t.Context()); n != 0 {
		t.Errorf("sent %d", n)
	}
}

func TestParseSMTPURL(t *testing.T) {
	for _, ok := range []string{"smtp://localhost:1025", "smtps://u:p@smtp.example.jp", "smtp://smtp.example.jp"} {
		if _, err := mail.ParseSMTPURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "localhost:25", "http://x", "smtp://", "smtp://h:0", "smtp://h:25/path", "smtp://h?x=1"} {
		if _, err := mail.ParseSMTPURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	_ = url.URL{}
}
