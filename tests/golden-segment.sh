#!/bin/sh
# golden-segment.sh: `bagu segment --format xml` on the samples must give
# exactly tests/golden/segment-samples.xml (and the text listing exactly
# segment-samples.txt).  After a reviewed change of the output, regenerate
# them with tests/regenerate-golden.
. "${top_srcdir:-.}/tests/setup"
cd "$top_srcdir"

for format in xml text; do
  case $format in xml) ext=xml ;; text) ext=txt ;; esac
  golden="tests/golden/segment-samples.$ext"
  run 0 "$BAGU" segment --format "$format" samples/
  n_checks=$((n_checks + 1))
  if ! cmp -s "$tmp/out" "$golden"; then
    diff -u "$golden" "$tmp/out" | head -n 40 >&2
    fail "output differs from $golden (see tests/regenerate-golden)"
  fi
done
valid tests/golden/segment-samples.xml

done_testing
