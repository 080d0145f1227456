package secrets

import (
	"bytes"
	"fmt"
	"testing"
)

// benign are the texts an evidence repository is made of, 32 MB each.
var benign = map[string]func(i int) string{
	"csv": func(i int) string {
		return fmt.Sprintf("%d,user%d@acme.io,Alice Smith,admin,2026-07-%02d,2026-09-%02dT12:%02d:00Z,enabled,mfa,okta\n", i, i, i%28+1, i%28+1, i%60)
	},
	"log": func(i int) string {
		return fmt.Sprintf("2026-09-%02dT12:%02d:%02d.123Z INFO api request GET /v1/accounts/%d status=200 duration=%dms user=svc-deploy\n", i%28+1, i%60, i%60, i, i%900)
	},
	"markdown": func(i int) string {
		return "Access keys and API tokens are rotated every 90 days; the password policy requires 14 characters and MFA. Secrets live in the vault, never in code, and the key owner reviews access quarterly.\n"
	},
	// Dense in what the rules' keywords and the prefilter look for: a
	// token-like run on every line beside "key", "token" and "secret".
	"adversarial": func(i int) string {
		_ = i
		return fmt.Sprintf("key rotation ticket SEC-%d token_id SEC-%d secret-ref vault/kv/prod%d password-policy-v2\n", i, i, i)
	},
}

func BenchmarkScan(b *testing.B) {
	for name, line := range benign {
		size := 32 << 20
		if name == "adversarial" {
			size = 2 << 20 // it is read at the rules' speed, not the prefilter's
		}
		var buf bytes.Buffer
		for i := 0; buf.Len() < size; i++ {
			buf.WriteString(line(i))
		}
		data := buf.Bytes()
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				res, err := Scan("x", bytes.NewReader(data))
				if err != nil || len(res.Findings) > 0 {
					b.Fatalf("%v, %d findings: %+v", err, len(res.Findings), res.Findings[:min(3, len(res.Findings))])
				}
			}
		})
	}
}
