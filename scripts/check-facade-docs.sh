#!/usr/bin/env bash
# Checks that the docs of the `newsdex` crate have a page for every public type of the
# crates it gathers (structs, enums, traits, type aliases, and the public modules), so an
# embedder finds everything in one crate's docs. Run after
# `cargo doc --workspace --no-deps`; prints what is missing and fails if anything is.
set -euo pipefail
cd "$(dirname "$0")/.."
doc=${CARGO_TARGET_DIR:-target}/doc
[ -e "$doc/newsdex/index.html" ] || { echo "no docs in $doc: run cargo doc first" >&2; exit 2; }

# Types re-exported under another name, as `crate/page=facade page`.
renamed=" newsdex_export/enum.Format.html=enum.ExportFormat.html "
# Text helpers the crates share among themselves, reachable from no public signature.
internal=" newsdex_schema/cjk/index.html newsdex_schema/translit/index.html "

missing=()
checked=0
for crate in newsdex_schema newsdex_ingest newsdex_indexer newsdex_query newsdex_export; do
  [ -d "$doc/$crate" ] || { echo "no docs for $crate in $doc" >&2; exit 2; }
  for page in "$doc/$crate"/struct.*.html "$doc/$crate"/enum.*.html \
    "$doc/$crate"/trait.*.html "$doc/$crate"/type.*.html "$doc/$crate"/*/index.html; do
    [ -e "$page" ] || continue
    name=${page#"$doc/$crate/"}
    case "$name" in src/* | static.files/*) continue ;; esac
    case "$internal" in *" $crate/$name "*) continue ;; esac
    want=$name
    case "$renamed" in *" $crate/$name="*)
      want=${renamed#*" $crate/$name="}
      want=${want%% *}
      ;;
    esac
    checked=$((checked + 1))
    [ -e "$doc/newsdex/$want" ] || missing+=("$crate/$name")
  done
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "the newsdex crate's docs have no page for:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "newsdex docs: all $checked public types and modules of its crates are there"
