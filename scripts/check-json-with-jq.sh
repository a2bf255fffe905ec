#!/usr/bin/env bash
# Checks `search --json` the way scripts read it, with jq: every highlight, sliced as jq
# slices strings (by code points), is a query word or its spelling variant (Shoygu); the
# last line is the summary, also when nothing matched.
# Usage: scripts/check-json-with-jq.sh [path/to/search]   (default: target/debug/search)
set -euo pipefail
cd "$(dirname "$0")/.."
search=${1:-target/debug/search}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$search" --index "$tmp/index" index data >/dev/null
"$search" --index "$tmp/index" --json "Shoigu Pyongyang" >"$tmp/out.jsonl"

marked=$(jq -r 'select(.type == "hit") | . as $hit
  | ($hit.highlights[] | $hit.snippet[.[0]:.[1]]),
    ($hit.title_highlights[] | $hit.title[.[0]:.[1]])
  | ascii_downcase' "$tmp/out.jsonl" | sort -u | tr '\n' ' ')
case "$marked" in
  "pyongyang shoigu " | "pyongyang shoigu shoygu ") ;;
  *)
    echo "jq slices of the highlights are not the query words: $marked" >&2
    exit 1
    ;;
esac
# The check means something only if some snippet has multi-byte characters before a
# highlight (it starts with "…"), where bytes and code points differ.
jq -e -s '[.[] | select(.type == "hit") | select(.snippet | startswith("…"))] | length > 0' \
  "$tmp/out.jsonl" >/dev/null
jq -e -s 'last | .type == "summary" and .total == 5' "$tmp/out.jsonl" >/dev/null

"$search" --index "$tmp/index" --json --exact Pyongyanng >"$tmp/none.jsonl" || test $? -eq 1
jq -e -s 'length == 1 and .[0].type == "summary" and .[0].total == 0' "$tmp/none.jsonl" >/dev/null
echo "search --json sliced by jq: ok ($marked)"
