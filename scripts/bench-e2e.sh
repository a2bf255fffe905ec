#!/usr/bin/env bash
# End-to-end figures for BENCHMARKS.md, on Reuters-21578 (scripts/fetch-corpora.sh):
#
#  1. indexing runs of the `search` binary over reuters.jsonl (20,841 articles) and
#     reuters-x4.jsonl (83,364): wall time, peak RSS (GNU time -v), index size vs JSONL;
#  2. the whole `search QUERY` process (start, open the index, search, snippets, print)
#     on the 83,364-article index, timed by hyperfine, against `rg -i -c` over the same
#     JSONL for the same words.
#
# Usage: scripts/bench-e2e.sh [indexing|queries|all]     (default: all)
# Environment:
#   NEWSDEX_CORPORA   the corpora folder (default: what fetch-corpora.sh prints)
#   SEARCH_BIN        the binary to time (default: a release build of crates/cli,
#                     built here into ${CARGO_TARGET_DIR:-target})
#   BENCH_DIR         where indexes and results go (default: $TMPDIR/newsdex-bench)
#   INDEX_RUNS        indexing runs per corpus (default 3; the median is reported)
#   QUERY_RUNS        hyperfine runs per command (default 50)
# Needs hyperfine, ripgrep and GNU time (Debian: apt-get install hyperfine ripgrep time).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
what=${1:-all}
bench=${BENCH_DIR:-${TMPDIR:-/tmp}/newsdex-bench}
index_runs=${INDEX_RUNS:-3}
query_runs=${QUERY_RUNS:-50}

for tool in hyperfine rg /usr/bin/time python3; do
  command -v "$tool" >/dev/null || {
    echo "bench-e2e: $tool is missing (Debian: apt-get install hyperfine ripgrep time)" >&2
    exit 1
  }
done

corpora=${NEWSDEX_CORPORA:-$("$here/fetch-corpora.sh")}
if [ -z "${SEARCH_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet --release -p newsdex-cli)
  SEARCH_BIN=${CARGO_TARGET_DIR:-$root/target}/release/search
fi
mkdir -p "$bench/results"
echo "binary: $SEARCH_BIN" >&2
echo "corpora: $corpora" >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -h | awk '/^Mem:/ {print $2}') RAM" >&2

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# One indexing run: prints "wall_seconds peak_rss_kb".
index_once() {
  local corpus=$1 dir=$2 log=$3
  rm -rf "$dir"
  /usr/bin/time -v -o "$log" "$SEARCH_BIN" --index "$dir" index --quiet \
    --max-file-size 1000000000 "$corpus" >/dev/null
  python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)
print(secs, rss)
PY
}

indexing() {
  echo
  echo "## Indexing with \`search index\` ($index_runs runs each, medians)"
  echo
  echo "| corpus | articles | JSONL MB | wall s | MB/s | articles/s | peak RSS MB | index MB | index / JSONL |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for name in reuters reuters-x4; do
    local corpus="$corpora/$name.jsonl" dir="$bench/index-$name"
    [ -f "$corpus" ] || { echo "bench-e2e: $corpus is missing" >&2; exit 1; }
    local walls=() rsss=()
    for run in $(seq "$index_runs"); do
      read -r wall rss < <(index_once "$corpus" "$dir" "$bench/results/time-$name-$run.txt")
      echo "  $name run $run: ${wall} s, peak RSS $((rss / 1024)) MB" >&2
      walls+=("$wall"); rsss+=("$rss")
    done
    local wall rss bytes articles index_bytes
    wall=$(printf '%s\n' "${walls[@]}" | median)
    rss=$(printf '%s\n' "${rsss[@]}" | median)
    bytes=$(stat -c %s "$corpus")
    articles=$(wc -l <"$corpus")
    index_bytes=$(du -sb "$dir" | cut -f1)
    python3 -c "
b, a, w, r, i = $bytes, $articles, $wall, $rss, $index_bytes
print(f'| {\"$name\"}.jsonl | {a:,} | {b/1e6:.1f} | {w:.2f} | {b/1e6/w:.1f} | {a/w:,.0f} | {r/1024:.0f} | {i/1e6:.1f} | {i/b:.2f} |')"
  done
}

queries() {
  local corpus="$corpora/reuters-x4.jsonl" dir="$bench/index-reuters-x4"
  if [ ! -f "$dir/meta.json" ]; then
    echo "bench-e2e: building $dir" >&2
    index_once "$corpus" "$dir" "$bench/results/time-query-index.txt" >/dev/null
  fi
  # name | newsdex query | ripgrep arguments for the same words
  local cases=(
    "one-word|coffee|-e coffee"
    "two-word|oil prices|-e oil -e prices"
    "five-word|central bank raises interest rates|-e central -e bank -e raises -e interest -e rates"
    "phrase|\"trade deficit\"|-e 'trade deficit'"
  )
  echo
  echo "## The whole \`search QUERY\` process on the 83,364-article index (hyperfine, $query_runs runs, page cache warm)"
  echo
  echo "| query | \`search\` median ms | \`search --json\` median ms | \`rg -i -c\` median ms | rg / search |"
  echo "|---|---|---|---|---|"
  hyperfine -N --warmup 3 --runs "$query_runs" --export-json "$bench/results/hf-version.json" \
    "$SEARCH_BIN --version" >/dev/null 2>&1
  for case in "${cases[@]}"; do
    IFS='|' read -r name query rg_args <<<"$case"
    local json="$bench/results/hf-$name.json"
    # shellcheck disable=SC2086
    hyperfine -N --warmup 3 --runs "$query_runs" --export-json "$json" \
      --command-name search "$SEARCH_BIN --index $dir --color never '$query'" \
      --command-name search-json "$SEARCH_BIN --index $dir --json '$query'" \
      --command-name rg "rg -i -c $rg_args $corpus" >/dev/null 2>&1
    python3 - "$json" "$name" "$query" <<'PY'
import json, statistics, sys
runs = {r["command"]: statistics.median(r["times"]) * 1e3
        for r in json.load(open(sys.argv[1]))["results"]}
s, j, rg = runs["search"], runs["search-json"], runs["rg"]
print(f"| {sys.argv[2]}: `{sys.argv[3]}` | {s:.1f} | {j:.1f} | {rg:.1f} | {rg / s:.1f}× |")
PY
  done
  python3 - "$bench/results/hf-version.json" <<'PY'
import json, statistics, sys
t = statistics.median(json.load(open(sys.argv[1]))["results"][0]["times"]) * 1e3
print(f"\nProcess floor, `search --version`: {t:.1f} ms median.")
PY
}

case $what in
  indexing) indexing ;;
  queries) queries ;;
  all) indexing; queries ;;
  *) echo "usage: $0 [indexing|queries|all]" >&2; exit 2 ;;
esac
