#!/bin/sh
# cli-hostile.sh: what lands in a reviewer's inbox.  Each bad input gets
# one line naming it and the reason, the rest is analysed, the exit status
# says something was skipped, and the XML stays valid.
. "${top_srcdir:-.}/tests/setup"

in="$tmp/in"
mkdir "$in"
cp "$top_srcdir/samples/002_eef47a82924a2744.txt" "$in/good.txt"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >"$in/image.txt"
printf '坚持同部署\000同落实\n' >"$in/nul.txt"
{ printf '坚持同部署、同落实。\n'; printf '\377\376\375'; printf '纳入党建工作责任制。\n'; } >"$in/badutf8.txt"
printf '坚持同部署、同落实\345\220' >"$in/cut.txt"
printf '\344\270\200\345\233\233' >/dev/null
# UTF-16 without a byte-order mark: 各级党组织要把意识形态工作摆在重要位置。
printf '\104\124\247\176\132\124\304\176\201\211\212\142\017\141\306\213\142\137\001\140\345\135\134\117\106\145\050\127\315\221\201\211\115\117\156\177\002\060\012\000' >"$in/utf16.txt"
{ printf '坚持同部署、同落实。\n'; printf '纳入党建工作责任制。\n' | iconv -t GB18030; } >"$in/mixed.txt"
truncate -s 1G "$in/huge.txt"
ln -s . "$in/loop"
ln -s nowhere.txt "$in/dangling.txt"
printf '坚持\001同部署\033、同落实。\n' >"$in/control.txt"
printf '纳入党建工作责任制。\n' >"$in/$(printf 'bad\377name.txt')"
mkdir -p "$in/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/1/2/3/4/5/6/7/8/9"
printf '坚持同部署、同落实、同检查、同考核。\n' >"$in/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/1/2/3/4/5/6/7/8/9/deep.txt"
if [ "$(id -u)" -ne 0 ]; then
  printf '坚持\n' >"$in/unreadable.txt"
  chmod 000 "$in/unreadable.txt"
fi

run 1 "$BAGU" analyze -o "$tmp/out.xml" "$in" "$in/good.txt"
valid "$tmp/out.xml"
contains "$tmp/err" "bagu: $in/image.txt: binary file (PNG image)"
contains "$tmp/err" "bagu: $in/nul.txt: binary data (NUL bytes)"
contains "$tmp/err" "bagu: $in/badutf8.txt: invalid UTF-8 at line 2"
contains "$tmp/err" "bagu: $in/huge.txt: file too large ("
contains "$tmp/err" "see --max-file-size)"
contains "$tmp/err" "bagu: $in/mixed.txt: not valid UTF-8 and not decodable as GB18030"
contains "$tmp/err" "bagu: $in/loop: directory loop"
contains "$tmp/err" "bagu: $in/dangling.txt: broken symbolic link"
contains "$tmp/err" "bagu: $in/good.txt: given twice"
if [ "$(id -u)" -ne 0 ]; then
  contains "$tmp/err" "bagu: $in/unreadable.txt: "
  chmod 644 "$in/unreadable.txt"
fi
# Every message is one line that names its file.
awk -v dir="$in" 'index($0, "bagu: " dir "/") != 1 { exit 1 }' "$tmp/err" \
  || fail "a message that does not start with the file it is about"
# The usable ones are analysed: the cut character, UTF-16 without a mark,
# the control characters (replaced, with their offsets recorded), the name
# that is not UTF-8, the deep file.
for name in good cut utf16 control deep; do
  contains "$tmp/out.xml" "$name.txt\""
done
contains "$tmp/out.xml" 'encoding="UTF-16LE"'
contains "$tmp/out.xml" 'replaced="2 6"'
grep -q 'source="[^"]*bad.name.txt"' "$tmp/out.xml" || fail "the file with a non-UTF-8 name is missing"
n_checks=$((n_checks + 2))

# A 100 MB line: read, one paragraph, no trouble.
awk 'BEGIN { s = "坚持同部署同落实同检查同考核"; for (i = 0; i < 2500000; i++) printf "%s", s; print "" }' \
  >"$tmp/long.txt"
run 0 "$BAGU" segment --max-file-size 200M "$tmp/long.txt"
contains "$tmp/out" "1 paragraph"
rm -f "$tmp/long.txt"
# A document of 17.5 M characters is written straight out, not in parts:
# the XML is whole and its paragraph as long as the text.
mkdir "$tmp/big"
awk 'BEGIN { s = "坚持同部署同落实同检查同考核"; for (i = 0; i < 1250000; i++) printf "%s", s; print "" }' \
  >"$tmp/big/long.txt"
printf '坚持同部署同落实同检查同考核。\n' >"$tmp/big/short.txt"
run 0 "$BAGU" analyze -o "$tmp/big.xml" "$tmp/big"
# Its text node is more than xmllint takes without --huge.
"$XMLLINT" --huge --noout --relaxng "$top_srcdir/templates/bagu.rng" "$tmp/big.xml" 2>"$tmp/xmllint" \
  || { cat "$tmp/xmllint" >&2; fail "$tmp/big.xml is not valid against bagu.rng"; }
grep -q '<p id="d1p1" start="0" end="17500000"' "$tmp/big.xml" \
  || fail "the long document's paragraph is not whole"
grep -q '<document id="d2"' "$tmp/big.xml" || fail "the short document is missing"
rm -rf "$tmp/big" "$tmp/big.xml"
n_checks=$((n_checks + 3))

# 10,000 small files.
mkdir "$tmp/many"
awk -v dir="$tmp/many" 'BEGIN { for (i = 0; i < 10000; i++) {
  f = sprintf("%s/%05d.txt", dir, i); printf "第%d号：坚持同部署、同落实、同检查、同考核。\n", i > f; close(f) } }'
run 0 "$BAGU" phrases --top 3 "$tmp/many"
contains "$tmp/out" "坚持同部署、同落实、同检查、同考核"
run 5 "$BAGU" segment --max-documents 5000 "$tmp/many"
contains "$tmp/err" "more than 5000 documents"

# Outputs: a directory, a full disk; an existing file is left untouched when
# the run fails.
printf 'keep me\n' >"$tmp/existing.xml"
run 3 "$BAGU" analyze -o "$tmp/existing.xml" "$in/image.txt"
contains "$tmp/existing.xml" "keep me"
run 4 "$BAGU" analyze -o "$tmp" "$in/good.txt"
contains "$tmp/err" "is a directory"
if [ -w /dev/full ]; then
  run 4 "$BAGU" align --duplicates /dev/full "$in/good.txt" "$top_srcdir/samples"
  contains "$tmp/err" "/dev/full"
fi
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/ro"
  chmod 555 "$tmp/ro"
  run 4 "$BAGU" analyze -o "$tmp/ro/out.xml" "$in/good.txt"
  lines "$tmp/err" 1
  chmod 755 "$tmp/ro"
fi
# Inputs are never changed.
cmp -s "$in/good.txt" "$top_srcdir/samples/002_eef47a82924a2744.txt" || fail "an input was modified"
n_checks=$((n_checks + 1))

done_testing
