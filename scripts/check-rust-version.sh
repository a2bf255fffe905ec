#!/usr/bin/env bash
# Checks the `rust-version` the workspace declares: no crate in Cargo.lock may need a newer
# Rust than it (their own `rust-version`), and it must not be newer than the toolchain in
# use. (clippy's `incompatible_msrv` lint, on in `.ci/run`, checks newsdex's own code
# against it: no standard library API stabilized later.) Needs jq.
set -euo pipefail
cd "$(dirname "$0")/.."
metadata=$(cargo metadata --format-version 1 --locked)
declared=$(jq -r '.packages[] | select(.name == "newsdex") | .rust_version' <<<"$metadata")
# The newest rust-version among the dependencies, with the crate that declares it.
newest=$(jq -r '.packages[] | select(.source != null and .rust_version != null)
  | "\(.rust_version) \(.name) \(.version)"' <<<"$metadata" | sort -V | tail -n 1)
needed=${newest%% *}
if [ "$(printf '%s\n%s\n' "$needed" "$declared" | sort -V | tail -n 1)" != "$declared" ]; then
  echo "rust-version is $declared, but ${newest#* } needs Rust $needed: raise it in Cargo.toml" >&2
  exit 1
fi
toolchain=$(rustc --version | cut -d' ' -f2)
if [ "$(printf '%s\n%s\n' "$declared" "$toolchain" | sort -V | tail -n 1)" != "$toolchain" ]; then
  echo "rust-version is $declared, newer than the Rust in use ($toolchain)" >&2
  exit 1
fi
echo "rust-version $declared: covers every locked dependency (newest needs $needed: ${newest#* }), and Rust $toolchain is at least that"
