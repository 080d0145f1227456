#!/usr/bin/env bash
# Measures `assure check` on a generated repo: wall time and peak memory.
# Usage: bench/check.sh [DOCUMENTS]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/assure" ./cmd/assure
go run ./bench/genrepo -n "$n" -o "$work/repo"
echo "assure check on $n documents ($(find "$work/repo" -type f | wc -l) files):"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %M KB peak RSS" "$work/assure" check "$work/repo" >/dev/null 2>"$work/err" || true
  tail -1 "$work/err"
done
