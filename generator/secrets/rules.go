// Package secrets finds credentials in what the portal would publish: the
// text of documents, the commit messages and identities shown, every
// artifact (decoded from UTF-16, gzip and zip first) and, as a last net, the
// rendered pages. It drives gitleaks' maintained rule set with a prefilter of
// its own, so that ordinary text — exports, logs, compliance prose full of
// "key", "token" and "password" — is read at hundreds of megabytes a second
// and only the few lines that could hold a credential meet the rules.
package secrets

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/rs/zerolog"
	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/logging"
)

// extraRules add what gitleaks' default rules leave to its generic rule or
// miss: the list of credentials found in compliance evidence.
//
//go:embed rules.toml
var extraRules string

var (
	detectorOnce sync.Once
	detector     *detect.Detector
	ruleConfig   config.Config
	detectorErr  error

	decodingOnce sync.Once
	decoding     *detect.Detector
)

// decodingRules is the detector that decodes base64 first, which costs
// twice the time, so only lines holding base64 of a PEM header meet it. It
// is made the first time one does: each detector holds its own keyword
// automaton, 7 MB.
func decodingRules() *detect.Detector {
	decodingOnce.Do(func() {
		decoding = detect.NewDetector(ruleConfig)
		decoding.MaxDecodeDepth = 2
	})
	return decoding
}

// rules returns the detector, made once: gitleaks' default rules extended
// with extraRules.
func rules() (*detect.Detector, error) {
	detectorOnce.Do(func() {
		// gitleaks logs to stderr; its findings are ours to report.
		logging.Logger = logging.Logger.Level(zerolog.Disabled)
		v := viper.New()
		v.SetConfigType("toml")
		if err := v.ReadConfig(strings.NewReader(extraRules)); err != nil {
			detectorErr = fmt.Errorf("secret rules: %w", err)
			return
		}
		var vc config.ViperConfig
		if err := v.Unmarshal(&vc); err != nil {
			detectorErr = fmt.Errorf("secret rules: %w", err)
			return
		}
		cfg, err := vc.Translate()
		if err != nil {
			detectorErr = fmt.Errorf("secret rules: %w", err)
			return
		}
		ruleConfig = cfg
		detector = detect.NewDetector(cfg)
	})
	return detector, detectorErr
}
