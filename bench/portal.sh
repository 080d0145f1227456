#!/usr/bin/env bash
# Builds a generated compliance repo of DOCS documents and COMMITS commits
# with assure (full history, cross-references, readiness) and, on the same
# Markdown, with Hugo and enableGitInfo; reports wall time and peak memory.
# Needs git and Debian's hugo. Usage: [RUNS=N] [OUT=DIR] bench/portal.sh [DOCS] [COMMITS]
# OUT puts both sites on another file system, e.g. /dev/shm to leave the
# disk out of the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
commits=${2:-50000}
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
go build -o "$work/assure" ./cmd/assure
go build -o "$work/churn" ./bench/churn
go run ./bench/genrepo -n "$docs" -o "$work/repo"
cd "$work/repo"
git init -q -b main . && git add -A && GIT_AUTHOR_DATE=2026-11-16T00:00:00Z GIT_COMMITTER_DATE=2026-11-16T00:00:00Z git -c user.name=bench -c user.email=bench@example.com commit -q -m "Import"
"$work/churn" -repo . -from "$(git rev-parse HEAD)" -commits "$commits" | git fast-import --quiet
git reset -q --hard main
echo "repository: $(git ls-files | wc -l) files, $(git rev-list --count HEAD) commits"

# Hugo on the same documents: every content folder mounted, git info on.
mkdir -p "$work/hugo/layouts/_default"
cat > "$work/hugo/hugo.toml" <<TOML
baseURL = "/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
enableGitInfo = true
[module]
$(for d in policies procedures controls evidence vendors remediation; do printf '[[module.mounts]]\nsource = "%s"\ntarget = "content/%s"\n' "$d" "$d"; done)
TOML
echo '<!DOCTYPE html><html><body><h1>{{ .Title }}</h1>{{ .Content }}<p>{{ .Lastmod }} {{ with .GitInfo }}{{ .AbbreviatedHash }} {{ .AuthorName }}{{ end }}</p></body></html>' > "$work/hugo/layouts/_default/single.html"
echo '<!DOCTYPE html><html><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>' > "$work/hugo/layouts/_default/list.html"
# Each timed run starts with the disk quiet: the previous run's writes are
# flushed first (on a small VM, writeback of one site slows the next).
# RUNS=N alternates the two tools N times.
out=${OUT:-$work}
for run in $(seq "${RUNS:-1}"); do
  rm -rf "$out/hugo-out" "$out/assure-out" "$work/cache"
  cp "$work/hugo/hugo.toml" hugo.toml && cp -r "$work/hugo/layouts" layouts
  sync
  /usr/bin/time -f "hugo (enableGitInfo): %e s wall, %M KB peak RSS" hugo --quiet -d "$out/hugo-out" 2>&1 | tail -1
  rm -rf hugo.toml layouts .hugo_build.lock
  sync
  ASSURE_CACHE_DIR="$work/cache" /usr/bin/time -f "assure build (cold): %e s wall, %M KB peak RSS" "$work/assure" build . -o "$out/assure-out" 2>&1 | tail -1
  sync
  ASSURE_CACHE_DIR="$work/cache" /usr/bin/time -f "assure build (history cached at this HEAD): %e s wall, %M KB peak RSS" "$work/assure" build . -o "$out/assure-out" 2>&1 | tail -1
done
[ -z "${OUT:-}" ] || rm -rf "$out/hugo-out" "$out/assure-out"
