#!/usr/bin/env bash
# Measures `assure collect changes` for one quarter of a generated repository
# of COMMITS commits against `git log --first-parent` over the same range, and
# against `git log --first-parent --name-only`, which also lists what each
# change touched, as the population does.
# Usage: bench/collect.sh [COMMITS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/assure" ./cmd/assure
git init -q -b main "$work/product"
go run ./bench/genhistory -files 2000 -commits "$commits" | git -C "$work/product" fast-import --quiet
mkdir -p "$work/compliance/controls"
printf 'organization: Bench Co\naudit: {type: type2, period: {start: 2026-01-01, end: 2026-06-30}}\n' > "$work/compliance/assure.yaml"
printf -- '- {id: SEC-041, title: Reviewed changes, criteria: [CC8.1], type: preventive, owner: Ada, frequency: continuous}\n' > "$work/compliance/controls/c.yaml"
echo "repository: $(git -C "$work/product" rev-list --count main) commits; quarter 2026-Q1"
/usr/bin/time -f "git log --first-parent (Q1): %e s, %M KB peak RSS" \
  git -C "$work/product" log --first-parent --format='%H %an %s' main --since=2026-01-01T00:00:00Z --until=2026-03-31T23:59:59Z > "$work/git.txt"
echo "git lists $(wc -l < "$work/git.txt") changes"
# The population also counts the files each change touched: git's own
# listing of that needs the same tree comparisons.
/usr/bin/time -f "git log --first-parent --name-only --no-renames (Q1): %e s, %M KB peak RSS" \
  git -C "$work/product" log --first-parent --name-only --no-renames --format='%H %an %s' main --since=2026-01-01T00:00:00Z --until=2026-03-31T23:59:59Z > /dev/null
/usr/bin/time -f "assure collect changes (Q1): %e s, %M KB peak RSS" \
  "$work/assure" collect changes --repo "$work/product" --branch main --period 2026-Q1 "$work/compliance" | head -1
