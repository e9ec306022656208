#!/usr/bin/env bash
# Build the screening engine and the demo and training page, then serve it on
# 127.0.0.1 and print the address. Works on a fresh machine: installs what it
# needs (the Rust wasm32 target and wasm-bindgen via build-engine.sh, the
# page's npm packages via npm ci).
#
#   web-demo/serve.sh [--port N] [--no-engine]
#
#   --port N       serve on port N (default 8080, or a free one if that is taken)
#   --no-engine    skip rebuilding the engine (use web-demo/package/pkg as it is)
#
# Besides the served page, the build writes web-demo/build/screening-demo.html:
# one self-contained file a trainer can copy to a laptop and open from disk.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${PORT:-8080}"
engine=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --no-engine) engine=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "serve.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v node >/dev/null 2>&1; then
  echo "serve.sh: Node.js 18 or newer is needed (apt-get install nodejs npm)" >&2
  exit 1
fi

if [[ "$engine" == 1 || ! -f "$here/package/pkg/screening_engine_bg.wasm" ]]; then
  "$here/build-engine.sh" --no-example >&2
fi

if [[ ! -d "$here/node_modules/esbuild" || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  echo "== Installing the page's build tools (npm ci in web-demo)" >&2
  (cd "$here" && npm ci --no-audit --no-fund >&2)
fi

exec node "$here/build-demo.mjs" --serve --port "$port"
