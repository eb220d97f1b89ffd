#!/bin/sh
# fuzz-replay.sh: the fuzz targets over their seeds, the inputs that once
# made them fail, and the samples, without libFuzzer.
. "${top_srcdir:-.}/tests/setup"

for name in ingest noise xml; do
  dirs="$top_srcdir/fuzz/seeds/$name"
  if [ -d "$top_srcdir/fuzz/regressions/$name" ]; then
    dirs="$dirs $top_srcdir/fuzz/regressions/$name"
  fi
  case $name in
    ingest) dirs="$dirs $top_srcdir/samples" ;;
    noise) dirs="$dirs $top_srcdir/templates/noise.rules" ;;
  esac
  # shellcheck disable=SC2086 # dirs holds separate paths
  run 0 "$top_builddir/fuzz/replay-$name" $dirs
  contains "$tmp/out" "replayed"
done

done_testing
