# Sourced by callgrind.sh and callgrind-batch.sh.
#
# valgrind 3.19 cannot read the DWARF 5 debug information Swift writes, so a copy of a
# binary without debug sections is profiled (function names stay in the symbol table).

# stripped_copy BINARY DIR: copies BINARY into DIR without its debug sections; prints the path.
stripped_copy() {
  local copy="$2/$(basename "$1")"
  cp "$1" "$copy"
  strip --strip-debug "$copy"
  echo "$copy"
}

# instructions COMMAND...: runs COMMAND under callgrind and prints the instructions it ran.
instructions() {
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" 2>&1 >/dev/null \
    | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p; s/.*refs: *\([0-9,]*\).*/\1/p' | tr -d , | tail -1
  rm -f "$out"
}
