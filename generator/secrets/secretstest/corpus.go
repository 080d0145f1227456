// Package secretstest holds planted credentials for tests: one of each kind
// the portal must never publish. None is real; each was made up for tests.
package secretstest

import "encoding/base64"

// Planted is a credential as it would appear in a line of text.
type Planted struct {
	Kind string // what it is
	Line string // a line holding it, as a user would write it
	// Secret is what must not reach any published byte.
	Secret string
}

const pemKey = "-----BEGIN RSA PRIVATE KEY-----\n" +
	"1MULwJodFX1GOZrhrztAQpiN0k8s0Rc3VgTg9VaZEoBFUhIiJyqGNSOvQmIQbgSc\n" +
	"7I8gzNHj+crZ+YxzGtoBgNOOgu1lNGZ9jkECHuLg+Y+C04j6BD9OyUd2gQvDOVwB\n" +
	"M3T5lnbyw575r85bLHxb7RQBgImbdo8MAmd6CdZp2hhyHITS1ZaRkeKPPpQqF/K4\n" +
	"-----END RSA PRIVATE KEY-----"

// The credentials are assembled so that this file is not itself a finding
// of a scanner run over the project's sources.
func j(parts ...string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}

// Corpus is one planted credential of each kind issue 17 lists, and those
// the first scanner knew. A line is one line; PEM keys span several.
var Corpus = []Planted{
	{"private key", pemKey, "1MULwJodFX1GOZrhrztAQpiN0k8s0Rc3VgTg9VaZEoBFUhIiJyqGNSOvQmIQbgSc"},
	{"base64 PEM key", "tls_key: " + base64.StdEncoding.EncodeToString([]byte(pemKey)), base64.StdEncoding.EncodeToString([]byte(pemKey))},
	{"AWS access key ID", "aws_access_key_id = " + j("AKIA", "B2KLIKXWDTYQCQ7T"), j("AKIA", "B2KLIKXWDTYQCQ7T")},
	{"AWS secret access key", "aws_secret_access_key = " + j("ZmJyzsc7Pt8C2UH58lwn", "F+FNnHGP5HYb5IuBBneT"), j("ZmJyzsc7Pt8C2UH58lwn", "F+FNnHGP5HYb5IuBBneT")},
	{"GitHub token", "token: " + j("ghp_", "BuT9R8dpi9Gjwqb8nw39ALTOf6XUqufA1wxp"), j("ghp_", "BuT9R8dpi9Gjwqb8nw39ALTOf6XUqufA1wxp")},
	{"Slack token", "bot " + j("xoxb-", "35276002600-915862995540-bBFGPlb766RuoiNfkOGWdBEY"), j("xoxb-", "35276002600-915862995540-bBFGPlb766RuoiNfkOGWdBEY")},
	{"Slack webhook", "alerts go to " + j("https://hooks.slack.com/services/", "TE182KGV5/BZ7A703MBHB/ruN0YmlR4YKMmyTVh1r13Qnm"), j("TE182KGV5/BZ7A703MBHB/", "ruN0YmlR4YKMmyTVh1r13Qnm")},
	{"Google API key", "maps key " + j("AIza", "FgQjDdcaslRAPdh9qws2ihRDPzJ_yBF5rr2"), j("AIza", "FgQjDdcaslRAPdh9qws2ihRDPzJ_yBF5rr2")},
	{"Stripe secret key", "STRIPE_KEY=" + j("sk_live_", "DFzgRSXgOzkTPNRXrshRdmSk"), j("sk_live_", "DFzgRSXgOzkTPNRXrshRdmSk")},
	{"JWT", "Bearer " + j("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", "eyJzdWIiOiJkZXBsb3kiLCJyb2xlIjoiYWRtaW4iLCJpYXQiOjE3NjQ5MjUwMDB9.", "q8VzN3kP1yX7wT5rB2mL9cE4fG6hJ0dA2sK8uY1iO3p"), j("eyJzdWIiOiJkZXBsb3kiLCJyb2xlIjoiYWRtaW4iLCJpYXQiOjE3NjQ5MjUwMDB9")},
	{"Azure storage key", "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=" + j("Qc3lXa7nPP6h+l7MptjPetzL1knWh+00HEZqCQDO8OBmA7A43U3", "gzpFaHgHU2XfbdPPwTOEI45oqdr6t4aawWW==") + ";EndpointSuffix=core.windows.net", j("Qc3lXa7nPP6h+l7MptjPetzL1knWh+00HEZqCQDO8OBmA7A43U3", "gzpFaHgHU2XfbdPPwTOEI45oqdr6t4aawWW==")},
	{"password assignment", "db_password=" + j("NqKKAwpk", "uJY9E8"), j("NqKKAwpk", "uJY9E8")},
	{"database URL", "DATABASE_URL=postgres://app:" + j("dplm8Rn3", "gh3H") + "@db.internal.acme.io:5432/prod", j("dplm8Rn3", "gh3H")},
	{".env secret", "SESSION_SECRET=" + j("2f9dda67798c956c", "a7806ab9ebcc8561"), j("2f9dda67798c956c", "a7806ab9ebcc8561")},
	{"npm token", "//registry.npmjs.org/:_authToken=" + j("npm_", "hcmwuon6lka5c300v783dbfeksycjslvkvu5"), j("npm_", "hcmwuon6lka5c300v783dbfeksycjslvkvu5")},
	{"PyPI token", "password = " + j("pypi-AgEIcHlwaS5vcmc", "D6L1Bv2N7NhQrPeaMmkUoBlVu-8Or48BC1dEyj0F8JLwR5sPHJi8H5Xbu0Rb"), j("pypi-AgEIcHlwaS5vcmc", "D6L1Bv2N7NhQrPeaMmkUoBlVu-8Or48BC1dEyj0F8JLwR5sPHJi8H5Xbu0Rb")},
	{"SendGrid key", "SENDGRID=" + j("SG.", "Bh9KpUHUMDeFd-j2eYSCHI.KhaGUbCq5eOlVezMGBbV2mHJWBtMhv6NovlgzzDVK-a"), j("SG.", "Bh9KpUHUMDeFd-j2eYSCHI.KhaGUbCq5eOlVezMGBbV2mHJWBtMhv6NovlgzzDVK-a")},
	{"PuTTY key", j("PuTTY-User-Key-File-3", ": ssh-ed25519"), j("PuTTY-User-Key-File-3", ": ssh-ed25519")},
	{"HTTP Basic header", "Authorization: Basic " + j("ZGVwbG95OnE5aXhJ", "OTdRajZHdDVm"), j("ZGVwbG95OnE5aXhJ", "OTdRajZHdDVm")},
}
