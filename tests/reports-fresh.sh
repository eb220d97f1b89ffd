#!/bin/sh
# reports-fresh.sh: the committed sample report (reports/sample.xml and
# reports/sample.html) is what this bagu makes of samples/; `make reports`
# writes them again.
. "${top_srcdir:-.}/tests/setup"
cd "$top_srcdir"

run 0 "$BAGU" analyze samples/ -o "$tmp/sample.xml" --html "$tmp/sample.html"
for f in sample.xml sample.html; do
  cmp -s "$tmp/$f" "reports/$f" || fail "reports/$f is stale: run make reports"
  n_checks=$((n_checks + 1))
done
valid reports/sample.xml

done_testing
