// Package testkit is what the tests of every package share: a browser that
// speaks HTTP to a running server and keeps its cookies, and a buffer that
// several goroutines write logs into.
package testkit

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
)

// NewClient is an HTTP client with a cookie jar of its own. follow says
// which redirects it follows; nil follows none, so each answer can be
// checked.
func NewClient(follow func(*http.Request) bool) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if follow != nil && follow(req) {
			return nil
		}
		return http.ErrUseLastResponse
	}}
}

// Browser is one client of the server at Base, with its cookies; it does
// not follow redirects.
type Browser struct {
	Base   string
	Client *http.Client
}

// NewBrowser is a browser of the server at base.
func NewBrowser(base string) *Browser {
	return &Browser{Base: base, Client: NewClient(nil)}
}

// Response is an answer, read whole.
type Response struct {
	Status   int
	Header   http.Header
	Location string
	Body     string
}

// Do sends a request to path: a form, when not nil, as the body; headers in
// name, value pairs.
func (b *Browser) Do(method, path string, form url.Values, headers ...string) (Response, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.Base+path, body)
	if err != nil {
		return Response{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.Send(req)
}

// Send sends req as it is.
func (b *Browser) Send(req *http.Request) (Response, error) {
	res, err := b.Client.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	text, err := io.ReadAll(res.Body)
	if err != nil {
		return Response{}, err
	}
	return Response{Status: res.StatusCode, Header: res.Header, Location: res.Header.Get("Location"), Body: string(text)}, nil
}

// Cookie is the browser's cookie of that name for the server, or nil.
func (b *Browser) Cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.Base)
	for _, c := range b.Client.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// SyncBuffer is a log destination that goroutines write to at once.
type SyncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
