#!/bin/sh
# report.sh: bagu report and analyze --html, and the page as headless
# Chromium renders it.
. "${top_srcdir:-.}/tests/setup"
cd "$top_srcdir"

run 0 "$BAGU" analyze samples/ -o "$tmp/a.xml" --html "$tmp/a.html"
run 0 "$BAGU" report "$tmp/a.xml" -o "$tmp/r.html"
cmp -s "$tmp/a.html" "$tmp/r.html" || fail "analyze --html and report differ"
n_checks=$((n_checks + 1))
# One self-contained page: no script, nothing fetched.
contains "$tmp/r.html" '<svg'
contains "$tmp/r.html" '<style>'
lacks "$tmp/r.html" '<script'
lacks "$tmp/r.html" 'src="http'
lacks "$tmp/r.html" 'href="http'
lacks "$tmp/r.html" '<link'

# Not an analysis, not bagu's XML, not XML, nothing: one line each.
run 3 "$BAGU" report tests/golden/segment-samples.xml
contains "$tmp/err" "not the output of bagu analyze"
printf '<html/>' >"$tmp/other.xml"
run 3 "$BAGU" report "$tmp/other.xml"
contains "$tmp/err" "other.xml"
lines "$tmp/err" 1
printf '<bagu' >"$tmp/broken.xml"
run 3 "$BAGU" report "$tmp/broken.xml"
contains "$tmp/err" "broken.xml:1:"
run 3 "$BAGU" report "$tmp/missing.xml"
contains "$tmp/err" "missing.xml"
run 2 "$BAGU" report
contains "$tmp/err" "give one analysis XML file"
# A failed report leaves an existing output alone.
printf 'keep me\n' >"$tmp/keep.html"
run 3 "$BAGU" report "$tmp/broken.xml" -o "$tmp/keep.html"
contains "$tmp/keep.html" "keep me"

# The page as a browser builds it.
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/install-deps installs it)" >&2
  exit 77
fi
HOME="$tmp" timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
  --user-data-dir="$tmp/chromium" --dump-dom "file://$tmp/r.html" >"$tmp/dom.html" 2>"$tmp/chromium.err" \
  || { cat "$tmp/chromium.err" >&2; fail "chromium could not render the report"; }
n_checks=$((n_checks + 1))
[ "$(grep -o '<article class="doc"' "$tmp/dom.html" | wc -l)" -eq 15 ] || fail "not 15 documents in the page"
n_checks=$((n_checks + 1))
contains "$tmp/dom.html" '<svg'
contains "$tmp/dom.html" 'class="reuse"'
contains "$tmp/dom.html" 'class="stock"'
contains "$tmp/dom.html" 'class="para template"'
contains "$tmp/dom.html" 'class="para specific"'
contains "$tmp/dom.html" 'Near-duplicates'
contains "$tmp/dom.html" '2023第四季度意识形态工作总结'

done_testing
