#!/usr/bin/env bash
# Run every browser-side test: the JS API, the npm package, the conformance
# corpus through Wasm (Node, against native), compiled rule sets against the
# interpreter (Node, both through Wasm), the example forms and the demo
# and training page end to end in
# headless Chromium, and the wasm-bindgen tests in headless Chromium; then the
# size report. Assumes web-demo/build-engine.sh and the demo build have run.
#
#   tests/e2e/run.sh            all of it
#   tests/e2e/run.sh --bench    also the benchmark (Node and Chromium)
#   SKIP_WASM_BINDGEN_TEST=1    skip the cargo wasm-bindgen tests
set -euo pipefail
tests="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$tests/.." && pwd)"
cd "$tests"

if [[ ! -f "$root/web-demo/package/pkg/screening_engine_bg.wasm" || ! -f "$root/web-demo/package/pkg-runtime/screening_runtime_bg.wasm" \
      || ! -f "$root/web-demo/package/pkg-tools/screening_tools_bg.wasm" \
      || ! -f "$root/web-demo/build/example-form/index.html" ]]; then
  echo "The Wasm package is not built: run web-demo/build-engine.sh first." >&2
  exit 1
fi
# The example forms carry a copy of the package: refresh them if the package is newer.
if [[ "$root/web-demo/package/pkg/screening_engine_bg.wasm" -nt "$root/web-demo/build/example-form/index.html" \
      || "$root/web-demo/package/pkg-runtime/screening_runtime_bg.wasm" -nt "$root/web-demo/build/example-form/index.html" \
      || ! -f "$root/web-demo/build/example-form-one-child/index.html" ]]; then
  node "$root/web-demo/example-form/build.mjs"
fi
bash "$tests/setup-browser.sh"
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

# A failing group does not stop the next: every group runs, so one failure
# cannot hide another, and the script fails at the end if any group failed.
failed=0

echo "== Node and Chromium tests (node --test)"
node --test --test-concurrency=1 e2e/api.test.mjs e2e/corpus.test.mjs e2e/compiled-corpus.test.mjs e2e/compiled-form.test.mjs e2e/package.test.mjs e2e/embed-unit.test.mjs e2e/attach-parts.test.mjs \
  e2e/example-form.test.mjs e2e/example-form-one-child.test.mjs e2e/attach-none.test.mjs e2e/signoff.test.mjs e2e/review-api.test.mjs e2e/demo-review.test.mjs e2e/pack.test.mjs e2e/third-form.test.mjs \
  e2e/binding-controls.test.mjs e2e/binding-wasm.test.mjs || failed=1

echo "== The demo and training page (node --test)"
if [[ ! -f "$root/web-demo/build/index.html" ]]; then
  echo "The demo page is not built: run (cd web-demo && npm ci && node build-demo.mjs) first." >&2
  exit 1
fi
node --test --test-concurrency=1 e2e/demo-store.test.mjs e2e/demo.test.mjs e2e/demo-training.test.mjs e2e/demo-editor.test.mjs e2e/headline.test.mjs || failed=1

if [[ -z "${SKIP_WASM_BINDGEN_TEST:-}" ]]; then
  echo "== wasm-bindgen tests in headless Chromium"
  node e2e/wasm-corpus-list.mjs
  (cd "$root" && CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
    cargo test --target wasm32-unknown-unknown -p screening-engine --no-default-features --features authoring --test wasm) || failed=1
fi

echo "== Size"
node bench/size.mjs

if [[ "${1:-}" == "--bench" ]]; then
  echo "== Benchmark"
  node bench/bench.mjs
  echo "== A whole rule file pasted into the demo page's editor"
  node bench/paste.mjs 3
  PASTE_HOW=insertText node bench/paste.mjs 3
fi
exit "$failed"
