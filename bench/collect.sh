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
runs=${RUNS:-7}
# Each tool runs $runs times, alternating, so that a busy machine slows
# both alike; assure writes into an emptied evidence folder every time, as
# a first collection does. The medians are what to compare.
since=2026-01-01T00:00:00Z until=2026-03-31T23:59:59Z
for i in $(seq "$runs"); do
  rm -rf "$work/compliance/evidence"
  /usr/bin/time -f "%e %M" -a -o "$work/t.git" \
    git -C "$work/product" log --first-parent --format='%H %an %s' main --since=$since --until=$until > "$work/git.txt"
  /usr/bin/time -f "%e %M" -a -o "$work/t.names" \
    git -C "$work/product" log --first-parent --name-only --no-renames --format='%H %an %s' main --since=$since --until=$until > /dev/null
  /usr/bin/time -f "%e %M" -a -o "$work/t.assure" \
    "$work/assure" collect changes --repo "$work/product" --branch main --period 2026-Q1 "$work/compliance" > "$work/assure.txt" 2> "$work/assure.err"
done
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
report() { # label, file
  echo "$1: $(cut -d' ' -f1 "$2" | median) s median ($(cut -d' ' -f1 "$2" | sort -n | head -1)–$(cut -d' ' -f1 "$2" | sort -n | tail -1)), $(( $(cut -d' ' -f2 "$2" | median) / 1024 )) MB peak RSS"
}
echo "git lists $(wc -l < "$work/git.txt") changes; $(head -1 "$work/assure.txt")"
echo "over $runs alternating runs:"
report "git log --first-parent (Q1)" "$work/t.git"
# The population also counts the files each change touched: git's own
# listing of that needs the same tree comparisons.
report "git log --first-parent --name-only --no-renames (Q1)" "$work/t.names"
report "assure collect changes (Q1)" "$work/t.assure"
awk -v a="$(cut -d' ' -f1 "$work/t.assure" | median)" -v g="$(cut -d' ' -f1 "$work/t.git" | median)" \
  'BEGIN {printf "assure / git log --first-parent: %.2f×\n", a / g}'
