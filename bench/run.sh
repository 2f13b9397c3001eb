#!/usr/bin/env bash
# Measures `validate` on large corpora beside the parse floor (read, parse
# into serde_json::Value, the schema's yes/no on two threads: the `floor`
# example) and beside `jsonschema-cli` when it is on PATH. Run by hand on
# an otherwise idle machine; CI never runs it, and no test depends on
# timings.
#
#   bench/run.sh            10,000 files, 100 MB and 1 GB NDJSON, 5 runs each
#   bench/run.sh --quick    1,000 files and 10 MB NDJSON, 3 runs each
#
# Corpora are generated with `validate generate` into target/bench-corpus
# (never committed) and kept for the next run; delete the folder to build
# them anew. About 5% of the responses break the contract, spread over
# every rule `generate --break` knows. Each corpus is built twice: as an API
# that keeps to its documentation sends it, and with `generate --drift`,
# which gives about half of the integrations an undocumented feature flag,
# so that nearly every response has a finding to place and report.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
case "${1:-}" in
  --quick) quick=true ;;
  "") ;;
  *) echo "usage: bench/run.sh [--quick]" >&2; exit 2 ;;
esac

if $quick; then
  files=1000 stream_mb=10 runs=3 big_stream=false
else
  files=10000 stream_mb=100 runs=5 big_stream=true
fi
broken_every=20 # one response in 20 is broken: 5%
rules=(missing-required null enum wrong-type blank-name duplicate-name fractional-id
  credential-not-string)

if [[ ! -x /usr/bin/time ]]; then
  echo "bench/run.sh needs GNU time at /usr/bin/time for peak memory" >&2
  exit 2
fi

echo "building release binaries..." >&2
cargo build --release --locked --quiet -p validate --bin validate --example floor
validate=$PWD/target/release/validate
floor=$PWD/target/release/examples/floor
schema=$PWD/schemas/mechanic_integrations.schema.json
corpus=$PWD/target/bench-corpus
mkdir -p "$corpus"

# --- corpora ---------------------------------------------------------------

# 10,000 (or 1,000) pretty-printed files of 1 to 20 integrations; the broken
# ones sit in their own folders, one per rule, so every rule is exercised.
# Extra arguments (`--drift`) go to every `generate`.
make_files() {
  local target=$1
  shift
  [[ -d $target ]] && return
  echo "generating $files files $*..." >&2
  local tmp=$target.partial
  rm -rf "$tmp"
  local broken=$((files / broken_every))
  "$validate" generate "$@" --count $((files - broken)) --seed 1 --integrations 1..=20 \
    --format json --out "$tmp/valid" 2>/dev/null
  local per_rule=$(((broken + ${#rules[@]} - 1) / ${#rules[@]}))
  local left=$broken seed=100 rule count
  for rule in "${rules[@]}"; do
    count=$((left < per_rule ? left : per_rule))
    ((count > 0)) || break
    "$validate" generate "$@" --count "$count" --seed $((seed++)) --integrations 2..=20 \
      --break "$rule" --format json --out "$tmp/broken-$rule" 2>/dev/null
    left=$((left - count))
  done
  mv "$tmp" "$target"
}

# An NDJSON stream of about N MB: valid lines with every 20th line taken from
# a stream of broken ones, the rules taking turns.
make_stream() {
  local target=$1 megabytes=$2
  shift 2
  [[ -f $target ]] && return
  echo "generating a $megabytes MB NDJSON stream $*..." >&2
  local tmp=$target.partial
  # Measured: a line of 1 to 20 integrations is about 4.4 KB on average.
  local lines=$((megabytes * 1000 * 1000 / 4400))
  local broken=$((lines / broken_every + 1))
  local per_rule=$((broken / ${#rules[@]} + 1))
  "$validate" generate "$@" --count "$lines" --seed 2 --integrations 1..=20 \
    --format ndjson --out "$tmp.valid" 2>/dev/null
  : >"$tmp.rule"
  local seed=200 rule
  for rule in "${rules[@]}"; do
    "$validate" generate "$@" --count "$per_rule" --seed $((seed++)) --integrations 2..=20 \
      --break "$rule" --format ndjson 2>/dev/null >>"$tmp.rule"
  done
  # Interleave the rules so that each stretch of the stream has all kinds.
  awk -v n=${#rules[@]} -v per="$per_rule" \
    '{ lines[NR] = $0 } END { for (i = 0; i < per; i++) for (r = 0; r < n; r++)
       print lines[r * per + i + 1] }' "$tmp.rule" >"$tmp.broken"
  awk -v every=$broken_every -v broken="$tmp.broken" \
    'NR % every == 0 { if ((getline line < broken) > 0) { print line; next } } { print }' \
    "$tmp.valid" >"$tmp"
  rm -f "$tmp.valid" "$tmp.broken" "$tmp.rule"
  mv "$tmp" "$target"
}

files_dir=$corpus/files-$files
drift_files_dir=$corpus/files-$files-drift
make_files "$files_dir"
make_files "$drift_files_dir" --drift
stream=$corpus/stream-${stream_mb}MB.ndjson
drift_stream=$corpus/stream-${stream_mb}MB-drift.ndjson
make_stream "$stream" "$stream_mb"
make_stream "$drift_stream" "$stream_mb" --drift

# 1 GB: the 100 MB streams ten times over. Generating it line by line takes
# many minutes and measures nothing more; note that the copies repeat the
# same findings, so the report's groups do not grow past the 100 MB ones.
big_streams=()
if $big_stream; then
  for source in "$stream" "$drift_stream"; do
    big=${source/100MB/1GB}
    if [[ ! -f $big ]]; then
      echo "building $(basename "$big")..." >&2
      for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$source"; done >"$big.partial"
      mv "$big.partial" "$big"
    fi
    big_streams+=("$big")
  done
fi

# --- measuring -------------------------------------------------------------

# Runs a command $runs times (after one warm-up that fills the page cache)
# and prints "median_seconds peak_rss_kib exit_code". Wall time comes from
# bash's clock in microseconds; GNU time gives the peak memory. Output is
# discarded.
measure() {
  "$@" >/dev/null 2>&1 || true
  local times=() peak=0 code=0 i stats
  stats=$(mktemp)
  for ((i = 0; i < runs; i++)); do
    local start=$EPOCHREALTIME
    /usr/bin/time -o "$stats" -f '%M %x' "$@" >/dev/null 2>/dev/null || true
    local end=$EPOCHREALTIME
    read -r rss code < <(tail -1 "$stats")
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')")
    ((rss > peak)) && peak=$rss
  done
  rm -f "$stats"
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 }
    END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
  echo "$median $peak $code"
}

# The mean wall time of one run of a command over $1 runs in a row, whole
# process from fork to exit, in milliseconds.
mean_ms() {
  local count=$1
  shift
  "$@" >/dev/null 2>&1 || true
  local start=$EPOCHREALTIME i
  for ((i = 0; i < count; i++)); do "$@" >/dev/null 2>&1 || true; done
  local end=$EPOCHREALTIME
  awk -v a="$start" -v b="$end" -v n="$count" 'BEGIN { printf "%.2f", (b - a) * 1000 / n }'
}

bytes_of() { du -sb "$1" | cut -f1; }

report() {
  local name=$1 size=$2 floor_seconds=$3 median=$4 peak=$5 code=$6
  local line
  line=$(awk -v n="$name" -v s="$size" -v f="$floor_seconds" -v m="$median" -v p="$peak" \
    -v c="$code" 'BEGIN {
      mbs = (m > 0) ? s / 1e6 / m : 0
      ratio = (f > 0) ? m / f : 0
      printf "%-34s %8.3f s %9.1f MB/s %7.2fx floor %8.1f MB peak  exit %s",
        n, m, mbs, ratio, p / 1024, c }')
  echo "$line"
}

# The floor and `validate` each get two threads, the floor's definition,
# whatever the machine has; `jsonschema-cli` checks on one, and `validate
# --jobs 1` is measured beside it for the comparison per thread.
threads=2

echo
echo "machine: $(nproc) cores; $runs runs each (3 for 1 GB), medians; ratios to the floor" \
  "of the same corpus; floor and validate on $threads threads; exit 1 means violations" \
  "were found, as planted"
echo

measure_files() {
  local dir=$1 label=$2 size
  size=$(bytes_of "$dir")
  echo "== $files files $label, $((size / 1000000)) MB =="
  read -r f_med f_peak f_code < <(measure "$floor" --threads $threads "$dir")
  report "floor (parse + is_valid, $threads threads)" "$size" "$f_med" "$f_med" "$f_peak" \
    "$f_code"
  read -r v_med v_peak v_code < <(measure "$validate" --jobs $threads "$dir")
  report "validate" "$size" "$f_med" "$v_med" "$v_peak" "$v_code"
  if command -v jsonschema-cli >/dev/null; then
    local instances=() path
    while IFS= read -r path; do instances+=(-i "$path"); done \
      < <(find "$dir" -name '*.json' | sort)
    # Newer releases take a `validate` subcommand; --offline keeps it from
    # fetching anything (the schema has no remote references).
    local cli=(jsonschema-cli)
    if jsonschema-cli validate --help >/dev/null 2>&1; then
      cli+=(validate --offline)
    fi
    read -r c_med c_peak c_code < <(measure "${cli[@]}" "$schema" "${instances[@]}")
    report "jsonschema-cli (1 thread)" "$size" "$f_med" "$c_med" "$c_peak" "$c_code"
    read -r one_med one_peak one_code < <(measure "$validate" --jobs 1 "$dir")
    report "validate --jobs 1" "$size" "$f_med" "$one_med" "$one_peak" "$one_code"
    awk -v c="$c_med" -v v="$v_med" -v o="$one_med" 'BEGIN {
      printf "validate is %.2fx as fast as jsonschema-cli (%.2fx on one thread each)\n",
        c / v, c / o }'
  else
    echo "(jsonschema-cli is not on PATH; skipped)"
  fi
  echo
}

measure_stream() {
  local path=$1 label=$2 size
  size=$(bytes_of "$path")
  echo "== NDJSON $label, $((size / 1000000)) MB, $(wc -l <"$path") lines =="
  read -r f_med f_peak f_code < <(measure "$floor" --threads $threads "$path")
  report "floor (parse + is_valid, $threads threads)" "$size" "$f_med" "$f_med" "$f_peak" \
    "$f_code"
  read -r v_med v_peak v_code < <(measure "$validate" --jobs $threads "$path")
  report "validate" "$size" "$f_med" "$v_med" "$v_peak" "$v_code"
  echo
}

measure_files "$files_dir" "keeping to the documentation"
measure_files "$drift_files_dir" "with --drift"
measure_stream "$stream" "keeping to the documentation"
measure_stream "$drift_stream" "with --drift"
if ((${#big_streams[@]} > 0)); then
  saved_runs=$runs
  runs=3
  measure_stream "${big_streams[0]}" "keeping to the documentation"
  measure_stream "${big_streams[1]}" "with --drift"
  runs=$saved_runs
fi

# One small file, whole process: startup, schema compiled, one check.
small=$PWD/fixtures/valid/documented-example.json
echo "== one small file ($(bytes_of "$small") bytes), whole process =="
read -r _ s_peak s_code < <(measure "$validate" "$small")
s_ms=$(mean_ms 100 "$validate" "$small")
sf_ms=$(mean_ms 100 "$floor" "$small")
echo "validate ${s_ms} ms (floor ${sf_ms} ms), mean of 100 runs;" \
  "$(awk -v p="$s_peak" 'BEGIN { printf "%.1f", p / 1024 }') MB peak, exit $s_code"
