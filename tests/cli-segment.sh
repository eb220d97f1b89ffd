#!/bin/sh
# cli-segment.sh: bagu segment on the samples in every format.
. "${top_srcdir:-.}/tests/setup"
cd "$top_srcdir"

run 0 "$BAGU" segment samples/
lines "$tmp/err" 0
# 4 single documents and the 11 articles of the compilation.
n_docs=$(grep -c '^samples/' "$tmp/out")
[ "$n_docs" -eq 15 ] || fail "expected 15 documents, got $n_docs"
contains "$tmp/out" "samples/004_28473338c6d0f06c.txt#11"
contains "$tmp/out" "site-advert"
contains "$tmp/out" "paid-marker"
contains "$tmp/out" "page-number"
contains "$tmp/out" "compilation-heading"

run 0 "$BAGU" segment --format xml samples/
cp "$tmp/out" "$tmp/segment.xml"
valid "$tmp/segment.xml"
contains "$tmp/segment.xml" 'command="segment"'
contains "$tmp/segment.xml" 'article="11"'
contains "$tmp/segment.xml" 'rule="site-share"'

run 0 "$BAGU" segment --format json samples/
jq -e '.documents | length == 15' "$tmp/out" >/dev/null || fail "JSON: not 15 documents"
jq -e '[.documents[] | select(.article == 2)] | length == 1' "$tmp/out" >/dev/null \
  || fail "JSON: no article 2"
jq -e '.documents[0].paragraphs[0].text == "2023年意识形态工作总结"' "$tmp/out" >/dev/null \
  || fail "JSON: wrong first paragraph"
n_checks=$((n_checks + 3))

# The same file written with -o, atomically: no temporary file left behind.
run 0 "$BAGU" segment --format xml -o "$tmp/o.xml" samples/
cmp -s "$tmp/o.xml" "$tmp/segment.xml" || fail "-o output differs from stdout"
[ -z "$(find "$tmp" -name '.o.xml.*')" ] || fail "temporary file left behind"

# Paths from standard input, in another order: the same output.
ls samples/*.txt | sort -r >"$tmp/list"
run 0 sh -c '"$0" segment --format xml - <"$1"' "$BAGU" "$tmp/list"
cmp -s "$tmp/out" "$tmp/segment.xml" || fail "order of paths changed the output"

# Forcing the paragraph convention.
run 0 "$BAGU" segment --paragraphs blocks --format xml samples/002_eef47a82924a2744.txt
contains "$tmp/out" 'paragraph-mode="blocks"'
n_p=$(grep -c '<p ' "$tmp/out")
[ "$n_p" -eq 1 ] || fail "blocks mode: expected one block, got $n_p"

# Hard-wrapped English text is detected as blocks.
cat >"$tmp/wrapped.txt" <<'TXT'
The committee reviewed the annual reports of all units in the district and
found that most of them repeated the same phrases about responsibility and
supervision, while only a few described concrete work done during the year.

Each unit is asked to describe in its next report the meetings it held, the
training it organised and the problems it found, with numbers and dates, so
that the reviewers can tell what really happened in the course of the year.

Reports that copy whole paragraphs from material libraries will be returned
to the units that sent them, together with a note on what must be changed.
TXT
run 0 "$BAGU" segment --format xml "$tmp/wrapped.txt"
contains "$tmp/out" 'paragraph-mode="blocks"'
n_p=$(grep -c '<p ' "$tmp/out")
[ "$n_p" -eq 3 ] || fail "wrapped text: expected 3 paragraphs, got $n_p"

done_testing
