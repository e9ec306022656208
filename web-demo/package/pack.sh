#!/usr/bin/env bash
# Build the npm package's tarball from the repository, in one command:
#   bash web-demo/package/pack.sh
# builds the engine when it is not built yet (web-demo/build-engine.sh), puts the
# wording rule set in the package (rules/language.rules, .js and the compiled
# rules/language.wasm), and writes web-demo/build/screening-engine-<version>.tgz.
# It then prints what a form downloads, gzipped, each way.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ ! -f "$here/pkg/screening_engine_bg.wasm" || ! -f "$here/pkg-tools/screening_tools_bg.wasm" || ! -f "$here/pkg-runtime/screening_runtime_bg.wasm" ]]; then
  bash "$root/web-demo/build-engine.sh" --no-example
fi
mkdir -p "$root/web-demo/build"
# `npm pack` runs the package's "prepack" (copy-rules.mjs) first.
tarball="$(cd "$here" && npm pack --silent --pack-destination "$root/web-demo/build" | tail -n 1)"
echo "Wrote web-demo/build/$tarball"
node "$root/tests/bench/size.mjs"
