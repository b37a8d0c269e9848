package web

import "testing"

func TestDeviceOf(t *testing.T) {
	tests := []struct{ ua, device, browser string }{
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36", "Windows", "Chrome"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.0 Mobile/15A372 Safari/604.1", "iPhone", "Safari"},
		{"Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1", "iPad", "Chrome"},
		{"Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Android", "Samsung Internet"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "Mac", "Safari"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80", "Windows", "Edge"},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Linux", "Firefox"},
		{"", "", ""},
		{"<script>alert(1)</script>", "", ""},
		{"curl/8.5.0", "", ""},
	}
	for _, tt := range tests {
		device, browser := deviceOf(tt.ua)
		if device != tt.device || browser != tt.browser {
			t.Errorf("%q → %q, %q; want %q, %q", tt.ua, device, browser, tt.device, tt.browser)
		}
	}
}
