#!/usr/bin/env bash
# Instructions per render, counted by valgrind's callgrind: each operation runs N1 and N2
# times in one process each; (I(N2) - I(N1)) / (N2 - N1) is the cost of one more run,
# without process start, template loading and warm-up.
#
#   Scripts/callgrind.sh [OPERATION...]      (default: every engine and avv stage)
#
# valgrind 3.19 cannot read the DWARF 5 debug information Swift writes, so a copy of the
# binary without debug sections is profiled (function names stay in the symbol table).
# Run from Benchmarks/ after `swift build -c release`.
set -euo pipefail
cd "$(dirname "$0")/.."
N1=${N1:-2}
N2=${N2:-12}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cp .build/release/avv-bench "$bin/avv-bench"
strip --strip-debug "$bin/avv-bench"
ops=("$@")
[ ${#ops[@]} -gt 0 ] || ops=(avv mustache stencil general data render check html text pipeline generate)
count() {
  valgrind --tool=callgrind --callgrind-out-file="$bin/out" "$bin/avv-bench" --only "$1" --runs "$2" \
    2>&1 >/dev/null | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p; s/.*refs: *\([0-9,]*\).*/\1/p' | tr -d , | tail -1
}
printf '| operation | instructions per run |\n| --- | ---: |\n'
for op in "${ops[@]}"; do
  a=$(count "$op" "$N1")
  b=$(count "$op" "$N2")
  per=$(( (b - a) / (N2 - N1) ))
  printf '| %s | %s (%.2f M) |\n' "$op" "$per" "$(echo "$per / 1000000" | bc -l)"
done
