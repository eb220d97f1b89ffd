#!/bin/sh
# cli-phrases.sh: bagu phrases on the samples: formats, options, rankings.
. "${top_srcdir:-.}/tests/setup"
cd "$top_srcdir"

run 0 "$BAGU" phrases samples/
cp "$tmp/out" "$tmp/p.tsv"
lines "$tmp/err" 0
head -n 1 "$tmp/p.tsv" >"$tmp/header"
contains "$tmp/header" "id	df	count	length	boundary	score	text	fills"

# The stock phrases the samples are known for.
df=$(awk -F '\t' '$7 == "纳入党建工作责任制" { print $2 }' "$tmp/p.tsv")
[ -n "$df" ] && [ "$df" -ge 5 ] || fail "纳入党建工作责任制: df '$df', expected at least 5"
contains "$tmp/p.tsv" "	同部署、同落实	"
# Clause-like phrases rank above fragments of them.
rank=$(awk -F '\t' '$7 == "纳入重要议事日程，纳入党建工作责任制" { print NR; exit }' "$tmp/p.tsv")
frag=$(awk -F '\t' '$7 == "纳入重要议事日程，纳入党建工作责任制，纳入" { print NR; exit }' "$tmp/p.tsv")
[ -n "$rank" ] && [ -n "$frag" ] && [ "$rank" -lt "$frag" ] \
  || fail "clause-like phrase at row '$rank', its fragment at '$frag'"
n_checks=$((n_checks + 3))

# --top, --sort, --min-docs, --min-length.
run 0 "$BAGU" phrases --top 5 samples/
lines "$tmp/out" 6
run 0 "$BAGU" phrases --sort df samples/
awk -F '\t' 'NR > 2 && $2 > prev { exit 1 } NR > 1 { prev = $2 }' "$tmp/out" \
  || fail "--sort df is not by decreasing df"
run 0 "$BAGU" phrases --sort length samples/
awk -F '\t' 'NR > 2 && $4 > prev { exit 1 } NR > 1 { prev = $4 }' "$tmp/out" \
  || fail "--sort length is not by decreasing length"
run 0 "$BAGU" phrases --min-docs 4 --min-length 10 samples/
awk -F '\t' 'NR > 1 && ($2 < 4 || $4 < 10) { exit 1 }' "$tmp/out" \
  || fail "--min-docs/--min-length not respected"
[ "$(wc -l <"$tmp/out")" -gt 1 ] || fail "no phrase with --min-docs 4 --min-length 10"
n_checks=$((n_checks + 4))

# JSON and XML carry the same phrases with their occurrences.
run 0 "$BAGU" phrases --format json samples/
jq -e '.command == "phrases" and (.phrases | length) > 100' "$tmp/out" >/dev/null \
  || fail "JSON: wrong command or too few phrases"
jq -e '[.phrases[] | (.occurrences | length) == .count] | all' "$tmp/out" >/dev/null \
  || fail "JSON: occurrence lists do not match counts"
jq -e '[.phrases[] | select(.text == "纳入党建工作责任制") | .occurrences[]
        | select(.doc == "samples/004_28473338c6d0f06c.txt#11")] | length > 0' "$tmp/out" >/dev/null \
  || fail "JSON: articles are not named path#N"
n_checks=$((n_checks + 3))
run 0 "$BAGU" phrases --format xml -o "$tmp/p.xml" samples/
valid "$tmp/p.xml"
contains "$tmp/p.xml" 'command="phrases"'
contains "$tmp/p.xml" '<text>纳入党建工作责任制</text>'

# Reproducible.
run 0 "$BAGU" phrases samples/004_28473338c6d0f06c.txt samples/000_cde10974dd315319.txt \
  samples/001_894489832352a9b2.txt samples/003_ed1b43c7f12bdb89.txt samples/002_eef47a82924a2744.txt
cmp -s "$tmp/out" "$tmp/p.tsv" || fail "path order changed the phrase table"

# Usage errors.
run 2 "$BAGU" phrases --min-docs 1 samples/
contains "$tmp/err" "--min-docs must be at least 2"
run 2 "$BAGU" phrases --format text samples/
run 2 "$BAGU" phrases --sort alpha samples/

# --timings reports every stage.
run 0 "$BAGU" phrases --timings --top 1 samples/
for stage in load index phrases write; do
  contains "$tmp/err" "bagu: time $stage "
done

done_testing
