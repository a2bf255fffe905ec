#!/usr/bin/env bash
# End-to-end figures for BENCHMARKS.md, on Reuters-21578 (scripts/fetch-corpora.sh):
#
#  1. indexing runs of the `search` binary over reuters.jsonl (20,841 articles) and
#     reuters-x4.jsonl (83,364): wall time, peak RSS (GNU time -v), index size vs JSONL;
#  2. with tantivy-cli installed (`cargo install tantivy-cli --version 0.24.0`; TANTIVY_BIN
#     names it), `search index` and `tantivy index -t 2` on reuters-x4.jsonl, run
#     alternately, with tantivy-cli's schema of the peer harness: id stored, title and
#     body en_stem with positions, nothing else stored;
#  3. the whole `search QUERY` process (start, open the index, search, snippets, print)
#     on the 83,364-article index, timed by hyperfine, against `rg -i -c` over the same
#     JSONL for the same words;
#  4. the whole `search coffee` process on the default (per-user) index, which is first
#     checked against its folders, over Reuters written out as 20,841 files and over
#     reuters-x4.jsonl; again while `search watch` runs (the check is skipped); against
#     `--no-sync` and `rg -i -c` over the same files;
#  5. `scale` (not part of `all`): the same at every size, 20,841 to 1,000,368 articles
#     (reuters, -x4, -x16, -x48; `scripts/fetch-corpora.sh large` writes the last two):
#     `search index` and tantivy-cli alternately (wall, CPU, peak RSS, index size), then
#     the whole `search` process for each query class and `search stats` (facet counts
#     over every article) on newsdex's index of that size.
#
# Usage: scripts/bench-e2e.sh [indexing|peers|queries|synced|all|scale]     (default: all)
# Environment:
#   NEWSDEX_CORPORA   the corpora folder (default: what fetch-corpora.sh prints)
#   SEARCH_BIN        the binary to time (default: a release build of crates/cli,
#                     built here into ${CARGO_TARGET_DIR:-target})
#   BENCH_DIR         where indexes and results go (default: $TMPDIR/newsdex-bench)
#   INDEX_RUNS        indexing runs per corpus (default 3; the median is reported)
#   QUERY_RUNS        hyperfine runs per command (default 50)
#   TANTIVY_BIN       tantivy-cli's binary (default: tantivy on PATH; skipped if missing)
#   SCALE_CORPORA     the corpora of `scale` (default: reuters reuters-x4 reuters-x16
#                     reuters-x48; those missing are skipped, with a note)
#   SCALE_RUNS        indexing runs per engine and corpus in `scale` (default 1)
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

# "wall_seconds peak_rss_kb cpu_seconds" from the report of GNU time -v. CPU time (user +
# system) moves less than wall time when other jobs share the machine.
time_stats() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)
cpu = sum(float(re.search(r"%s time \(seconds\): (\S+)" % k, text).group(1)) for k in ("User", "System"))
print(f"{secs:.2f} {rss} {cpu:.2f}")
PY
}

# One indexing run: prints "wall_seconds peak_rss_kb cpu_seconds".
index_once() {
  local corpus=$1 dir=$2 log=$3
  rm -rf "$dir"
  /usr/bin/time -v -o "$log" "$SEARCH_BIN" --index "$dir" index --quiet \
    --max-file-size 1000000000 "$corpus" >/dev/null
  time_stats "$log"
}

indexing() {
  echo
  echo "## Indexing with \`search index\` ($index_runs runs each, medians)"
  echo
  echo "| corpus | articles | JSONL MB | wall s | CPU s | MB/s | articles/s | peak RSS MB | index MB | index / JSONL |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for name in reuters reuters-x4; do
    local corpus="$corpora/$name.jsonl" dir="$bench/index-$name"
    [ -f "$corpus" ] || { echo "bench-e2e: $corpus is missing" >&2; exit 1; }
    local walls=() rsss=() cpus=()
    for run in $(seq "$index_runs"); do
      read -r wall rss cpu < <(index_once "$corpus" "$dir" "$bench/results/time-$name-$run.txt")
      echo "  $name run $run: ${wall} s, CPU ${cpu} s, peak RSS $((rss / 1024)) MB" >&2
      walls+=("$wall"); rsss+=("$rss"); cpus+=("$cpu")
    done
    local wall rss cpu bytes articles index_bytes
    wall=$(printf '%s\n' "${walls[@]}" | median)
    rss=$(printf '%s\n' "${rsss[@]}" | median)
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    bytes=$(stat -c %s "$corpus")
    articles=$(wc -l <"$corpus")
    index_bytes=$(du -sb "$dir" | cut -f1)
    python3 -c "
b, a, w, c, r, i = $bytes, $articles, $wall, $cpu, $rss, $index_bytes
print(f'| {\"$name\"}.jsonl | {a:,} | {b/1e6:.1f} | {w:.2f} | {c:.2f} | {b/1e6/w:.1f} | {a/w:,.0f} | {r/1024:.0f} | {i/1e6:.1f} | {i/b:.2f} |')"
  done
}

# One tantivy-cli indexing run, as the peer harness does it: prints what index_once does.
tantivy_once() {
  local corpus=$1 dir=$2 log=$3
  rm -rf "$dir" && mkdir -p "$dir"
  python3 - "$dir/meta.json" <<'PY'
import json, sys
text = {"indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"},
        "stored": False, "fast": False}
schema = [{"name": "id", "type": "text", "options": {"indexing": None, "stored": True, "fast": False}},
          {"name": "title", "type": "text", "options": text},
          {"name": "body", "type": "text", "options": text}]
json.dump({"index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
           "segments": [], "schema": schema, "opstamp": 0}, open(sys.argv[1], "w"))
PY
  /usr/bin/time -v -o "$log" "$TANTIVY_BIN" index -i "$dir" -f "$corpus" -t 2 >/dev/null 2>&1
  time_stats "$log"
}

peers() {
  TANTIVY_BIN=${TANTIVY_BIN:-$(command -v tantivy || true)}
  if [ -z "$TANTIVY_BIN" ]; then
    echo "bench-e2e: tantivy-cli not installed (cargo install tantivy-cli --version 0.24.0); peers skipped" >&2
    return
  fi
  local corpus="$corpora/reuters-x4.jsonl" ours=() theirs=() ours_rss=() theirs_rss=()
  local ours_cpu=() theirs_cpu=()
  for run in $(seq "$index_runs"); do
    read -r wall rss cpu < <(index_once "$corpus" "$bench/index-peer-newsdex" "$bench/results/time-peer-newsdex-$run.txt")
    ours+=("$wall"); ours_rss+=("$rss"); ours_cpu+=("$cpu")
    read -r wall rss cpu < <(tantivy_once "$corpus" "$bench/index-peer-tantivy-cli" "$bench/results/time-peer-tantivy-$run.txt")
    theirs+=("$wall"); theirs_rss+=("$rss"); theirs_cpu+=("$cpu")
    echo "  run $run: newsdex ${ours[-1]} s (CPU ${ours_cpu[-1]} s), tantivy-cli $wall s (CPU $cpu s)" >&2
  done
  local a b ac bc ar br as bs
  a=$(printf '%s\n' "${ours[@]}" | median); b=$(printf '%s\n' "${theirs[@]}" | median)
  ac=$(printf '%s\n' "${ours_cpu[@]}" | median); bc=$(printf '%s\n' "${theirs_cpu[@]}" | median)
  ar=$(printf '%s\n' "${ours_rss[@]}" | median); br=$(printf '%s\n' "${theirs_rss[@]}" | median)
  as=$(du -sb "$bench/index-peer-newsdex" | cut -f1); bs=$(du -sb "$bench/index-peer-tantivy-cli" | cut -f1)
  echo
  echo "## reuters-x4.jsonl: newsdex and tantivy-cli $("$TANTIVY_BIN" --version 2>/dev/null | head -1 | awk '{print $NF}') alternately ($index_runs runs each, medians)"
  echo
  echo "| engine | wall s | CPU s | peak RSS MB | index MB | what it stores |"
  echo "|---|---|---|---|---|---|"
  python3 -c "print(f'| newsdex \`search index\` | {$a:.2f} | {$ac:.2f} | {$ar/1024:.0f} | {$as/1e6:.1f} | id, title, body, date, source, path, file stamp |')"
  python3 -c "print(f'| tantivy-cli \`index -t 2\` | {$b:.2f} | {$bc:.2f} | {$br/1024:.0f} | {$bs/1e6:.1f} | id |')"
  python3 -c "print(f'\nnewsdex / tantivy-cli: wall {$a/$b:.2f}, CPU {$ac/$bc:.2f}')"
  # The ratio of each pair of runs side by side: how much the machine's noise moves it.
  python3 -c "
ours = [float(x) for x in '${ours[*]}'.split()]
theirs = [float(x) for x in '${theirs[*]}'.split()]
ratios = sorted(a / b for a, b in zip(ours, theirs))
print(f'wall ratio of each pair of runs: {ratios[0]:.2f} to {ratios[-1]:.2f}')"
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

# The default index, which `search` first checks against its folders (one stat a file):
# over reuters.jsonl written out as one .txt file an article, and over reuters-x4.jsonl.
synced() {
  local folder="$bench/reuters-files" home="$bench/xdg"
  if [ ! -f "$folder/20840.txt" ]; then
    echo "bench-e2e: writing $folder" >&2
    python3 - "$corpora/reuters.jsonl" "$folder" <<'PY'
import json, os, sys
os.makedirs(sys.argv[2], exist_ok=True)
for i, line in enumerate(open(sys.argv[1])):
    record = json.loads(line)
    with open(os.path.join(sys.argv[2], f"{i:05d}.txt"), "w") as out:
        out.write((record.get("title") or "") + "\n\n" + record["body"])
PY
  fi
  echo
  echo "## The whole \`search coffee\` process on the default index, checked against its folders first (hyperfine, $query_runs runs)"
  echo
  echo "| indexed | \`search\` median ms | \`search\` while \`search watch\` runs | \`search --no-sync\` median ms | \`rg -i -c\` median ms |"
  echo "|---|---|---|---|---|"
  local target
  for target in "$folder" "$corpora/reuters-x4.jsonl"; do
    rm -rf "$home" && mkdir -p "$home"
    local json="$bench/results/hf-synced.json"
    # From the bench folder, so that no checkout's own index is found first.
    (cd "$bench" && XDG_DATA_HOME=$home "$SEARCH_BIN" index --quiet \
      --max-file-size 1000000000 "$target" >/dev/null)
    (cd "$bench" && XDG_DATA_HOME=$home hyperfine -N --warmup 3 --runs "$query_runs" --export-json "$json" \
      --command-name search "$SEARCH_BIN --color never coffee" \
      --command-name no-sync "$SEARCH_BIN --color never --no-sync coffee" \
      --command-name rg "rg -i -c coffee $target" >/dev/null 2>&1)
    # Again while `search watch` holds the index, which makes searches skip the check.
    (cd "$bench" && XDG_DATA_HOME=$home exec "$SEARCH_BIN" watch >/dev/null 2>&1) &
    local watcher=$!
    sleep 3
    (cd "$bench" && XDG_DATA_HOME=$home hyperfine -N --warmup 3 --runs "$query_runs" \
      --export-json "$bench/results/hf-watched.json" \
      --command-name watched "$SEARCH_BIN --color never coffee" >/dev/null 2>&1)
    kill -INT "$watcher"
    wait "$watcher" || true
    python3 - "$json" "$bench/results/hf-watched.json" "$target" <<'PY'
import json, os, statistics, sys
runs = {r["command"]: statistics.median(r["times"]) * 1e3
        for path in sys.argv[1:3] for r in json.load(open(path))["results"]}
target = sys.argv[3]
what = (f"{len(os.listdir(target)):,} files" if os.path.isdir(target)
        else os.path.basename(target))
print(f"| {what} | {runs['search']:.1f} | {runs['watched']:.1f} | {runs['no-sync']:.1f} | {runs['rg']:.1f} |")
PY
  done
}

scale() {
  TANTIVY_BIN=${TANTIVY_BIN:-$(command -v tantivy || true)}
  local runs=${SCALE_RUNS:-1} names=${SCALE_CORPORA:-reuters reuters-x4 reuters-x16 reuters-x48}
  echo
  echo "## Scaling: \`search index\` and tantivy-cli alternately ($runs run(s) each, medians; $(uptime | sed 's/.*load/load/'))"
  echo
  echo "| corpus | articles | JSONL MB | newsdex wall s | CPU s | peak RSS MB | index MB | index / JSONL | tantivy-cli wall s | its RSS MB | wall ratio |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  local name
  for name in $names; do
    local corpus="$corpora/$name.jsonl" dir="$bench/index-scale-$name"
    if [ ! -f "$corpus" ]; then
      echo "bench-e2e: $corpus is missing (scripts/fetch-corpora.sh large); skipped" >&2
      continue
    fi
    local ours=() ours_rss=() ours_cpu=() theirs=() theirs_rss=()
    for run in $(seq "$runs"); do
      read -r wall rss cpu < <(index_once "$corpus" "$dir" "$bench/results/time-scale-$name-$run.txt")
      ours+=("$wall"); ours_rss+=("$rss"); ours_cpu+=("$cpu")
      if [ -n "$TANTIVY_BIN" ]; then
        read -r wall rss cpu < <(tantivy_once "$corpus" "$bench/index-scale-tantivy" "$bench/results/time-scale-tantivy-$name-$run.txt")
        theirs+=("$wall"); theirs_rss+=("$rss")
        rm -rf "$bench/index-scale-tantivy"
      fi
      echo "  $name run $run: newsdex ${ours[-1]} s (RSS $((ours_rss[-1] / 1024)) MB), tantivy-cli ${theirs[-1]:-?} s" >&2
    done
    local a ac ar b br bytes articles index_bytes
    a=$(printf '%s\n' "${ours[@]}" | median); ac=$(printf '%s\n' "${ours_cpu[@]}" | median)
    ar=$(printf '%s\n' "${ours_rss[@]}" | median)
    b=$(printf '%s\n' "${theirs[@]:-0}" | median); br=$(printf '%s\n' "${theirs_rss[@]:-0}" | median)
    bytes=$(stat -c %s "$corpus"); articles=$(wc -l <"$corpus"); index_bytes=$(du -sb "$dir" | cut -f1)
    python3 -c "
a, ac, ar, b, br, n, m, i = $a, $ac, $ar, $b, $br, $bytes, $articles, $index_bytes
theirs = f'{b:.2f} | {br/1024:.0f} | {a/b:.2f}' if b else '– | – | –'
print(f'| {\"$name\"}.jsonl | {m:,} | {n/1e6:.1f} | {a:.2f} | {ac:.2f} | {ar/1024:.0f} | {i/1e6:.1f} | {i/n:.2f} | {theirs} |')"
  done
  # name | query (the classes of benches/query.rs)
  local cases=(
    "one-word|coffee"
    "two-word|oil prices"
    "five-word|central bank raises interest rates"
    "phrase|\"trade deficit\""
    "fuzzy|petroleim~1"
    "date-filtered|oil prices --since 1987-04 --until 1987-04"
    "faceted|oil prices --facets"
  )
  echo
  echo "## Scaling: the whole \`search\` process (hyperfine -N, $query_runs runs, median ms; page cache warm)"
  echo
  local header="| query |" rule="|---|"
  for name in $names; do
    [ -d "$bench/index-scale-$name" ] && { header+=" $name |"; rule+="---|"; }
  done
  echo "$header"; echo "$rule"
  for case in "${cases[@]}" "facets over all|stats"; do
    IFS='|' read -r label query <<<"$case"
    local row="| $label: \`$query\` |"
    for name in $names; do
      local dir="$bench/index-scale-$name" json="$bench/results/hf-scale.json"
      [ -d "$dir" ] || continue
      if [ "$query" = stats ]; then
        hyperfine -N --warmup 3 --runs "$query_runs" --export-json "$json" \
          "$SEARCH_BIN --index $dir --color never stats" >/dev/null 2>&1
      else
        # Flags after the words: `search` takes them anywhere.
        local words=${query%% --*} flags=""
        [ "$words" != "$query" ] && flags="--${query#* --}"
        hyperfine -N --warmup 3 --runs "$query_runs" --export-json "$json" \
          "$SEARCH_BIN --index $dir --color never $flags '$words'" >/dev/null 2>&1
      fi
      row+=" $(python3 -c "import json, statistics; print(f'{statistics.median(json.load(open(\"$json\"))[\"results\"][0][\"times\"]) * 1e3:.1f}')") |"
    done
    echo "$row"
  done
}

case $what in
  scale) scale ;;
  indexing) indexing ;;
  peers) peers ;;
  queries) queries ;;
  synced) synced ;;
  all) indexing; peers; queries; synced ;;
  *) echo "usage: $0 [indexing|peers|queries|synced|all|scale]" >&2; exit 2 ;;
esac
