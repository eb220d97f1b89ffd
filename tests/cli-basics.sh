#!/bin/sh
# cli-basics.sh: help, version, usage errors and exit codes of bagu.
. "${top_srcdir:-.}/tests/setup"

run 0 "$BAGU" --help
contains "$tmp/out" "Usage:"
contains "$tmp/out" "analyze"
contains "$tmp/out" "segment"
contains "$tmp/out" "4 output could not be written"

run 0 "$BAGU" help
contains "$tmp/out" "Commands:"

run 0 "$BAGU" version
contains "$tmp/out" "bagu "
run 0 "$BAGU" --version
contains "$tmp/out" "bagu "

for cmd in analyze segment phrases version; do
  run 0 "$BAGU" "$cmd" --help
  contains "$tmp/out" "Usage:"
  run 0 "$BAGU" help "$cmd"
  contains "$tmp/out" "Usage:"
done
run 0 "$BAGU" segment --help
contains "$tmp/out" "--format"
contains "$tmp/out" "--noise-rules"
contains "$tmp/out" "--paragraphs"
contains "$tmp/out" "--strict"

# No command at all: the overview on stderr, a usage error.
run 2 "$BAGU"
contains "$tmp/err" "Commands:"

run 2 "$BAGU" frobnicate
contains "$tmp/err" "bagu: unknown command 'frobnicate'"
contains "$tmp/err" "Try 'bagu --help'"

run 2 "$BAGU" segment --no-such-option
contains "$tmp/err" "Try 'bagu segment --help'"

run 2 "$BAGU" segment --format yaml "$top_srcdir/samples"
contains "$tmp/err" "--format must be text, xml or json"

run 2 "$BAGU" segment --paragraphs sentences "$top_srcdir/samples"
contains "$tmp/err" "--paragraphs must be auto, lines or blocks"

run 2 "$BAGU" segment --max-file-size lots "$top_srcdir/samples"
contains "$tmp/err" "--max-file-size"

# Every subcommand has its help, and none is a placeholder.
for cmd in analyze phrases align report segment; do
  run 0 "$BAGU" "$cmd" --help
  contains "$tmp/out" "Usage:"
  lacks "$tmp/out" "not available"
done
run 0 "$BAGU" help
lacks "$tmp/out" "not available"

done_testing
