#!/bin/sh
# valgrind.sh: memcheck over the main commands on the samples: no errors, no
# definite leaks.  Skipped without valgrind and in sanitizer builds (the two
# do not mix).
. "${top_srcdir:-.}/tests/setup"

if ! command -v valgrind >/dev/null 2>&1; then
  echo "SKIP: valgrind is not installed" >&2
  exit 77
fi
if grep -q __asan_init "$BAGU" 2>/dev/null || grep -q __ubsan_handle "$BAGU" 2>/dev/null \
   || grep -q __tsan_init "$BAGU" 2>/dev/null; then
  echo "SKIP: $BAGU is built with sanitizers" >&2
  exit 77
fi

G_SLICE=always-malloc
G_DEBUG=gc-friendly
export G_SLICE G_DEBUG
memcheck() {
  run 0 valgrind --quiet --error-exitcode=99 --suppressions="$top_srcdir/tests/valgrind.supp" --leak-check=full \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite "$@"
}
memcheck "$BAGU" analyze -o "$tmp/a.xml" --html "$tmp/a.html" "$top_srcdir/samples"
memcheck "$BAGU" phrases --format json -o "$tmp/p.json" "$top_srcdir/samples"
memcheck "$BAGU" align --duplicates "$tmp/d.json" -o "$tmp/a.jsonl" "$top_srcdir/samples"
memcheck "$BAGU" report -o "$tmp/r.html" "$tmp/a.xml"
# The paths of failure too: skipped inputs and an output that cannot be written.
printf '\177ELF\002' >"$tmp/program.txt"
run 4 valgrind --quiet --error-exitcode=99 --suppressions="$top_srcdir/tests/valgrind.supp" \
  --leak-check=full --errors-for-leak-kinds=definite \
  "$BAGU" segment -o "$tmp" "$top_srcdir/samples/000_cde10974dd315319.txt" "$tmp/program.txt"

done_testing
