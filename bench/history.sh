#!/usr/bin/env bash
# Measures history extraction against git on a generated repository.
# Usage: bench/history.sh [FILES] [COMMITS]   (default 10000 50000)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
commits=${2:-50000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/readhistory" ./bench/readhistory
git init -q -b main "$work/repo"
go run ./bench/genhistory -files "$files" -commits "$commits" | git -C "$work/repo" fast-import --quiet
git -C "$work/repo" checkout -q main
echo "repository: $files files, $(git -C "$work/repo" rev-list --count HEAD) commits, $(du -sh "$work/repo/.git" | cut -f1) in .git"
/usr/bin/time -f "git log --name-only --no-renames: %e s, %M KB peak RSS" git -C "$work/repo" log --name-only --no-renames --format=%H >/dev/null
/usr/bin/time -f "assure history (cold): %e s wall, %M KB peak RSS" "$work/readhistory" "$work/repo"
export ASSURE_CACHE_DIR="$work/cache"
"$work/readhistory" "$work/repo" >/dev/null
/usr/bin/time -f "assure history (cached, same HEAD): %e s wall, %M KB peak RSS" "$work/readhistory" "$work/repo"
