#!/usr/bin/env bash
# Every test of the project, on a fresh machine: installs what it needs first.
#   bash tests/run-all.sh            # everything (about 20-30 minutes the first time)
#   FUZZ_SECONDS=30 bash tests/run-all.sh
# Steps: engine tests (unit, conformance corpus, property tests), the shipped
# rule files (check, test, fmt --check), a short fuzz run, the Wasm build and
# the browser tests (corpus through Wasm, example form, demo page).
# Ends with one line "N passed, N failed" summing every test runner.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
logs="$(mktemp -d)"
failed_steps=()
fuzz_seconds="${FUZZ_SECONDS:-60}"

step() { printf '\n===== %s\n' "$1"; }
run() { # run NAME COMMAND...: keep going after a failure, remember it
  local name="$1"; shift
  step "$name"
  if "$@" 2>&1 | tee "$logs/$(echo "$name" | tr -c 'a-zA-Z0-9' '_').log"; then :; else
    failed_steps+=("$name")
  fi
}

# ---------------------------------------------------------------- installs
step "Installing what the tests need"
if ! command -v cargo >/dev/null; then
  echo "Rust (cargo) is needed: https://rustup.rs" >&2; exit 2
fi
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  bash tests/setup-browser.sh || { echo "could not install Chromium" >&2; exit 2; }
fi
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# ---------------------------------------------------------------- engine
run "cargo test (unit, conformance corpus, property tests)" cargo test --workspace --locked
run "cargo build screen" cargo build --locked --bin screen
screen=target/debug/screen
run "screen check rules" "$screen" check rules/*.rules
run "screen test rules" "$screen" test rules/*.rules
run "screen fmt --check rules and corpus" "$screen" fmt --check rules/*.rules tests/corpus/eval/*.rules
run "cargo fmt --check" cargo fmt --all --check

# ---------------------------------------------------------------- fuzzing
fuzz() {
  if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal || { echo "no nightly toolchain: cannot fuzz"; return 1; }
  fi
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked || return 1
  cd engine
  for target in parse_check evaluate compiled; do
    mkdir -p "$root/engine/fuzz/corpus/$target"
    echo "fuzzing $target for ${fuzz_seconds}s"
    cargo +nightly fuzz run "$target" "$root/engine/fuzz/corpus/$target" "$root/tests/corpus/eval" -- \
      -max_total_time="$fuzz_seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 || return 1
  done
  echo "fuzz: 3 passed, 0 failed"
}
run "fuzz (${fuzz_seconds}s a target)" fuzz
cd "$root"

# ---------------------------------------------------------------- browser
run "build the engine for the browser" bash web-demo/build-engine.sh
if [[ -f web-demo/build-demo.mjs ]]; then
  build_demo() { (cd web-demo && npm ci --no-audit --no-fund && node build-demo.mjs); }
  run "build the demo page" build_demo
fi
run "browser and Node tests" bash tests/e2e/run.sh

# ---------------------------------------------------------------- summary
passed=0; failed=0
for f in "$logs"/*.log; do
  # cargo test and libtest: "test result: ok. 12 passed; 0 failed"
  while read -r p q; do passed=$((passed + p)); failed=$((failed + q)); done < <(
    sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$f")
  # screen test, fuzz: "12 passed, 0 failed"
  while read -r p q; do passed=$((passed + p)); failed=$((failed + q)); done < <(
    sed -n 's/^\(fuzz: \)\{0,1\}\([0-9]*\) passed, \([0-9]*\) failed$/\2 \3/p' "$f")
  # node --test: "# pass 12" / "# fail 0" (ℹ pass in the spec reporter)
  p=$(awk '/^(#|ℹ) pass [0-9]+$/ { s += $3 } END { print s + 0 }' "$f")
  q=$(awk '/^(#|ℹ) fail [0-9]+$/ { s += $3 } END { print s + 0 }' "$f")
  passed=$((passed + ${p:-0})); failed=$((failed + ${q:-0}))
done
echo
if [[ ${#failed_steps[@]} -gt 0 ]]; then
  echo "Steps that failed:"; printf '  - %s\n' "${failed_steps[@]}"
  failed=$((failed > 0 ? failed : ${#failed_steps[@]}))
fi
echo "$passed passed, $failed failed"
[[ ${#failed_steps[@]} -eq 0 ]]
