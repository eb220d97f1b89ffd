#!/bin/sh
# cli-inputs.sh: inputs that cannot be used, noise rule options, --strict.
. "${top_srcdir:-.}/tests/setup"

mkdir "$tmp/in"
cp "$top_srcdir/samples/002_eef47a82924a2744.txt" "$tmp/in/good.txt"
: >"$tmp/in/empty.txt"
printf '\177ELF\002\001\001\000\000\000\000\000' >"$tmp/in/program.txt"
printf '   \n\t\n' >"$tmp/in/blank.txt"

# Each bad input: one line naming it and the reason; the others analysed;
# exit 1.
run 1 "$BAGU" analyze "$tmp/in" "$tmp/missing.txt"
lines "$tmp/err" 4
contains "$tmp/err" "bagu: $tmp/in/empty.txt: empty file"
contains "$tmp/err" "bagu: $tmp/in/blank.txt: contains only white space"
contains "$tmp/err" "bagu: $tmp/in/program.txt: binary file (ELF"
contains "$tmp/err" "bagu: $tmp/missing.txt: no such file or directory"
cp "$tmp/out" "$tmp/partial.xml"
valid "$tmp/partial.xml"
contains "$tmp/partial.xml" "source=\"$tmp/in/good.txt\""

# --strict: any skipped input is fatal, and nothing is written.
run 3 "$BAGU" analyze --strict -o "$tmp/strict.xml" "$tmp/in"
contains "$tmp/err" "--strict"
[ ! -e "$tmp/strict.xml" ] || fail "--strict wrote output"

# Nothing usable at all.
run 3 "$BAGU" analyze "$tmp/in/empty.txt" "$tmp/in/program.txt"
contains "$tmp/err" "nothing to analyse"

# The same file twice is analysed once.
run 1 "$BAGU" segment "$tmp/in/good.txt" "$tmp/in/good.txt"
contains "$tmp/err" "given twice"
n_docs=$(grep -c '^/' "$tmp/out")
[ "$n_docs" -eq 1 ] || fail "a file given twice was analysed $n_docs times"

# A limit on the file size.
printf '坚持同部署、同落实、同检查、同考核。\n' >"$tmp/short.txt"
run 1 "$BAGU" segment --max-file-size 1K "$tmp/in/good.txt" "$tmp/short.txt"
contains "$tmp/err" "bagu: $tmp/in/good.txt: file too large"
contains "$tmp/out" "$tmp/short.txt"

# GB18030 and UTF-16 files are decoded and their encoding recorded.
if command -v iconv >/dev/null 2>&1; then
  iconv -f UTF-8 -t GB18030 "$tmp/in/good.txt" >"$tmp/gb.txt"
  run 0 "$BAGU" segment --format xml "$tmp/gb.txt"
  contains "$tmp/out" 'encoding="GB18030"'
  contains "$tmp/out" "xx镇意识形态工作总结报告"
  { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$tmp/in/good.txt"; } >"$tmp/u16.txt"
  run 0 "$BAGU" segment --format xml "$tmp/u16.txt"
  contains "$tmp/out" 'encoding="UTF-16LE"'
  contains "$tmp/out" "xx镇意识形态工作总结报告"

  # Many files in several encodings, decoded on several threads at once
  # (converters are opened and closed concurrently): the same documents as
  # one thread reading them, and each encoding recorded.
  mkdir "$tmp/enc"
  for f in "$top_srcdir"/samples/*.txt; do
    b=$(basename "$f" .txt)
    for n in 1 2 3; do
      iconv -f UTF-8 -t GB18030 "$f" >"$tmp/enc/$b-$n-gb.txt"
      { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$f"; } >"$tmp/enc/$b-$n-le.txt"
      { printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$f"; } >"$tmp/enc/$b-$n-be.txt"
    done
  done
  n_files=$(ls "$tmp/enc" | wc -l)
  run 0 "$BAGU" segment --format xml --threads 3 "$tmp/enc"
  mv "$tmp/out" "$tmp/enc-3.xml"
  contains "$tmp/enc-3.xml" "<documents files=\"$n_files\""
  n_docs=$(grep -c '<document ' "$tmp/enc-3.xml")
  for e in GB18030 UTF-16LE UTF-16BE; do
    n=$(grep -c "<document .*encoding=\"$e\"" "$tmp/enc-3.xml")
    [ "$n" -eq $((n_docs / 3)) ] || fail "$n documents decoded as $e, expected $((n_docs / 3))"
  done
  run 0 "$BAGU" segment --format xml --threads 1 "$tmp/enc"
  cmp -s "$tmp/out" "$tmp/enc-3.xml" || fail "files decoded on 3 threads differ from 1"
fi

# CRLF line ends give the same paragraphs.
sed 's/$/\r/' "$tmp/in/good.txt" >"$tmp/crlf.txt"
run 0 "$BAGU" segment "$tmp/crlf.txt"
n_crlf=$(grep -c '^  p' "$tmp/out")
run 0 "$BAGU" segment "$tmp/in/good.txt"
n_lf=$(grep -c '^  p' "$tmp/out")
[ "$n_crlf" -eq "$n_lf" ] || fail "CRLF: $n_crlf paragraphs, LF: $n_lf"

# Inputs are never modified.
sum_before=$(cat "$tmp/in/"* | cksum)
run 1 "$BAGU" analyze -o "$tmp/x.xml" "$tmp/in"
sum_after=$(cat "$tmp/in/"* | cksum)
[ "$sum_before" = "$sum_after" ] || fail "an input was modified"

# An output that is one of the inputs, under any name, is refused before
# anything is read or written; the input is left as it was.
mkdir "$tmp/own"
cp "$top_srcdir/samples/000_cde10974dd315319.txt" "$top_srcdir/samples/002_eef47a82924a2744.txt" \
  "$tmp/own/"
own="$tmp/own/000_cde10974dd315319.txt"
ln "$own" "$tmp/hardlink.txt"
sum_before=$(cksum <"$own")
run 2 "$BAGU" analyze "$tmp/own" -o "$own"
contains "$tmp/err" "$own: is an input, and the output $own would replace it"
lines "$tmp/err" 1
run 2 "$BAGU" analyze "$tmp/own" -o "$tmp/own.xml" --json "$tmp/own/./000_cde10974dd315319.txt"
contains "$tmp/err" "would replace it"
run 2 "$BAGU" analyze "$tmp/own" -o "$tmp/own.xml" --html "$tmp/hardlink.txt"
contains "$tmp/err" "the output $tmp/hardlink.txt would replace it"
for cmd in phrases align segment; do
  run 2 "$BAGU" "$cmd" "$tmp/own" -o "$tmp/hardlink.txt"
  contains "$tmp/err" "would replace it"
done
[ "$(cksum <"$own")" = "$sum_before" ] || fail "an input named as the output was modified"
[ ! -e "$tmp/own.xml" ] || fail "a refused run wrote $tmp/own.xml"
# Two outputs to one place: refused, as one would replace the other (or
# both be mixed on standard output).
run 2 "$BAGU" analyze "$tmp/own" -o "$tmp/same.xml" --json "$tmp/./same.xml"
contains "$tmp/err" "-o, --json and --html must go to different places"
run 2 "$BAGU" analyze "$tmp/own" --html -
contains "$tmp/err" "must go to different places"
[ ! -e "$tmp/same.xml" ] || fail "a refused run wrote $tmp/same.xml"
run 2 "$BAGU" align "$tmp/own" -o "$tmp/same.jsonl" --duplicates "$tmp/same.jsonl"
contains "$tmp/err" "-o and --duplicates must go to different places"
run 2 "$BAGU" align "$tmp/own" --duplicates "$tmp/hardlink.txt"
contains "$tmp/err" "would replace it"
# Devices replace nothing: two outputs may go to /dev/null.
run 0 "$BAGU" analyze "$tmp/own" -o /dev/null --json /dev/null
# The other files a command reads: noise rules, align's --pairs.
printf 'span  unit-name  镇党委\n' >"$tmp/own.rules"
run 2 "$BAGU" phrases --noise-rules "$tmp/own.rules" "$tmp/own" -o "$tmp/own.rules"
contains "$tmp/err" "$tmp/own.rules: is an input, and the output $tmp/own.rules would replace it"
contains "$tmp/own.rules" "unit-name"
printf '000_cde10974dd315319.txt\t002_eef47a82924a2744.txt\n' >"$tmp/own.pairs"
run 2 "$BAGU" align --pairs "$tmp/own.pairs" "$tmp/own" -o "$tmp/own.pairs"
contains "$tmp/err" "would replace it"
contains "$tmp/own.pairs" "002_eef47a82924a2744.txt"
# An output that exists and is not an input is replaced as usual.
run 0 "$BAGU" analyze "$tmp/own" -o "$tmp/own.xml"
run 0 "$BAGU" analyze "$tmp/own" -o "$tmp/own.xml"
# report: its one input.
cp "$tmp/own.xml" "$tmp/own-copy.xml"
run 2 "$BAGU" report "$tmp/own-copy.xml" -o "$tmp/own-copy.xml"
contains "$tmp/err" "$tmp/own-copy.xml: is the input, and the output $tmp/own-copy.xml would replace it"
cmp -s "$tmp/own.xml" "$tmp/own-copy.xml" || fail "report replaced its input"
run 0 "$BAGU" report "$tmp/own-copy.xml" -o "$tmp/own.html"

# Noise rules: the defaults, none, and a file of one's own.
cp "$top_srcdir/samples/000_cde10974dd315319.txt" "$tmp/ads.txt"
run 0 "$BAGU" segment "$tmp/ads.txt"
contains "$tmp/out" "site-advert"
run 0 "$BAGU" segment --no-noise-rules "$tmp/ads.txt"
lacks "$tmp/out" "site-advert"
contains "$tmp/out" "【哒哒素材库】"
printf '# my rules\nspan  unit-name  镇党委\n' >"$tmp/my.rules"
run 0 "$BAGU" segment --noise-rules "$tmp/my.rules" "$tmp/in/good.txt"
contains "$tmp/out" "unit-name"
printf 'sentence bad-kind x\n' >"$tmp/bad.rules"
run 2 "$BAGU" segment --noise-rules "$tmp/bad.rules" "$tmp/in/good.txt"
contains "$tmp/err" "$tmp/bad.rules:1: unknown rule kind 'sentence'"
lines "$tmp/err" 1

done_testing
