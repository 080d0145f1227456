// Package comply is `assure import comply`: it converts a project of
// strongdm/comply, the unmaintained git-native SOC 2 tool, into assure's
// layout, and says what it converted, invented and dropped.
//
// The format, as comply reads it (internal/model, internal/path and
// internal/render of github.com/strongdm/comply, and its comply-soc2 theme):
//
//   - comply.yml at the project's root: `name` (the organization; the
//     templates' `{{.Name}}`), `filePrefix`, `approvedBranch`, `tickets`
//     (ticket system settings, with tokens).
//   - policies/*.md, narratives/*.md and procedures/*.md, only those directly
//     in the folder and not named README*: YAML first, with no opening
//     `---`, then a line `---`, then the Markdown body. Policies and
//     narratives take `name`, `acronym`, `live` (bool),
//     `satisfies: {TSC: [CC6.1, …]}` and `majorRevisions: [{date, comment}]`
//     with free-text dates ("Jun 1 2018"); procedures take `id`, `name`,
//     `cron`, and the same `satisfies`, `majorRevisions` and `live`.
//   - cron is read by robfig/cron v1's Parse: six fields, seconds first
//     (second minute hour day-of-month month day-of-week), the sixth
//     optional, or a descriptor (@daily, @every 1h…). "0 0 1 * * *" is
//     every day at 01:00.
//   - A body is a Go text/template executed with the organization as
//     `.Name` and `.Project.OrganizationName`, and "<name> Compliance
//     Program" as `.Project.Name`.
//   - standards/*.yml: comply's copy of a framework, `name: TSC` then one
//     key per criterion (CC1.1: {family, name, description}).
//
// Convert is pure: it reads the project from an fs.FS and returns the files
// to write and the report. Write puts them in place, in a new repository or,
// when the project is already in the target's repository, as a commit of
// renames followed by a commit of the new text, so git and assure follow each
// document's history across the move.
package comply
