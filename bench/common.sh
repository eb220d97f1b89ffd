# bench/common.sh: sourced by run-bench and run-quality: the machine's
# description and how to run a bagu subcommand that may not exist yet.

# machine_rows: the rows of a two-column markdown table that say where and
# when the figures were made.
machine_rows() {
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
  mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
  commit=$(git -C "$srcdir" rev-parse --short HEAD 2>/dev/null || echo "unknown")
  # The reports themselves are not changes to what is measured: run-bench
  # writes performance.md before run-quality looks.
  if [ -n "$(git -C "$srcdir" status --porcelain --untracked-files=no -- . ':!reports' 2>/dev/null)" ]; then
    commit="$commit (with uncommitted changes)"
  fi
  echo "| machine | ${cpu:-unknown CPU}, $(nproc) cores, ${mem:-unknown memory} |"
  echo "| system | $(uname -sr) |"
  echo "| compiler | $(${CC:-cc} --version 2>/dev/null | head -n 1) |"
  echo "| commit | $commit |"
  echo "| date | $(date -u +%Y-%m-%d) |"
}

# run_bagu ARGS...: how try_bagu runs bagu; run-bench redefines it to time it.
run_bagu() {
  "$bagu" "$@"
}

# try_bagu OUT ERR ARGS...: runs "$bagu ARGS..." with stdout to OUT and
# stderr to ERR, and sets $bagu_status to "ok", "not available yet" (the
# subcommand exits 2 and says so: later work builds it) or "failed (exit N)".
try_bagu() {
  try_out=$1
  try_err=$2
  shift 2
  set +e
  run_bagu "$@" >"$try_out" 2>"$try_err"
  try_status=$?
  set -e
  case $try_status in
    0 | 1) bagu_status=ok ;;
    *)
      if [ "$try_status" -eq 2 ] && grep -q "not available yet" "$try_err"; then
        bagu_status="not available yet"
      else
        bagu_status="failed (exit $try_status)"
        echo "bench: bagu $*: exit $try_status" >&2
        head -n 5 "$try_err" >&2
      fi
      ;;
  esac
}

# bagu_supports CMD OPTION: whether "bagu CMD --help" lists OPTION.
bagu_supports() {
  "$bagu" "$1" --help 2>/dev/null | grep -q -- "$2"
}
