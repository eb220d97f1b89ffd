#!/bin/sh
# bench-tools.sh: the command lines of the corpus generator and the evaluator.
. "${top_srcdir:-.}/tests/setup"

gen="$top_builddir/bench/bagu-gen"
evaluate="$top_builddir/bench/bagu-eval"
data="$top_srcdir/tests/data/bench"

run 0 "$gen" --help
contains "$tmp/out" "--register"
contains "$tmp/out" "--edit-rate"
run 0 "$evaluate" --help
contains "$tmp/out" "--phrases"
contains "$tmp/out" "--passages"

run 2 "$gen" --register medium "$tmp/x"
contains "$tmp/err" "--register must be easy or hard"
run 2 "$gen" --edit-rate 0.9 "$tmp/x"
contains "$tmp/err" "--edit-rate"
run 2 "$gen"
contains "$tmp/err" "Try 'bagu-gen --help'"
run 2 "$evaluate" --phrases x.json
contains "$tmp/err" "--truth is required"

# The easy register says what is missing when the manual pages are.
run 1 "$gen" --docs 10 --manpages "$tmp/no-such-dir" "$tmp/easy"
contains "$tmp/err" "manpages-zh"
contains "$tmp/err" "--register hard"

# Manual pages are read plain or gzip'd, to the same sentences and corpus.
mkdir -p "$tmp/man/man1"
gzip -c "$data/man/man1/demo.1" >"$tmp/man/man1/demo.1.gz"
run 0 "$gen" --docs 5 --manpages "$data/man" "$tmp/plain"
contains "$tmp/err" "12 manual-page sentences"
run 0 "$gen" --docs 5 --manpages "$tmp/man" "$tmp/gzipped"
contains "$tmp/err" "12 manual-page sentences"
n_checks=$((n_checks + 1))
diff -r "$tmp/plain" "$tmp/gzipped" >/dev/null || fail "gzip'd manual pages gave another corpus"

# Same seed, same corpus; another seed, another corpus.
run 0 "$gen" --quiet --docs 20 --seed 5 --register hard "$tmp/a"
run 0 "$gen" --quiet --docs 20 --seed 5 --register hard --truth "$tmp/b.tsv" "$tmp/b"
run 0 "$gen" --quiet --docs 20 --seed 6 --register hard "$tmp/c"
lines "$tmp/out" 0
n_checks=$((n_checks + 3))
[ "$(ls "$tmp/a" | wc -l)" -eq 20 ] || fail "$tmp/a does not hold 20 documents"
diff -r "$tmp/a" "$tmp/b" >/dev/null || fail "the same seed gave different corpora"
cmp -s "$tmp/a.truth.tsv" "$tmp/b.tsv" || fail "the same seed gave different truths"
if cmp -s "$tmp/a.truth.tsv" "$tmp/c.truth.tsv"; then fail "another seed gave the same truth"; fi
contains "$tmp/a.truth.tsv" "doc	paragraph	start	end	kind	template	edits"

# An existing corpus is not overwritten.
run 1 "$gen" --quiet --docs 20 --register hard "$tmp/a"
contains "$tmp/err" "not empty"

# The hand-made corpus, with figures worked out by hand (its README).
cp -R "$data/eval" "$tmp/eval"
cd "$tmp"
run 0 "$evaluate" --truth eval/corpus.truth.tsv --phrases eval/phrases.json --baseline-n 6 --format tsv
contains "$tmp/out" "corpus	documents	3"
contains "$tmp/out" "corpus	template_sentences	4"
contains "$tmp/out" "corpus	paragraph_labels	template=1 mixed=2 specific=2"
contains "$tmp/out" "bagu	sentence_precision	0.600000"
contains "$tmp/out" "bagu	sentence_recall	0.750000"
contains "$tmp/out" "bagu	sentence_f1	0.666667"
contains "$tmp/out" "bagu	paragraph_accuracy	0.800000"
contains "$tmp/out" "bagu	paragraph_mae	0.233333"
lacks "$tmp/out" "bagu	passage"
contains "$tmp/out" "baseline	n	6"
contains "$tmp/out" "baseline	sentence_f1	1.000000"
contains "$tmp/out" "baseline	passage_plagdet	1.000000"
contains "$tmp/err" "1 spans, passages or documents"

run 0 "$evaluate" --truth eval/corpus.truth.tsv --passages eval/passages.jsonl --format tsv --tsv "$tmp/copy.tsv"
contains "$tmp/out" "bagu	passage_precision	0.750000"
contains "$tmp/out" "bagu	passage_recall	1.000000"
contains "$tmp/out" "bagu	passage_granularity	1.500000"
contains "$tmp/out" "bagu	passage_plagdet	0.648404"
contains "$tmp/out" "baseline-8	sentence_f1	0.666667"
contains "$tmp/out" "baseline-12	sentence_f1	0.000000"
n_checks=$((n_checks + 1))
cmp -s "$tmp/out" "$tmp/copy.tsv" || fail "--tsv wrote something else than --format tsv"

run 0 "$evaluate" --truth eval/corpus.truth.tsv --xml eval/analyze.xml --format tsv
contains "$tmp/out" "bagu	paragraph_accuracy	0.600000"
contains "$tmp/out" "bagu	paragraph_mae	0.260000"
lacks "$tmp/out" "bagu	sentence_f1"

# Without bagu's output, bagu's column says so and the baseline is there.
run 0 "$evaluate" --truth eval/corpus.truth.tsv
contains "$tmp/out" "| sentence F1 (template) | not available yet | 1.000 |"
contains "$tmp/out" "| passage plagdet | not available yet |"
contains "$tmp/out" "Baseline sentence F1 by n-gram length: n = 6: 1.000, n = 8: 0.667, n = 12: 0.000"

printf '{"phrases": [\n  {"occurrences": [{"doc": "a.txt", "start": 0,}]}]}\n' >"$tmp/broken.json"
run 1 "$evaluate" --truth eval/corpus.truth.tsv --phrases "$tmp/broken.json"
contains "$tmp/err" "broken.json:2:"

# A generated corpus scores end to end; its truth is read whole.
run 0 "$evaluate" --truth "$tmp/a.truth.tsv" --format tsv
contains "$tmp/out" "corpus	documents	20"
contains "$tmp/out" "baseline	sentence_f1"

done_testing
