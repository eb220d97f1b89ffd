#!/bin/sh
# cli-analyze.sh: bagu analyze output, atomic writes and write errors.
. "${top_srcdir:-.}/tests/setup"
cd "$top_srcdir"

# Prints the string value of XPath $2 for each node XPath $1 selects in
# the XML file $3, one a line.
xpath_lines () {
  cat >"$tmp/lines.xsl" <<XSL
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:for-each select="$1">
      <xsl:value-of select="$2"/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
XSL
  xsltproc "$tmp/lines.xsl" "$3"
}

run 0 "$BAGU" analyze samples/
cp "$tmp/out" "$tmp/a.xml"
valid "$tmp/a.xml"
contains "$tmp/a.xml" 'command="analyze"'
contains "$tmp/a.xml" '<option name="paragraphs" value="auto"/>'
contains "$tmp/a.xml" 'encoding="UTF-8"'
lines "$tmp/err" 0
# Scores: every paragraph has one and a label; the near-duplicate articles
# 2 and 11 of the compilation are mostly template, and labels follow the
# thresholds recorded in the options.
contains "$tmp/a.xml" '<option name="template-min" value="0.700"/>'
if command -v xsltproc >/dev/null 2>&1; then
  cat >"$tmp/scores.xsl" <<'XSL'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:value-of select="count(//p[not(@score) or not(@label)])"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="count(//p[(@score &gt;= 0.7 and @label != 'template')
                                    or (@score &lt; 0.3 and @label != 'specific')])"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="//document[@name = 'samples/004_28473338c6d0f06c.txt#11']/@template-ratio"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="count(//p[@label = 'template'])"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
XSL
  xsltproc "$tmp/scores.xsl" "$tmp/a.xml" >"$tmp/scores"
  read -r unscored mislabelled ratio n_template <"$tmp/scores"
  [ "$unscored" -eq 0 ] || fail "$unscored paragraphs without a score or label"
  [ "$mislabelled" -eq 0 ] || fail "$mislabelled paragraphs labelled against their score"
  awk -v r="$ratio" 'BEGIN { exit !(r > 0.7) }' || fail "article 11 template ratio $ratio"
  [ "$n_template" -gt 20 ] || fail "only $n_template template paragraphs"
  n_checks=$((n_checks + 4))
fi
# At a terminal, a summary on stderr; the XML on stdout is the same.
if script -qec "true" /dev/null >/dev/null 2>&1; then
  script -qec "\"$BAGU\" analyze samples/ >\"$tmp/tty.xml\"" /dev/null >"$tmp/tty" 2>&1 \
    || fail "bagu analyze failed at a terminal"
  contains "$tmp/tty" "template ratio"
  contains "$tmp/tty" "纳入党建工作责任制"
  contains "$tmp/tty" "group 1: samples/004_28473338c6d0f06c.txt#2"
  cmp -s "$tmp/tty.xml" "$tmp/a.xml" || fail "the XML differs at a terminal"
  n_checks=$((n_checks + 1))
fi
run 2 "$BAGU" analyze --template-min 0.2 --specific-max 0.5 samples/
contains "$tmp/err" "--specific-max <= --template-min"

# Every paragraph's string value is exactly as long as its offsets say.
if command -v xsltproc >/dev/null 2>&1; then
  xpath_lines '//p[string-length(.) != @end - @start]' '@id' "$tmp/a.xml" >"$tmp/bad-p"
  lines "$tmp/bad-p" 0
fi

# -o writes the same bytes; --json writes the model as JSON too.
run 0 "$BAGU" analyze -o "$tmp/o.xml" --json "$tmp/o.json" samples/
cmp -s "$tmp/o.xml" "$tmp/a.xml" || fail "-o output differs from stdout"
jq -e '.command == "analyze" and (.documents | length) == 15' "$tmp/o.json" >/dev/null \
  || fail "--json output is wrong"
# The same model: scores, labels, evidence inside its paragraph, phrases cited.
jq -e '[.documents[].paragraphs[] | (.score >= 0 and .score <= 1) and (.label | type == "string")
        and ([.evidence[] | .start >= 0 and .end > .start] | all)] | all' "$tmp/o.json" >/dev/null \
  || fail "--json: a paragraph without a score or with an impossible span"
jq -e '([.documents[].paragraphs[].evidence[] | select(.kind == "stock") | .phrase] | unique)
       == ([.phrases[].id] | sort)' "$tmp/o.json" >/dev/null \
  || fail "--json: the phrase table is not the phrases the paragraphs cite"
jq -e '[.documents[] | select(.name == "samples/004_28473338c6d0f06c.txt#2") | .cluster > 0] | all' \
  "$tmp/o.json" >/dev/null || fail "--json: no near-duplicate cluster"
n_checks=$((n_checks + 3))
# The JSON's phrase table is the XML's: the same phrases, in order, with
# the same texts (each written described, whatever the order of reading).
if command -v xsltproc >/dev/null 2>&1; then
  xpath_lines /bagu/phrases/phrase "concat(@id, '&#9;', text)" "$tmp/o.xml" >"$tmp/xml-phrases"
  jq -r '.phrases[] | "\(.id)\t\(.text)"' "$tmp/o.json" >"$tmp/json-phrases"
  [ -s "$tmp/xml-phrases" ] || fail "no phrase table in the XML"
  cmp -s "$tmp/xml-phrases" "$tmp/json-phrases" \
    || fail "--json: the phrase table differs from the XML's"
  n_checks=$((n_checks + 1))
fi
# Only phrases that can weigh are mined: of --term-length tokens or more,
# and at least the mining's own 6.  The table's ids, documents, occurrences
# and lengths are those bagu phrases gives with that length.
contains "$tmp/o.xml" '<option name="phrase-min-length" value="12"/>'
if command -v xsltproc >/dev/null 2>&1; then
  xpath_lines /bagu/phrases/phrase "concat(substring(@id, 2), '&#9;', @df, '&#9;', @count, '&#9;', @length)" \
    "$tmp/o.xml" >"$tmp/xml-ranks"
  run 0 "$BAGU" phrases --min-length 12 samples/
  awk -F '\t' 'NR == FNR { want[$1 "\t" $2 "\t" $3 "\t" $4] = 1; next }
                NR > 1 && FNR > 1 && ($1 "\t" $2 "\t" $3 "\t" $4) in want { n++ }
                END { print n + 0 }' "$tmp/xml-ranks" "$tmp/out" >"$tmp/n-ranks"
  [ -s "$tmp/xml-ranks" ] || fail "no phrase table in the XML"
  [ "$(cat "$tmp/n-ranks")" -eq "$(wc -l <"$tmp/xml-ranks")" ] \
    || fail "$(cat "$tmp/n-ranks") of $(wc -l <"$tmp/xml-ranks") cited phrases as bagu phrases --min-length 12 ranks them"
  n_checks=$((n_checks + 1))
fi
run 0 "$BAGU" analyze --term-length 4 --full-length 8 samples/
contains "$tmp/out" '<option name="phrase-min-length" value="6"/>'
run 0 "$BAGU" analyze --term-length 15 --full-length 20 samples/
contains "$tmp/out" '<option name="phrase-min-length" value="15"/>'
n_checks=$((n_checks + 2))

# Reproducible: the same input in another order gives the same bytes.
run 0 "$BAGU" analyze samples/004_28473338c6d0f06c.txt samples/003_ed1b43c7f12bdb89.txt \
  samples/002_eef47a82924a2744.txt samples/001_894489832352a9b2.txt samples/000_cde10974dd315319.txt
cmp -s "$tmp/out" "$tmp/a.xml" || fail "path order changed the output"
# And whatever the number of threads.
for n in 1 3; do
  run 0 "$BAGU" analyze --threads $n samples/
  cmp -s "$tmp/out" "$tmp/a.xml" || fail "--threads $n changed the output"
done
# Enough documents to be written in several rounds of parts, on one thread
# and on several: the same bytes.
mkdir "$tmp/parts"
i=0
while [ $i -lt 450 ]; do
  printf '第%d号单位报告。\n把意识形态工作纳入党建工作责任制，与业务工作同部署、同落实、同检查、同考核。\n本单位今年共有%d名职工参加学习，第%d组负责。\n' \
    $i $((i * 7 % 13)) $((i % 5)) >"$tmp/parts/$i.txt"
  i=$((i + 1))
done
run 0 "$BAGU" analyze --threads 1 -o "$tmp/parts1.xml" "$tmp/parts"
valid "$tmp/parts1.xml"
for n in 2 3; do
  run 0 "$BAGU" analyze --threads $n -o "$tmp/parts$n.xml" "$tmp/parts"
  cmp -s "$tmp/parts$n.xml" "$tmp/parts1.xml" || fail "--threads $n changed the output of 450 documents"
done
run 2 "$BAGU" analyze --threads -1 samples/
contains "$tmp/err" "--threads must be between 0 and 256"

# Text copied into twelve documents: the first (a hub of the aligner) pairs
# with the eleven others; its reuse elements name eight and count the rest;
# the others name the two hubs.
mkdir "$tmp/many"
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
  printf '第%s单位的情况说明，编号%s。\n把意识形态工作纳入党建工作责任制，纳入领导班子、领导干部目标管理，与业务工作同部署、同落实、同检查、同考核，切实做到守土有责、守土负责、守土尽责。\n' \
    "$i" "$i" >"$tmp/many/$i.txt"
done
run 0 "$BAGU" analyze "$tmp/many"
valid "$tmp/out"
grep -q '<reuse with="d2:[0-9]*-[0-9]* d3:.* d9:[0-9]*-[0-9]*" more="3">' "$tmp/out" \
  || fail "the hub's reuse does not name eight passages and count three more"
if grep -q 'with="[^"]*d10:' "$tmp/out"; then
  fail "a reuse element names more than eight passages"
fi
grep -q '<reuse with="d1:[0-9]*-[0-9]* d2:[0-9]*-[0-9]*">' "$tmp/out" || fail "d12 does not name its hubs"
n_checks=$((n_checks + 3))

# Eight documents copy a paragraph whole and three more copy its second
# half, each from another point: in the hub the passages beyond the eight
# named start at three places, and the reuse element still runs unbroken
# over the paragraph, counting the three.
mkdir "$tmp/hub"
first='把意识形态工作纳入党建工作责任制，纳入领导班子、领导干部目标管理，与业务工作同部署、同落实、同检查、同考核，'
second='切实做到守土有责、守土负责、守土尽责，定期分析研判意识形态领域情况，及时回应社会关切，牢牢掌握意识形态工作领导权。'
for i in 01 02 03 04 05 06 07 08 09; do
  printf '第%s单位的情况说明。\n%s%s\n' "$i" "$first" "$second" >"$tmp/hub/$i.txt"
done
printf '第10单位。\n%s\n' "$second" >"$tmp/hub/10.txt"
printf '第11单位。\n各支部%s\n' "${second#切实做到守}" >"$tmp/hub/11.txt"
printf '第12单位。\n我们%s\n' "${second#切实做到守土有责、守土负}" >"$tmp/hub/12.txt"
run 0 "$BAGU" analyze "$tmp/hub"
valid "$tmp/out"
grep 'id="d1p2"' "$tmp/out" >"$tmp/hub.p" || fail "no second paragraph in the hub"
[ "$(grep -o '<reuse ' "$tmp/hub.p" | wc -l)" -eq 1 ] \
  || fail "the hub's reuse element breaks where passages it does not name start"
grep -q '<reuse with="d2:[0-9-]* [^"]* d9:[0-9-]*" more="3"><stock[^>]*>把意识形态' "$tmp/hub.p" \
  || fail "the hub's reuse element does not name eight passages and count three more"
grep -q '领导权</stock></reuse>' "$tmp/hub.p" || fail "the hub's reuse element stops short"
n_checks=$((n_checks + 4))

# No path: the sample corpus, with a note.
run 0 env BAGU_SAMPLES_DIR=samples "$BAGU" analyze
contains "$tmp/err" "no path given: analysing the sample corpus"
cmp -s "$tmp/out" "$tmp/a.xml" || fail "the default corpus is not the samples"

# Output that cannot be written: exit 4, one line naming the file.
run 4 "$BAGU" analyze -o "$tmp/no/such/dir/out.xml" samples/
lines "$tmp/err" 1
contains "$tmp/err" "bagu: $tmp/no/such/dir/out.xml: "
mkdir "$tmp/adir"
run 4 "$BAGU" analyze -o "$tmp/adir" samples/
contains "$tmp/err" "is a directory"
if [ -w /dev/full ]; then
  run 4 sh -c '"$0" analyze samples/ >/dev/full' "$BAGU"
  contains "$tmp/err" "bagu: standard output: "
  contains "$tmp/err" "No space left on device"
  lines "$tmp/err" 1
  run 4 sh -c '"$0" analyze --threads 1 samples/ >/dev/full' "$BAGU"
  lines "$tmp/err" 1
fi
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/ro" && chmod a-w "$tmp/ro"
  run 4 "$BAGU" analyze -o "$tmp/ro/out.xml" samples/
fi

# A failed run leaves an existing output untouched.
echo "precious" >"$tmp/keep.xml"
: >"$tmp/empty.txt"
run 3 "$BAGU" analyze -o "$tmp/keep.xml" "$tmp/empty.txt"
contains "$tmp/keep.xml" "precious"
contains "$tmp/err" "nothing to analyse"

# Two pairs of near-duplicates: two clusters, each naming its documents.
mkdir "$tmp/dups"
for pair in 1 2; do
  sed -n "$((pair * 20 + 1)),$((pair * 20 + 12))p" samples/004_28473338c6d0f06c.txt >"$tmp/dups/$pair-a.txt"
  sed 's/工作/事业/' "$tmp/dups/$pair-a.txt" >"$tmp/dups/$pair-b.txt"
done
run 0 "$BAGU" analyze "$tmp/dups" -o "$tmp/dups.xml"
valid "$tmp/dups.xml"
contains "$tmp/dups.xml" '<clusters count="2">'
contains "$tmp/dups.xml" '<cluster id="1" docs="d1 d2"/>'
contains "$tmp/dups.xml" '<cluster id="2" docs="d3 d4"/>'

# Interrupted while reading the list of paths: the documented exit code,
# and the old output survives.
for sig in INT TERM; do
  run 6 sh -c '
    (sleep 5) | "$0" analyze -o "$1/keep.xml" - & pid=$!
    sleep 1
    kill -'$sig' $pid
    wait $pid' "$BAGU" "$tmp"
  contains "$tmp/keep.xml" "precious"
done

done_testing
