#!/usr/bin/env bash
# Instructions per render, counted by valgrind's callgrind: each operation runs N1 and N2
# times in one process each; (I(N2) - I(N1)) / (N2 - N1) is the cost of one more run,
# without process start, template loading and warm-up.
#
#   Scripts/callgrind.sh [OPERATION...]      (default: every engine and avv stage)
#
# Run from Benchmarks/ after `swift build -c release`.
set -euo pipefail
cd "$(dirname "$0")/.."
. Scripts/callgrind-common.sh
N1=${N1:-2}
N2=${N2:-12}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
bench=$(stripped_copy .build/release/avv-bench "$bin")
ops=("$@")
[ ${#ops[@]} -gt 0 ] || ops=(avv mustache stencil general data validate render check html text pipeline documents generate manifest)
count() { instructions "$bench" --only "$1" --runs "$2"; }
printf '| operation | instructions per run |\n| --- | ---: |\n'
for op in "${ops[@]}"; do
  a=$(count "$op" "$N1")
  b=$(count "$op" "$N2")
  per=$(( (b - a) / (N2 - N1) ))
  printf '| %s | %s (%.2f M) |\n' "$op" "$per" "$(echo "$per / 1000000" | bc -l)"
done
