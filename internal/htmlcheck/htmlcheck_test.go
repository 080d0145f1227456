package htmlcheck

import "testing"

func TestScript(t *testing.T) {
	for _, c := range []struct {
		page            string
		externalScripts bool
		want            string
	}{
		{`<p>text &lt;script&gt;</p>`, false, ""},
		{`<script>alert(1)</script>`, true, "a <script> element"},
		{`<script src="assets/app.js"></script>`, true, ""},
		{`<script src="assets/app.js"></script>`, false, "a <script> element"},
		{`<img src=x onerror=alert(1)>`, true, "an onerror attribute"},
		{`<a href=" Java Script:alert(1)">x</a>`, true, "a javascript: URL"},
		{`<iframe src="https://example.com"></iframe>`, true, "a <iframe> element"},
	} {
		if got := Script([]byte(c.page), c.externalScripts); got != c.want {
			t.Errorf("Script(%q, %v) = %q, want %q", c.page, c.externalScripts, got, c.want)
		}
	}
}
