#!/usr/bin/env bash
# Build the screening engine for the browser, in three Wasm builds of the same crate:
#   authoring (cargo feature `authoring`: what the rule editor needs on every
#     keystroke: compile, check, outline, evaluate, present, the file's tests)
#     -> wasm-bindgen (ES module) -> wasm-opt -> web-demo/package/pkg/
#   tools (`--features tools`: what the editor uses on a click, loaded by the
#     package on first use: coverage, impact diff, sign-off document, format,
#     compileToWasm) -> ... -> web-demo/package/pkg-tools/
#   runtime (`--no-default-features --features runtime`: screens with a rule set
#     compiled to .wasm; no parser or checker) -> ... -> web-demo/package/pkg-runtime/
# then assemble the example referral forms in web-demo/build/.
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

# 4-6. Compile, bind and shrink each build ------------------------------------
# build NAME OUT_DIR TARGET_DIR CARGO_FEATURE_ARGS...
# Each build has its own target directory: the three share one crate, and with
# one directory the second build would overwrite the first's .wasm (and cargo
# could take a stale one for fresh when switching back).
build() {
  local name="$1" out="$2" target_dir="$3"
  shift 3
  say "Compiling the $name engine for wasm32"
  cargo build --release --target wasm32-unknown-unknown -p screening-engine --lib --target-dir "$target_dir" "$@"
  rm -rf "$out"
  mkdir -p "$out"
  say "Writing the $name JavaScript bindings"
  wasm-bindgen --target web --out-dir "$out" --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/release/screening_engine.wasm"
  # --converge: repeat -Oz until it gains nothing more (about 2 KB gzipped
  # off the authoring build, for a slower wasm-opt).
  say "Optimising the $name build for size (wasm-opt -Oz --converge)"
  "$wasm_opt" -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types "$out/${name}_bg.wasm" -o "$out/${name}_bg.opt.wasm"
  mv "$out/${name}_bg.opt.wasm" "$out/${name}_bg.wasm"
  # wasm-bindgen writes a package.json and .gitignore of its own; the package's
  # own package.json (one level up) is the one that counts.
  rm -f "$out/package.json" "$out/.gitignore"
  ls -l "$out" >&2
}

# The runtime and the authoring engine read and write JSON with the crate's
# own `json` module: serde_json is for the tools build and the command line
# only. (`cargo tree` lists what the build links; -e normal leaves out the
# dev-dependencies, where serde_json is the tests' oracle.)
for feature in runtime authoring; do
  deps="$(cargo tree --offline -e normal --no-default-features --features "$feature" \
    --target wasm32-unknown-unknown -p screening-engine --prefix none)"
  if ! grep -q '^postcard ' <<<"$deps"; then
    echo "cargo tree did not list the $feature build's dependencies (no postcard): update this check in build-engine.sh" >&2
    exit 1
  fi
  if grep -q '^serde_json ' <<<"$deps"; then
    echo "The $feature build depends on serde_json: see cargo tree -e normal --no-default-features --features $feature -i serde_json" >&2
    exit 1
  fi
done

build screening_engine "$here/package/pkg" "$root/target" --no-default-features --features authoring
build screening_tools "$here/package/pkg-tools" "$root/target/wasm-tools" --no-default-features --features tools
build screening_runtime "$here/package/pkg-runtime" "$root/target/wasm-runtime" --no-default-features --features runtime

# The wording rule set in the package, as text, module and compiled .wasm
# (so the package folder is complete, not only at pack time).
node "$here/package/copy-rules.mjs"

# The runtime must carry no parser, checker or formatter: its bindings export
# none of the authoring functions, and none of the rule-file messages that only
# the parser and checker write made it into the .wasm.
rt="$here/package/pkg-runtime"
if grep -Eq 'export function (compile|check|format|compileToWasm)\b|class RuleSet\b' "$rt/screening_runtime.js"; then
  echo "The runtime build exports authoring functions: see $rt/screening_runtime.js" >&2
  exit 1
fi
# (The authoring .wasm must hold them, or this check proves nothing.)
parser_says='This text has no closing quote mark'
checker_says='Write the lower number first'
for text in "$parser_says" "$checker_says"; do
  if ! grep -aqF "$text" "$here/package/pkg/screening_engine_bg.wasm"; then
    echo "The authoring build no longer says \"$text\": update this check in build-engine.sh" >&2
    exit 1
  fi
done
if grep -aqF -e "$parser_says" -e "$checker_says" "$rt/screening_runtime_bg.wasm"; then
  echo "The runtime build contains the parser's or checker's messages: something in wasm/runtime.rs reaches them" >&2
  exit 1
fi

# The authoring engine is what the editor needs on every keystroke: the tools
# (review, formatter, compiler) are in their own build, loaded on first use.
# Its bindings export none of them, and none of the words only they write made
# it into its .wasm; the tools build must hold them, or this proves nothing.
if grep -Eq 'export function (format|compileToWasm|diffRuleSets|signoffDocument|coverage)\b|^    coverage\(' "$here/package/pkg/screening_engine.js"; then
  echo "The authoring build exports a tool: see $here/package/pkg/screening_engine.js" >&2
  exit 1
fi
# The impact diff, coverage, the sign-off document, and the compiler (the name
# under which a compiled module imports the runtime's month arithmetic).
tools_say=('Now undecided because the form predates a new question' 'was never reached in a test' 'Changes shown since' 'months_until')
for text in "${tools_say[@]}"; do
  if ! grep -aqF "$text" "$here/package/pkg-tools/screening_tools_bg.wasm"; then
    echo "The tools build no longer says \"$text\": update this check in build-engine.sh" >&2
    exit 1
  fi
  if grep -aqF "$text" "$here/package/pkg/screening_engine_bg.wasm"; then
    echo "The authoring build contains the tools' words (\"$text\"): something in wasm/authoring.rs reaches the review tools" >&2
    exit 1
  fi
done

# 7. Example form -----------------------------------------------------------------
if [[ "${1:-}" != "--no-example" ]]; then
  "$here/example-form/build.sh"
fi
