#!/usr/bin/env bash
# Instructions per customer of `avv generate --batch`, counted by valgrind's callgrind: the
# batch runs with N1 and N2 made-up customers (one worker, into a temporary folder);
# (I(N2) - I(N1)) / (N2 - N1) is the cost of one more customer, without process start,
# template loading and the first checks.
#
#   Scripts/callgrind-batch.sh            (N1=20 N2=60 by default)
#
# Run from Benchmarks/ after `swift build -c release` in the repository root (it profiles
# ../.build/release/avv, stripped of its debug sections). Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
. Scripts/callgrind-common.sh
N1=${N1:-20}
N2=${N2:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
avv=$(stripped_copy ../.build/release/avv "$work")
python3 Scripts/make-batch.py "$N2" "$work/all.csv" --base ../Templates/examples/intellekta.yaml "$work/base.json" >/dev/null
head -n $((N1 + 1)) "$work/all.csv" >"$work/first.csv"
count() {
  rm -rf "$work/out"
  instructions "$avv" generate "$work/base.json" --batch "$1" --templates ../Templates --out "$work/out" \
    --date 2026-11-22 --jobs 1
}
a=$(count "$work/first.csv")
b=$(count "$work/all.csv")
per=$(( (b - a) / (N2 - N1) ))
printf 'instructions per customer (both documents, German, HTML + text + manifest, written): %s (%.2f M)\n' \
  "$per" "$(echo "$per / 1000000" | bc -l)"
