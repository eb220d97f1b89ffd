#!/bin/sh
# cli-locale.sh: the output is the same in a locale whose decimal sign is
# a comma.  The locale is built in the scratch directory with localedef
# (Debian package locales) and reached through LOCPATH, so that nothing is
# installed on the system.
. "${top_srcdir:-.}/tests/setup"

samples="$top_srcdir/samples"
if ! command -v localedef >/dev/null 2>&1 || [ ! -e /usr/share/i18n/locales/de_DE ]; then
  echo "SKIP: localedef and the locale sources (Debian package locales) are needed"
  exit 77
fi
localedef -i de_DE -f UTF-8 "$tmp/de_DE.UTF-8" >"$tmp/localedef.err" 2>&1 \
  || { cat "$tmp/localedef.err" >&2; fail "localedef cannot build de_DE.UTF-8 (install locales)"; }
# The locale works: printf writes a comma in it.
[ "$(env LOCPATH="$tmp" LC_ALL=de_DE.UTF-8 printf '%.1f' 0.5)" = "0,5" ] \
  || fail "the de_DE.UTF-8 built in $tmp does not write 0,5"

# in_both NAME ARGS...: bagu ARGS in the C locale and in de_DE, with the
# output in $tmp/NAME.c and $tmp/NAME.de (ARGS write to OUT), the same.
in_both() {
  name=$1
  shift
  run 0 "$BAGU" "$@"
  mv "$tmp/OUT" "$tmp/$name.c"
  run 0 env LOCPATH="$tmp" LC_ALL=de_DE.UTF-8 "$BAGU" "$@"
  mv "$tmp/OUT" "$tmp/$name.de"
  n_checks=$((n_checks + 1))
  cmp "$tmp/$name.c" "$tmp/$name.de" >&2 || fail "bagu $* differs in de_DE.UTF-8"
}

cd "$tmp"
in_both phrases-tsv phrases "$samples" -o OUT
contains "$tmp/phrases-tsv.c" "	1.000	"
in_both phrases-json phrases --format json "$samples" -o OUT
jq -e '.phrases[0].score > 0' "$tmp/phrases-json.de" >/dev/null \
  || fail "the phrases' JSON in de_DE.UTF-8 is not valid"
in_both align align "$samples" -o OUT
jq -e -s 'length > 0 and ([.[] | .identity > 0] | all)' "$tmp/align.de" >/dev/null \
  || fail "the passages' JSON in de_DE.UTF-8 is not valid"
in_both analyze-json analyze "$samples" -o /dev/null --json OUT
jq -e '.documents | length > 0' "$tmp/analyze-json.de" >/dev/null \
  || fail "analyze's JSON in de_DE.UTF-8 is not valid"
in_both analyze-xml analyze "$samples" -o OUT
valid "$tmp/analyze-xml.de"

done_testing
