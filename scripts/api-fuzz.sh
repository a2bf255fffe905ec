#!/usr/bin/env bash
# schemathesis (PyPI) against `search serve`'s own OpenAPI document: every operation with
# generated valid and invalid parameters, every check (no 5xx, status codes and bodies as
# documented, content types), for EXAMPLES cases per operation.
#
#   scripts/api-fuzz.sh [CORPUS.jsonl]     # default: reuters.jsonl, see BENCHMARKS.md
#
# Environment: EXAMPLES (1000), SEARCH_BIN (target/release/search), ST (st; e.g. a venv's
# bin/st after `pip install schemathesis`), WORK (a temp folder).
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${1:-${NEWSDEX_CORPORA:-${TMPDIR:-/tmp}/newsdex-corpora}/reuters.jsonl}
[ $# -gt 0 ] && shift  # the rest goes to schemathesis
EXAMPLES=${EXAMPLES:-1000}
SEARCH_BIN=${SEARCH_BIN:-target/release/search}
ST=${ST:-st}
WORK=${WORK:-$(mktemp -d)}

command -v "$ST" >/dev/null || { echo "schemathesis is needed: pip install schemathesis" >&2; exit 1; }
[ -x "$SEARCH_BIN" ] || cargo build --release --locked --workspace
[ -d "$WORK/index" ] || "$SEARCH_BIN" --index "$WORK/index" index --quiet --max-file-size 1000000000 "$CORPUS" >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$SEARCH_BIN" --index "$WORK/index" serve --quiet --addr "127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/health" && break; sleep 0.1; done

"$ST" run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --checks all --max-examples "$EXAMPLES" --workers 2 \
  --report junit --report-dir "$WORK/report" "$@" 2>&1 | tee "$WORK/st.log"
echo "report: $WORK/report"
