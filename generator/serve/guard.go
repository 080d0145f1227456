package serve

import (
	"maps"
	"net"
	"net/http"
	"path"
	"strings"

	"github.com/assurehq/assure/generator/model"
)

// Guard lets through only requests addressed to the server by the name it
// listens on, and puts the security headers on every response. A web page
// the user visits can point a name it controls at 127.0.0.1 (DNS
// rebinding) and read the preview of a branch with the user's cookies;
// its requests still carry that name in Host, and are refused.
// listen is the address asked for (--addr) and then the one listened on
// (its port chosen, its name resolved).
func Guard(next http.Handler, listen ...string) http.Handler {
	hosts := map[string]bool{}
	for _, l := range listen {
		maps.Copy(hosts, allowedHosts(l))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header())
		if !hosts[strings.ToLower(r.Host)] {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusMisdirectedRequest)
			w.Write([]byte("421: assure serve answers only to " + listen[len(listen)-1] + " or localhost on its port; this request was addressed to " + r.Host + "\n"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedHosts are the Host values a browser sends for the listen address:
// the address itself and the loopback names on its port.
func allowedHosts(listen string) map[string]bool {
	hosts := map[string]bool{strings.ToLower(listen): true}
	_, port, err := net.SplitHostPort(listen)
	if err != nil {
		return hosts
	}
	for _, name := range []string{"localhost", "127.0.0.1", "[::1]"} {
		hosts[name+":"+port] = true
	}
	return hosts
}

// pageCSP allows only the portal's own scripts, styles and images: no
// inline script, nothing from elsewhere, no framing by another site. Style
// attributes stay allowed: Markdown tables align their columns with them,
// and the preview must look as the published portal does.
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// sandboxCSP is sent with an active artifact: even opened in the portal's
// origin, it runs no script and loads nothing.
const sandboxCSP = "sandbox; default-src 'none'; frame-ancestors 'none'"

func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
}

// isArtifactPath says whether a site path is a file copied from the
// repository: artifacts live in evidence/<id>/files/.
func isArtifactPath(p string) bool {
	ok, _ := path.Match("evidence/*/files/*", p)
	return ok
}

// isActiveArtifact says whether a site path is an artifact a browser would
// run script from.
func isActiveArtifact(p string) bool {
	return isArtifactPath(p) && model.Active(p)
}

// asDownload makes an active artifact a download that cannot run.
func asDownload(h http.Header, p string) {
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", `attachment; filename="`+strings.NewReplacer(`"`, "_", `\`, "_", "\r", "_", "\n", "_").Replace(path.Base(p))+`"`)
	h.Set("Content-Security-Policy", sandboxCSP)
	h.Set("X-Content-Type-Options", "nosniff") // also where no Guard is in front
}
