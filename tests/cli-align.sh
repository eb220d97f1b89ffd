#!/bin/sh
# cli-align.sh: bagu align on the samples: formats, near-duplicates, --group, --pairs, errors.
. "${top_srcdir:-.}/tests/setup"
cd "$top_srcdir"

s4=samples/004_28473338c6d0f06c.txt
run 0 "$BAGU" align --duplicates "$tmp/dup.json" samples/
cp "$tmp/out" "$tmp/p.jsonl"
lines "$tmp/err" 0
# One passage a line, with the fields promised, a before b, spans not empty.
jq -e -s 'length > 50' "$tmp/p.jsonl" >/dev/null || fail "too few passages"
jq -e -s '[.[] | (.a | type == "string") and (.b | type == "string") and .a != .b
           and .a_start < .a_end and .b_start < .b_end and .tokens >= .matches
           and .identity >= 0.75 and .identity <= 1] | all' "$tmp/p.jsonl" >/dev/null \
  || fail "a passage without its fields or with impossible values"
# Articles 2 and 11 share most of their text: one long passage, not many.
jq -e -s "[.[] | select(.a == \"$s4#2\" and .b == \"$s4#11\" and .tokens > 3000)] | length == 1" \
  "$tmp/p.jsonl" >/dev/null || fail "articles are not named path#N, or 2 and 11 share no long passage"
n_checks=$((n_checks + 3))
# Articles 2 and 11 of the compilation are near-duplicates, in one cluster.
jq -e "[.clusters[] | select(.documents | index(\"$s4#2\") and index(\"$s4#11\"))] | length == 1" \
  "$tmp/dup.json" >/dev/null || fail "articles 2 and 11 are not clustered"
jq -e "[.pairs[] | select(.a == \"$s4#2\" and .b == \"$s4#11\" and .share_a > 0.8 and .share_b > 0.8)]
       | length == 1" "$tmp/dup.json" >/dev/null || fail "no near-duplicate pair for 2 and 11"
n_checks=$((n_checks + 2))

# The same passages whatever the number of threads.
for n in 1 4; do
  run 0 "$BAGU" align --threads $n samples/
  cmp -s "$tmp/out" "$tmp/p.jsonl" || fail "--threads $n changed the passages"
done

# TSV: a header, then as many rows as JSON lines.
run 0 "$BAGU" align --format tsv samples/
head -n 1 "$tmp/out" >"$tmp/header"
contains "$tmp/header" "a	a_start	a_end	b	b_start	b_end	tokens	matches	identity"
[ $(($(wc -l <"$tmp/out") - 1)) -eq "$(wc -l <"$tmp/p.jsonl")" ] || fail "TSV and JSONL differ in length"
n_checks=$((n_checks + 1))

# Stricter options give fewer passages.
run 0 "$BAGU" align --min-length 40 --min-identity 0.95 samples/
[ "$(wc -l <"$tmp/out")" -lt "$(wc -l <"$tmp/p.jsonl")" ] || fail "stricter options did not filter"
jq -e -s '[.[] | .identity >= 0.95] | all' "$tmp/out" >/dev/null || fail "--min-identity not respected"
n_checks=$((n_checks + 2))

# Reproducible whatever the order of the paths.
run 0 "$BAGU" align "$s4" samples/000_cde10974dd315319.txt samples/001_894489832352a9b2.txt \
  samples/003_ed1b43c7f12bdb89.txt samples/002_eef47a82924a2744.txt
cmp -s "$tmp/out" "$tmp/p.jsonl" || fail "path order changed the passages"
n_checks=$((n_checks + 1))

# --group: the articles of one compilation are one group, never compared.
run 0 "$BAGU" align --group '^[^#]*' samples/
jq -e -s "[.[] | select((.a | startswith(\"$s4\")) and (.b | startswith(\"$s4\")))] | length == 0" \
  "$tmp/out" >/dev/null || fail "--group compared documents of one group"
jq -e -s "[.[] | select(.b | startswith(\"$s4\"))] | length > 0" "$tmp/out" >/dev/null \
  || fail "--group dropped pairs across groups"
n_checks=$((n_checks + 2))

# --pairs: only the pairs listed; a line naming no document is reported and skipped.
printf '# the two near-duplicates\n%s#2\t%s#11\n\nsamples/nonexistent.txt\t%s#2\none name only\n' \
  "$s4" "$s4" "$s4" >"$tmp/pairs"
run 1 "$BAGU" align --pairs "$tmp/pairs" samples/
jq -e -s "length > 0 and ([.[] | .a == \"$s4#2\" and .b == \"$s4#11\"] | all)" "$tmp/out" >/dev/null \
  || fail "--pairs compared pairs not listed"
contains "$tmp/err" "$tmp/pairs:4: no document named 'samples/nonexistent.txt'; line skipped"
contains "$tmp/err" "$tmp/pairs:5: not two document names separated by a tab; line skipped"
# A source path names all its articles.
printf '%s\tsamples/000_cde10974dd315319.txt\n' "$s4" >"$tmp/pairs2"
run 0 "$BAGU" align --pairs "$tmp/pairs2" samples/
jq -e -s "length > 0 and ([.[] | .a == \"samples/000_cde10974dd315319.txt\" and (.b | startswith(\"$s4#\"))] | all)" \
  "$tmp/out" >/dev/null || fail "a source path in --pairs did not name its articles"
n_checks=$((n_checks + 2))
run 3 "$BAGU" align --pairs "$tmp/missing-pairs" samples/
contains "$tmp/err" "missing-pairs"

# Usage errors.
run 2 "$BAGU" align --format xml samples/
contains "$tmp/err" "--format must be jsonl or tsv"
run 2 "$BAGU" align --min-identity 1.5 samples/
contains "$tmp/err" "--min-identity must be between 0 and 1"
run 2 "$BAGU" align --gap 1 samples/
contains "$tmp/err" "--mismatch and --gap"
run 2 "$BAGU" align --group '(' samples/
contains "$tmp/err" "--group"

done_testing
