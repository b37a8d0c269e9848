package main

import (
	"fmt"
	"net"
	netmail "net/mail"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hellowork/mypage/server/mail"
)

// config is the environment of the README's configuration table.
type config struct {
	Addr             string
	PublicURL        *url.URL
	DataDir          string
	MongoURI         string
	MongoDatabase    string
	SessionSecret    string
	SessionIdle      time.Duration
	SessionAbsolute  time.Duration
	OIDCIssuer       string
	OIDCClientID     string
	OIDCClientSecret string
	OIDCRedirectURL  string
	MyNaPortalAddr   string
	// MyNaPortalPortalURL is the provider's page for people, linked from the
	// note after a MyNaPortal session's logout.
	MyNaPortalPortalURL string
	TestClock           bool
	// Demo is demo mode: demo data, the simulator without OIDC_ISSUER.
	// DemoWhy says how it was decided, for the start-up log.
	Demo    bool
	DemoWhy string
	// TrustedProxies are the CIDRs of load balancers whose X-Forwarded-For
	// names the client.
	TrustedProxies []string
	// SMTPURL is MYPAGE_SMTP_URL; nil sends mail to the development
	// mailbox (demo mode only). MailFrom is the From of every mail and
	// MailRetry the first wait of the sender's backoff.
	SMTPURL   *url.URL
	MailFrom  string
	MailRetry time.Duration
}

// configError names the variable at fault; main prints it on one line.
type configError struct {
	Var, Problem string
}

func (e *configError) Error() string { return e.Var + ": " + e.Problem }

func loadConfig(getenv func(string) string) (config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	var c config
	var err error
	c.Addr = get("MYPAGE_ADDR", "localhost:8080")
	if err := checkAddr(c.Addr); err != nil {
		return c, &configError{"MYPAGE_ADDR", err.Error()}
	}
	if c.PublicURL, err = parseBaseURL(get("MYPAGE_PUBLIC_URL", "http://localhost:8080")); err != nil {
		return c, &configError{"MYPAGE_PUBLIC_URL", err.Error()}
	}
	c.DataDir = get("MYPAGE_DATA_DIR", "./data")
	c.MongoURI = get("MONGODB_URI", "")
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		return c, &configError{"MONGODB_URI", "must start with mongodb:// or mongodb+srv://"}
	}
	c.MongoDatabase = get("MONGODB_DATABASE", "mypage")
	if strings.ContainsAny(c.MongoDatabase, "/\\. \"$") || len(c.MongoDatabase) > 63 {
		return c, &configError{"MONGODB_DATABASE", "is not a valid database name"}
	}
	c.SessionSecret = get("MYPAGE_SESSION_SECRET", "")
	if c.SessionSecret != "" && len(c.SessionSecret) < 32 {
		return c, &configError{"MYPAGE_SESSION_SECRET", "must be at least 32 characters"}
	}
	if c.SessionIdle, err = parsePositive(get("MYPAGE_SESSION_IDLE", "30m")); err != nil {
		return c, &configError{"MYPAGE_SESSION_IDLE", err.Error()}
	}
	if c.SessionAbsolute, err = parsePositive(get("MYPAGE_SESSION_ABSOLUTE", "8h")); err != nil {
		return c, &configError{"MYPAGE_SESSION_ABSOLUTE", err.Error()}
	}
	if c.SessionIdle > c.SessionAbsolute {
		return c, &configError{"MYPAGE_SESSION_IDLE", "must not be longer than MYPAGE_SESSION_ABSOLUTE"}
	}
	c.OIDCIssuer = get("OIDC_ISSUER", "")
	if c.OIDCIssuer != "" {
		if _, err := parseBaseURL(c.OIDCIssuer); err != nil {
			return c, &configError{"OIDC_ISSUER", err.Error()}
		}
	}
	c.OIDCClientID = get("OIDC_CLIENT_ID", "")
	c.OIDCClientSecret = get("OIDC_CLIENT_SECRET", "")
	c.OIDCRedirectURL = get("OIDC_REDIRECT_URL", strings.TrimSuffix(c.PublicURL.String(), "/")+"/auth/mynaportal/callback")
	if _, err := parseBaseURL(c.OIDCRedirectURL); err != nil {
		return c, &configError{"OIDC_REDIRECT_URL", err.Error()}
	}
	c.MyNaPortalAddr = get("MYNAPORTAL_ADDR", "localhost:9090")
	if err := checkAddr(c.MyNaPortalAddr); err != nil {
		return c, &configError{"MYNAPORTAL_ADDR", err.Error()}
	}
	c.MyNaPortalPortalURL = get("MYNAPORTAL_PORTAL_URL", "")
	if c.MyNaPortalPortalURL != "" {
		if u, err := url.Parse(c.MyNaPortalPortalURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			return c, &configError{"MYNAPORTAL_PORTAL_URL", "must be an absolute http or https URL"}
		}
	}
	switch v := get("MYPAGE_TEST_CLOCK", "off"); v {
	case "off", "0":
	case "1":
		if !isLoopback(c.Addr) {
			return c, &configError{"MYPAGE_TEST_CLOCK", "is refused unless MYPAGE_ADDR is a loopback address"}
		}
		c.TestClock = true
	default:
		return c, &configError{"MYPAGE_TEST_CLOCK", "must be 1 or off"}
	}
	switch v := get("MYPAGE_DEMO", "auto"); v {
	case "auto":
		c.Demo = isLoopbackHost(c.PublicURL.Hostname())
		if c.Demo {
			c.DemoWhy = "MYPAGE_PUBLIC_URL is on a loopback host"
		} else {
			c.DemoWhy = "MYPAGE_PUBLIC_URL is not on a loopback host"
		}
	case "1":
		c.Demo, c.DemoWhy = true, "MYPAGE_DEMO=1"
	case "0":
		c.Demo, c.DemoWhy = false, "MYPAGE_DEMO=0"
	default:
		return c, &configError{"MYPAGE_DEMO", "must be auto, 1 or 0"}
	}
	if v := get("MYPAGE_TRUSTED_PROXIES", ""); v != "" {
		for _, part := range strings.Split(v, ",") {
			p, err := parseCIDR(strings.TrimSpace(part))
			if err != nil {
				return c, &configError{"MYPAGE_TRUSTED_PROXIES", fmt.Sprintf("%q is not a CIDR such as 10.0.0.0/8 or an IP address", strings.TrimSpace(part))}
			}
			c.TrustedProxies = append(c.TrustedProxies, p.String())
		}
	}
	if err := loadMailConfig(&c, get); err != nil {
		return c, err
	}
	return c, nil
}

// loadMailConfig reads MYPAGE_SMTP_URL, MYPAGE_MAIL_FROM and
// MYPAGE_MAIL_RETRY. Outside demo mode mail must go to a real SMTP server.
func loadMailConfig(c *config, get func(name, def string) string) error {
	if v := get("MYPAGE_SMTP_URL", ""); v != "" {
		u, err := mail.ParseSMTPURL(v)
		if err != nil {
			return &configError{"MYPAGE_SMTP_URL", err.Error()}
		}
		c.SMTPURL = u
	} else if !c.Demo {
		return &configError{"MYPAGE_SMTP_URL", "is required outside demo mode (" + c.DemoWhy + ")"}
	}
	def := "noreply@" + c.PublicURL.Hostname()
	if _, err := netmail.ParseAddress(def); err != nil {
		def = "noreply@localhost"
	}
	c.MailFrom = get("MYPAGE_MAIL_FROM", def)
	if a, err := netmail.ParseAddress(c.MailFrom); err != nil || a.Name != "" {
		return &configError{"MYPAGE_MAIL_FROM", "must be an e-mail address such as noreply@example.jp"}
	}
	var err error
	if c.MailRetry, err = parsePositive(get("MYPAGE_MAIL_RETRY", "30s")); err != nil {
		return &configError{"MYPAGE_MAIL_RETRY", err.Error()}
	}
	return nil
}

// parseCIDR reads a CIDR, or a single address as a /32 or /128.
func parseCIDR(v string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(v); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// isLoopbackHost reports whether a URL's host is this machine: localhost,
// 127.0.0.0/8 or ::1.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("must be host:port")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("has an invalid port")
	}
	return nil
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	return isLoopbackHost(host)
}

func parseBaseURL(v string) (*url.URL, error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("must be an absolute http or https URL")
	}
	return u, nil
}

func parsePositive(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("must be a positive duration such as 30m or 8h")
	}
	return d, nil
}
