package web

import "github.com/mileusna/useragent"

// deviceOf names the device and browser of a User-Agent the way a seeker
// recognises them ("iPhone", "Safari"), by a maintained parser. Only names
// from these lists ever reach a page or the store: anything else, and every
// raw string, becomes "" (shown as unknown).
func deviceOf(ua string) (device, browser string) {
	p := useragent.Parse(ua)
	switch p.OS {
	case useragent.IOS:
		if p.Device == "iPad" {
			device = "iPad"
		} else {
			device = "iPhone"
		}
	case useragent.Android:
		device = "Android"
	case useragent.Windows:
		device = "Windows"
	case useragent.MacOS:
		device = "Mac"
	case useragent.ChromeOS:
		device = "Chromebook"
	case useragent.Linux:
		device = "Linux"
	}
	return device, browserNames[p.Name]
}

var browserNames = map[string]string{
	useragent.Chrome:           "Chrome",
	useragent.HeadlessChrome:   "Chrome",
	useragent.Safari:           "Safari",
	useragent.MobileSafari:     "Safari",
	useragent.Firefox:          "Firefox",
	useragent.Edge:             "Edge",
	useragent.Opera:            "Opera",
	useragent.OperaMini:        "Opera",
	useragent.OperaTouch:       "Opera",
	useragent.SamsungBrowser:   "Samsung Internet",
	useragent.Vivaldi:          "Vivaldi",
	useragent.InternetExplorer: "Internet Explorer",
}
