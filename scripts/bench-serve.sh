#!/usr/bin/env bash
# HTTP search under load on loopback: `search serve` against `tantivy serve` (tantivy-cli
# 0.24) and Meilisearch 1.21 on the same corpus and the same query, with wrk.
#
#   scripts/bench-serve.sh [CORPUS.jsonl]          # default: reuters-x4.jsonl, see BENCHMARKS.md
#
# Each engine indexes the corpus once (title and body searchable; indexes already in WORK
# from an earlier run over the same corpus are reused), then each round runs
# wrk against each engine in turn (alternating, so a change in the machine's load falls
# on all of them) at every connection count. newsdex runs twice: as served (a search asked
# again is answered from the results kept) and with `--cache 0` (every request searched). Reported: median over rounds of wrk's p50,
# p99 and requests/s, and the machine's load average at the start of each round.
#
# Environment: QUERY ("oil prices"), CONNS ("1 2 8"), DURATION (10s), ROUNDS (3),
# SEARCH_BIN (target/release/search), TANTIVY_BIN (tantivy), MEILI_BIN (meilisearch),
# PEERS (../shared/peers, for tantivy-cli's index layout), WORK (a temp folder),
# SOAK (0; seconds of a memory run of `search serve` at 8 connections after the rounds).
# Needs wrk (Debian: wrk), curl and python3. An engine whose binary is missing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${1:-${NEWSDEX_CORPORA:-${TMPDIR:-/tmp}/newsdex-corpora}/reuters-x4.jsonl}
QUERY=${QUERY:-oil prices}
CONNS=${CONNS:-1 2 8}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
SOAK=${SOAK:-0}
SEARCH_BIN=${SEARCH_BIN:-target/release/search}
TANTIVY_BIN=${TANTIVY_BIN:-tantivy}
MEILI_BIN=${MEILI_BIN:-meilisearch}
PEERS=${PEERS:-../shared/peers}
WORK=${WORK:-$(mktemp -d)}
OUT=$WORK/results.tsv

[ -f "$CORPUS" ] || { echo "no corpus at $CORPUS: run scripts/fetch-corpora.sh" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ -x "$SEARCH_BIN" ] || cargo build --release --locked --workspace
q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$QUERY")

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # URL
  for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "no answer from $1" >&2; return 1
}
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

declare -A URL PID
echo "work folder: $WORK" >&2

# newsdex: the CLI's index over the corpus, served read-only.
index=$WORK/newsdex
# (--max-file-size: the x4 file is over the default whole-file limit.)
"$SEARCH_BIN" --index "$index" index --quiet --max-file-size 1000000000 "$CORPUS" >/dev/null
port=$(free_port)
"$SEARCH_BIN" --index "$index" serve --quiet --addr "127.0.0.1:$port" 2>"$WORK/newsdex.log" &
PID[newsdex]=$!; PIDS+=($!)
URL[newsdex]="http://127.0.0.1:$port/api/v1/search?q=$q&limit=10"
wait_for "${URL[newsdex]}"
# The same, searching every request (no results kept between requests).
port=$(free_port)
"$SEARCH_BIN" --index "$index" serve --quiet --cache 0 --addr "127.0.0.1:$port" 2>"$WORK/newsdex-searched.log" &
PID[newsdex-searched]=$!; PIDS+=($!)
URL[newsdex-searched]="http://127.0.0.1:$port/api/v1/search?q=$q&limit=10"
wait_for "${URL[newsdex-searched]}"
ENGINES=(newsdex newsdex-searched)

# tantivy-cli: the peers' index layout (title and body, en_stem, positions).
if command -v "$TANTIVY_BIN" >/dev/null 2>&1 && [ -f "$PEERS/bin/tantivy_cli.py" ]; then
  mkdir -p "$WORK/tantivy"
  segments=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["segments"]))' \
    "$WORK/tantivy/meta.json" 2>/dev/null || echo 0)
  if [ "$segments" = 0 ]; then
    TANTIVY_BIN=$TANTIVY_BIN python3 "$PEERS/bin/tantivy_cli.py" build "$CORPUS" "$WORK/tantivy" 2>/dev/null
  fi
  port=$(free_port)
  "$TANTIVY_BIN" serve -i "$WORK/tantivy" --host 127.0.0.1 -p "$port" >/dev/null 2>&1 &
  PID[tantivy]=$!; PIDS+=($!)
  URL[tantivy]="http://127.0.0.1:$port/api/?q=$q&nhits=10"
  wait_for "${URL[tantivy]}"
  ENGINES+=(tantivy)
else
  echo "skipping tantivy-cli: no $TANTIVY_BIN or no $PEERS/bin/tantivy_cli.py" >&2
fi

# Meilisearch: one index, title and body searchable, snippets of the body (crop) and
# highlights, as newsdex answers.
if command -v "$MEILI_BIN" >/dev/null 2>&1; then
  port=$(free_port)
  "$MEILI_BIN" --db-path "$WORK/meili" --http-addr "127.0.0.1:$port" --no-analytics \
    --env development --log-level WARN >/dev/null 2>&1 &
  PID[meili]=$!; PIDS+=($!)
  base="http://127.0.0.1:$port"
  wait_for "$base/health"
  have=$(curl -sf "$base/indexes/news/stats" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["numberOfDocuments"])' 2>/dev/null || echo 0)
  if [ "$have" != "$(wc -l <"$CORPUS" | tr -d ' ')" ]; then
    curl -sf -X DELETE "$base/indexes/news" >/dev/null || true
    curl -sf -X POST "$base/indexes" -H 'Content-Type: application/json' \
      -d '{"uid":"news","primaryKey":"id"}' >/dev/null
    curl -sf -X PATCH "$base/indexes/news/settings" -H 'Content-Type: application/json' \
      -d '{"searchableAttributes":["title","body"],"displayedAttributes":["id","title","date","source","body"]}' >/dev/null
    task=$(curl -sf -X POST "$base/indexes/news/documents" -H 'Content-Type: application/x-ndjson' \
      --data-binary @"$CORPUS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["taskUid"])')
    while :; do
      status=$(curl -sf "$base/tasks/$task" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
      case $status in succeeded) break ;; failed|canceled) echo "meilisearch: indexing $status" >&2; exit 1 ;; esac
      sleep 1
    done
  fi
  URL[meili]="$base/indexes/news/search?q=$q&limit=10&attributesToCrop=body&cropLength=30&attributesToHighlight=title,body&attributesToRetrieve=id,title,date,source"
  wait_for "${URL[meili]}"
  ENGINES+=(meili)
else
  echo "skipping Meilisearch: no $MEILI_BIN" >&2
fi

# One warm-up pass each.
for e in "${ENGINES[@]}"; do wrk -t1 -c1 -d2s "${URL[$e]}" >/dev/null; done

rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
printf 'round\tload\tengine\tconns\tp50_us\tp99_us\treq_s\trss_kb\n' >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  for c in $CONNS; do
    for e in "${ENGINES[@]}"; do
      t=$(( c < 2 ? 1 : 2 ))
      wrk -t"$t" -c"$c" -d"$DURATION" --latency "${URL[$e]}" >"$WORK/wrk-$e-$c-$round.txt"
      python3 - "$WORK/wrk-$e-$c-$round.txt" "$round" "$load" "$e" "$c" "$(rss "${PID[$e]}")" >>"$OUT" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def us(label):
    m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % re.escape(label), text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v * {"us": 1, "ms": 1e3, "s": 1e6}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors:
    sys.exit("%s: %s non-2xx answers" % (sys.argv[4], errors.group(1)))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
round_, load, engine, conns, rss = sys.argv[2:7]
print("\t".join([round_, load, engine, conns, "%.0f" % us("50%"), "%.0f" % us("99%"), "%.0f" % rps, rss]))
PY
    done
  done
done

if [ "$SOAK" -gt 0 ]; then
  # Memory of `search serve` over a long run at 8 connections: RSS every 10 s.
  wrk -t2 -c8 -d"${SOAK}s" "${URL[newsdex]}" >"$WORK/soak-wrk.txt" &
  w=$!
  : >"$WORK/soak-rss.txt"
  while kill -0 "$w" 2>/dev/null; do rss "${PID[newsdex]}" >>"$WORK/soak-rss.txt"; sleep 10; done
  echo "soak RSS (kB, every 10 s): $(tr '\n' ' ' <"$WORK/soak-rss.txt")"
  grep -E "Requests/sec|requests in" "$WORK/soak-wrk.txt"
fi

python3 - "$OUT" <<'PY'
import collections, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
by = collections.defaultdict(list)
loads = sorted({(r[0], r[1]) for r in rows})
for r in rows:
    by[(r[2], int(r[3]))].append(r)
print("load average at the start of each round: " + ", ".join(l for _, l in loads))
print()
print("| engine | connections | p50 ms | p99 ms | requests/s | RSS MB |")
print("|---|---|---|---|---|---|")
for (engine, conns), rs in sorted(by.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    med = lambda i: statistics.median(float(r[i]) for r in rs)
    print("| %s | %d | %.3f | %.3f | %.0f | %.0f |" % (engine, conns, med(4) / 1e3, med(5) / 1e3, med(6), med(7) / 1024))
PY
