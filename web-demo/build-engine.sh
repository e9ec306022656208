#!/usr/bin/env bash
# Build the screening engine for the browser:
#   engine (Rust) -> wasm32 -> wasm-bindgen (ES module) -> wasm-opt -> web-demo/package/pkg/
# then assemble the example referral form in web-demo/build/example-form/.
#
# Installs what it needs on a fresh machine and skips what is already there:
#   - the wasm32-unknown-unknown Rust target (rustup)
#   - wasm-bindgen-cli at exactly the version in Cargo.lock (cargo install)
#   - wasm-opt from npm binaryen@132 and govuk-frontend (npm ci in web-demo/tools)
# Nothing it builds is committed (pkg/, node_modules/, target/, web-demo/build/ are ignored).
#
# Usage: web-demo/build-engine.sh [--no-example]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

say() { printf '\n== %s\n' "$*" >&2; }

# 1. Rust target -------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli pinned to Cargo.lock's wasm-bindgen --------------------
bindgen_version="$(awk '
  $0 == "name = \"wasm-bindgen\"" { found = 1; next }
  found && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
if [[ -z "$bindgen_version" ]]; then
  echo "Could not find wasm-bindgen's version in Cargo.lock" >&2
  exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen_version" ]]; then
  say "Installing wasm-bindgen-cli $bindgen_version (this takes a few minutes, once)"
  # Not --locked: the CLI's own lock file pins crates that no longer build on current Rust.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# 3. npm build tools (wasm-opt, govuk-frontend) --------------------------------
tools="$here/tools"
if [[ ! -x "$tools/node_modules/.bin/wasm-opt" || ! -d "$tools/node_modules/govuk-frontend" \
      || "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]]; then
  say "Installing build tools (npm ci in web-demo/tools)"
  (cd "$tools" && npm ci --no-audit --no-fund)
fi
wasm_opt="$tools/node_modules/.bin/wasm-opt"

# 4. Compile ------------------------------------------------------------------
say "Compiling the engine for wasm32"
cargo build --release --target wasm32-unknown-unknown -p screening-engine --no-default-features --lib

# 5. Bindings -----------------------------------------------------------------
pkg="$here/package/pkg"
rm -rf "$pkg"
mkdir -p "$pkg"
say "Writing the JavaScript bindings"
wasm-bindgen --target web --out-dir "$pkg" --out-name screening_engine \
  "$root/target/wasm32-unknown-unknown/release/screening_engine.wasm"

# 6. Shrink -------------------------------------------------------------------
say "Optimising for size (wasm-opt -Oz)"
"$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types "$pkg/screening_engine_bg.wasm" -o "$pkg/screening_engine_bg.opt.wasm"
mv "$pkg/screening_engine_bg.opt.wasm" "$pkg/screening_engine_bg.wasm"
# wasm-bindgen writes a package.json and .gitignore of its own; the package's
# own package.json (one level up) is the one that counts.
rm -f "$pkg/package.json" "$pkg/.gitignore"

ls -l "$pkg" >&2

# 7. Example form -----------------------------------------------------------------
if [[ "${1:-}" != "--no-example" ]]; then
  "$here/example-form/build.sh"
fi
