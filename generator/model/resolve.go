package model

import (
	"errors"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/assurehq/assure/generator/catalog"
	"github.com/assurehq/assure/generator/diag"
	"github.com/assurehq/assure/generator/load"
	"github.com/assurehq/assure/internal/cores"
)

func (b *builder) config() {
	cfg := &Config{}
	cfgPos := diag.Pos{File: load.ConfigFile, Line: 1, Col: 1}
	if b.repo.Config != nil {
		cfg.Origin = b.decode(load.ConfigFile, load.ConfigFile, cfgPos, b.repo.Config, cfg)
	} else {
		cfg.Origin = Origin{File: load.ConfigFile, Pos: cfgPos}
	}
	cfg.applyDefaults()
	b.m.Config = cfg
	b.signers()

	fw, err := catalog.Load(cfg.Framework)
	if err != nil {
		b.diags.Errorf(cfg.Key("framework"), "unknown-framework", "%v", err)
		cfg.Framework = DefaultFramework
		fw, _ = catalog.Load(DefaultFramework)
	}
	b.m.Framework = fw

	b.m.inScope[fw.Categories[0].ID] = true // the common criteria are always in scope
	for _, ref := range cfg.Categories {
		if fw.Category(ref.ID) == nil {
			d := b.diags.Errorf(ref.Pos, "unknown-category", "unknown category %q in %s", ref.ID, fw.ShortName)
			if s := diag.Suggest(ref.ID, fw.CategoryIDs()); s != "" {
				d.WithHint("did you mean %q?", s)
			} else {
				d.WithHint("categories are %s", strings.Join(fw.CategoryIDs(), ", "))
			}
			continue
		}
		b.m.inScope[ref.ID] = true
	}
	for _, c := range fw.Categories {
		if b.m.inScope[c.ID] {
			b.m.Scope = append(b.m.Scope, c)
		}
	}

	a := cfg.Audit
	switch {
	case a.Type == "type2" && a.Period.Start.IsZero() && !slices.Contains(cfg.Assumed, "audit.type"):
		// Type II written out is a decision whose window must be said.
		b.diags.Errorf(cfg.Key("audit"), "missing-field", "a Type II audit needs its observation window").
			WithHint("add `period: {start: YYYY-MM-DD, end: YYYY-MM-DD}` under audit")
	case a.Type == "type2" && a.Period.Start.IsZero():
		cfg.Assumed = append(cfg.Assumed, "audit.period")
		if b.repo.Config != nil {
			b.diags.Add(diag.Diagnostic{Severity: diag.Info, Code: "audit-assumed", Pos: cfgPos,
				Message: "assure.yaml names no audit type or observation window: readiness assumes a Type II audit over the six months before today"}).
				WithHint("add `audit: {type: type2, period: {start: YYYY-MM-DD, end: YYYY-MM-DD}}`, or `audit: {type: type1, as_of: YYYY-MM-DD}`")
		}
	case a.Type == "type2" && a.Period.End.Before(a.Period.Start.Time):
		b.diags.Errorf(cfg.Key("audit"), "invalid-period", "audit.period ends (%s) before it starts (%s)", a.Period.End, a.Period.Start)
	case a.Type == "type2" && a.Period.End.After(a.Period.Start.AddDate(MaxWindowYears, 0, 0)):
		b.diags.Errorf(cfg.Key("audit"), "invalid-period", "audit.period runs from %s to %s, longer than %d years", a.Period.Start, a.Period.End, MaxWindowYears).
			WithHint("an observation window is 3 to 12 months; check the years of its start and end")
	case a.Type == "type1" && a.AsOf.IsZero():
		cfg.Assumed = append(cfg.Assumed, "audit.as_of")
		b.diags.Warnf(cfg.Key("audit"), "missing-field", "a Type I audit has no as_of date").
			WithHint("add `as_of: YYYY-MM-DD` under audit: the point in time the auditor reports on")
	}
	if cfg.RepoURL != "" {
		if u, err := url.Parse(cfg.RepoURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			b.diags.Errorf(cfg.Key("repo_url"), "invalid-url", "repo_url %q is not an http(s) URL", cfg.RepoURL).
				WithHint("write the repository's web address, e.g. https://github.com/acme/compliance")
		} else if u.User != nil {
			// Never echo it: the message itself lands in CI logs.
			u.User = nil
			b.diags.Errorf(cfg.Key("repo_url"), "url-credentials", "repo_url holds a user name or password, which every page's links would publish").
				WithHint("write %s, and rotate the credential: it is in the repository's history", u.String())
		}
	}
}

// resolve links every reference and reports the dangling ones.
func (b *builder) resolve() {
	m := b.m
	controlIDs := ids(m.Controls, func(c *Control) string { return c.ID })
	for _, c := range m.Controls {
		c.CriterionRefs = b.criteria(c.Criteria)
		c.Direct = b.directMappings(c.Frameworks)
		for _, cr := range c.CriterionRefs {
			l := m.links(cr)
			l.Controls = append(l.Controls, c)
		}
	}
	for _, p := range m.Policies {
		p.ControlRefs = resolveRefs(b, p.Controls, "control", m.controls, controlIDs)
		for _, c := range p.ControlRefs {
			c.Policies = append(c.Policies, p)
		}
	}
	policyIDs := ids(m.Policies, func(p *Policy) string { return p.ID })
	for _, s := range m.Procedures {
		if s.Policy.ID != "" {
			if refs := resolveRefs(b, []Ref{s.Policy}, "policy", m.policies, policyIDs); len(refs) == 1 {
				s.PolicyRef = refs[0]
				s.PolicyRef.Procedures = append(s.PolicyRef.Procedures, s)
			}
		}
		s.ControlRefs = resolveRefs(b, s.Controls, "control", m.controls, controlIDs)
		for _, c := range s.ControlRefs {
			c.Procedures = append(c.Procedures, s)
		}
	}
	for _, e := range m.Evidence {
		e.ControlRefs = resolveRefs(b, e.Controls, "control", m.controls, controlIDs)
		for _, c := range e.ControlRefs {
			c.EvidenceItems = append(c.EvidenceItems, e)
		}
	}
	b.allArtifacts(m.Evidence)
	gapIDs := ids(m.Remediations, func(r *Remediation) string { return r.ID })
	for _, r := range m.Remediations {
		r.CriterionRefs = b.criteria(r.Criteria)
		for _, cr := range r.CriterionRefs {
			l := m.links(cr)
			l.Remediations = append(l.Remediations, r)
		}
		r.ControlRefs = resolveRefs(b, r.Controls, "control", m.controls, controlIDs)
		for _, c := range r.ControlRefs {
			c.Remediations = append(c.Remediations, r)
		}
		r.Dependencies = resolveRefs(b, r.DependsOn, "remediation item", m.remediations, gapIDs)
	}
	b.resolveRequests(controlIDs)
	b.dependencyCycles()
	b.resolveRecords()
	b.checkSubprocessors()
	b.bareDocuments()
	b.unpublishableArtifacts()
	b.partialRules()
}

// bareDocuments reports the front-matter-less Markdown files in evidence/
// that no manifest lists as an artifact.
func (b *builder) bareDocuments() {
	artifacts := map[string]bool{}
	for _, e := range b.m.Evidence {
		for _, a := range e.ArtifactFiles {
			artifacts[a.Path] = true
		}
	}
	for _, doc := range b.bare {
		if !artifacts[doc.Path] {
			b.diags.Add(load.NoFrontMatter(doc.Path, doc.Kind))
		}
	}
}

func (m *Model) links(c *catalog.Criterion) *CriterionLinks {
	l := m.byCriterion[c.ID]
	if l == nil {
		l = &CriterionLinks{Criterion: c}
		m.byCriterion[c.ID] = l
	}
	return l
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

// resolveRefs looks each reference up; dangling ones are reported with the
// closest existing ID. A reference written twice counts once.
func resolveRefs[T any](b *builder, refs []Ref, kind string, index map[string]*T, known []string) []*T {
	var out []*T
	for _, r := range refs {
		t, ok := index[r.ID]
		if !ok {
			d := b.diags.Errorf(r.Pos, "dangling-ref", "no %s has the ID %q", kind, r.ID)
			if s := diag.Suggest(r.ID, known); s != "" {
				d.WithHint("did you mean %q?", s)
			} else {
				d.WithHint("define it, or remove the reference")
			}
			continue
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// criteria resolves criterion IDs against the framework.
func (b *builder) criteria(refs []Ref) []*catalog.Criterion {
	fw := b.m.Framework
	var out []*catalog.Criterion
	for _, r := range refs {
		c := fw.Criterion(r.ID)
		if c == nil {
			d := b.diags.Errorf(r.Pos, "unknown-criterion", "%q is not a %s criterion", r.ID, fw.ShortName)
			if s := fw.Suggest(r.ID); s != "" {
				d.WithHint("did you mean %s?", s)
			}
			continue
		}
		if !b.m.inScope[c.Category.ID] {
			b.diags.Warnf(r.Pos, "criterion-out-of-scope", "%s belongs to %s, which is not in scope", c.ID, c.Category.Name).
				WithHint("add %s to categories in %s, or remove %s", c.Category.ID, load.ConfigFile, c.ID)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// artifacts resolves an evidence manifest's artifacts: URLs as they are, files
// relative to the manifest's folder, never outside the repo.
// allArtifacts resolves the artifacts of every evidence item, on every
// core: each is looked at in the tree and scanned (from the scans' cache,
// by content, after the first build), ten thousand of them a third of
// making the model. What each finds is reported in the evidence's order.
func (b *builder) allArtifacts(evidence []*Evidence) {
	type found struct {
		diags   diag.List
		allowed []string
	}
	results := make([]found, len(evidence))
	cores.Each(len(evidence), func(i int) {
		// A builder of its own: the diagnostics and the allowed secrets
		// are the only things artifacts changes.
		own := &builder{repo: b.repo, m: &Model{Config: b.m.Config}, submodules: b.submodules}
		evidence[i].ArtifactFiles = own.artifacts(evidence[i])
		results[i] = found{own.diags, own.m.AllowedSecrets}
	})
	for _, r := range results {
		b.diags = append(b.diags, r.diags...)
		b.m.AllowedSecrets = append(b.m.AllowedSecrets, r.allowed...)
	}
}

func (b *builder) artifacts(e *Evidence) []*Artifact {
	var out []*Artifact
	dir := path.Dir(e.File)
	for _, r := range e.Artifacts {
		a := &Artifact{Written: r.ID}
		if u, err := url.Parse(r.ID); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			a.URL = r.ID
			out = append(out, a)
			continue
		}
		p := strings.ReplaceAll(r.ID, `\`, "/")
		if path.IsAbs(p) || (len(p) > 1 && p[1] == ':') {
			b.diags.Errorf(r.Pos, "artifact-outside-repo", "artifact %q is an absolute path", r.ID).
				WithHint("write the path relative to %s, and keep the file inside the repository", e.File)
			continue
		}
		p = path.Join(dir, p)
		if p == ".." || strings.HasPrefix(p, "../") {
			b.diags.Errorf(r.Pos, "artifact-outside-repo", "artifact %q is outside the repository", r.ID).
				WithHint("copy the file into the repository next to the manifest")
			continue
		}
		if problem, hint := privatePath(resolveLinks(b.repo.FS, p)); problem != "" {
			b.diags.Errorf(r.Pos, "artifact-private", "artifact %q %s", r.ID, problem).WithHint("%s", hint)
			continue
		}
		if sm := b.submodules.Holding(p); sm != "" {
			b.diags.Errorf(r.Pos, "artifact-in-submodule", "artifact %q is in the git submodule %s, which assure does not read", r.ID, sm).
				WithHint("commit the file into this repository, or link it by URL")
			continue
		}
		if link := load.EscapingLink(b.repo.FS, p); link != "" {
			b.diags.Errorf(r.Pos, "artifact-outside-repo", "artifact %q is a symbolic link to %s, outside the repository", r.ID, link).
				WithHint("copy the file into the repository instead of linking to it")
			continue
		}
		if msg, hint := b.checkArtifactFile(p); msg != "" {
			d := b.diags.Errorf(r.Pos, "artifact-missing", "artifact %q %s", r.ID, msg)
			if hint != "" {
				d.WithHint("%s", hint)
			} else if s := b.nearbyFile(p); s != "" {
				d.WithHint("did you mean %q?", s)
			} else {
				d.WithHint("paths are relative to the manifest's folder, %s/", dir)
			}
			continue
		}
		a.Path, a.Pos = p, r.Pos
		if !e.Internal() {
			b.activeArtifact(r, p)
		}
		b.scanArtifact(r, a)
		out = append(out, a)
	}
	return out
}

// checkArtifactFile says what keeps p from being an artifact, and how to
// fix it when the usual hints (a close name, the folder paths are relative
// to) would not help.
func (b *builder) checkArtifactFile(p string) (problem, hint string) {
	info, err := fs.Stat(b.repo.FS, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist", ""
	case err != nil:
		return "cannot be read: " + err.Error(), "make it a file that can be read: a symbolic link may go round in a circle, or permissions forbid reading it"
	case info.IsDir():
		return "is a folder, not a file", ""
	case load.NotRegular(info.Mode()) != "":
		return "is " + load.NotRegular(info.Mode()) + ", not a file", "replace it with the file itself: reading it could wait forever"
	}
	return "", ""
}

// nearbyFile suggests a file in p's folder whose name is close to p's.
func (b *builder) nearbyFile(p string) string {
	entries, err := fs.ReadDir(b.repo.FS, path.Dir(p))
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && path.Ext(e.Name()) != ".md" {
			names = append(names, e.Name())
		}
	}
	return diag.Suggest(path.Base(p), names)
}

// dependencyCycles reports remediation items that depend on themselves,
// directly or through others: no order can schedule them.
func (b *builder) dependencyCycles() {
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[*Remediation]int{}
	var stack []*Remediation
	var visit func(r *Remediation)
	visit = func(r *Remediation) {
		state[r] = visiting
		stack = append(stack, r)
		for _, dep := range r.Dependencies {
			switch state[dep] {
			case unvisited:
				visit(dep)
			case visiting:
				i := slices.Index(stack, dep)
				cycle := ids(stack[i:], func(r *Remediation) string { return r.ID })
				b.diags.Errorf(r.Key("depends_on"), "dependency-cycle", "remediation items depend on each other in a circle: %s → %s", strings.Join(cycle, " → "), dep.ID).
					WithHint("remove one of these depends_on entries")
			}
		}
		stack = stack[:len(stack)-1]
		state[r] = done
	}
	for _, r := range b.m.Remediations {
		if state[r] == unvisited {
			visit(r)
		}
	}
}

// coverage reports controls no policy governs and in-scope criteria no
// control addresses: the first gaps an auditor asks about.
func (b *builder) coverage() {
	for _, c := range b.m.Controls {
		if len(c.Policies) > 0 || slices.ContainsFunc(c.Procedures, func(p *Procedure) bool { return p.PolicyRef != nil }) {
			continue
		}
		b.diags.Warnf(c.Key("id"), "control-without-policy", "control %s is not covered by any policy", c.ID).
			WithHint("list %s under `controls:` in the policy that governs it", c.ID)
	}
	if b.repo.Config == nil {
		return // without assure.yaml the scope is unknown, and that one error says it
	}
	for _, cat := range b.m.Scope {
		pos := b.categoryPos(cat.ID)
		for _, cr := range cat.Criteria() {
			if l := b.m.byCriterion[cr.ID]; l == nil || len(l.Controls) == 0 {
				b.diags.Warnf(pos, "criterion-without-control", "in-scope criterion %s (%s) has no control", cr.ID, cr.Title).
					WithHint("map a control to %s with `criteria: [%s]`, or track the gap in remediation/", cr.ID, cr.ID)
			}
		}
	}
}

// categoryPos is where assure.yaml brings a category into scope.
func (b *builder) categoryPos(id string) diag.Pos {
	cfg := b.m.Config
	for _, r := range cfg.Categories {
		if r.ID == id {
			return r.Pos
		}
	}
	return cfg.Key("categories")
}
