#!/usr/bin/env bash
# Builds and runs one libFuzzer harness for a given time.
#
#   Scripts/fuzz.sh FuzzTemplate 600     # template parser, compiler, renderer, writers
#   Scripts/fuzz.sh FuzzData 600         # data loader, validator, renderer, writers
#
# The harnesses are products only with AVV_FUZZ=1 (see Package.swift); they build into
# .build-fuzz with libFuzzer and AddressSanitizer, optimised (about twice the executions of a
# debug build; Swift's checks for overflow, bounds and preconditions stay on). The first
# build compiles every dependency with the sanitizers and takes several minutes. The seed corpus is Fuzz/Corpus/<target>
# plus, when present, the shipped Templates/ (templates, examples). New inputs go to
# .build-fuzz/corpus/<target>, crashes to .build-fuzz/artifacts/<target>/ (crash-…, timeout-…).
# Reproduce one:  SWIFT_BACKTRACE=enable=no .build-fuzz/release/<target> <file>
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: Scripts/fuzz.sh FuzzTemplate|FuzzData SECONDS [libFuzzer options…]}
seconds=${2:?usage: Scripts/fuzz.sh FuzzTemplate|FuzzData SECONDS [libFuzzer options…]}
shift 2
case "$target" in
  FuzzTemplate) dict=Fuzz/template.dict ;;
  FuzzData) dict=Fuzz/data.dict ;;
  *) echo "unknown target '$target'; expected FuzzTemplate or FuzzData" >&2; exit 64 ;;
esac

# The recipe that works with SwiftPM (shared/PLATFORM.md): one --sanitize for the driver,
# both sanitizers for the Swift compiler.
AVV_FUZZ=1 swift build -c release --product "$target" --scratch-path .build-fuzz \
  --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address

corpus=.build-fuzz/corpus/$target
seeds=.build-fuzz/seeds/$target
artifacts=.build-fuzz/artifacts/$target
mkdir -p "$corpus" "$artifacts"
rm -rf "$seeds" && mkdir -p "$seeds"
cp Fuzz/Corpus/"$target"/* "$seeds"/
if [ -d Templates ]; then
  if [ "$target" = FuzzTemplate ]; then
    find Templates -name '*.xhtml' -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$seeds" \;
  else
    find Templates/examples -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
      -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$seeds" \; 2>/dev/null || true
  fi
fi

# Swift's backtracer and AddressSanitizer collide; libFuzzer reports crashes itself.
# Leak detection is off: Swift keeps enum tags in the spare bits of pointers, so
# LeakSanitizer cannot follow them and reports long-lived trees (the loaded fixture) as leaks.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} SWIFT_BACKTRACE=enable=no ".build-fuzz/release/$target" "$corpus" "$seeds" \
  -dict="$dict" -max_total_time="$seconds" -timeout=10 -max_len=65536 -rss_limit_mb=2048 -detect_leaks=0 \
  -artifact_prefix="$artifacts/" -print_final_stats=1 "$@"
