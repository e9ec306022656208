#!/usr/bin/env bash
# Assemble the example form in web-demo/build/example-form/ (see build.mjs).
set -euo pipefail
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/build.mjs" "$@"
