#!/usr/bin/env bash
# The main job on the bundled sample, non-interactively. Usage: run.sh PROJECT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="${1:-demo-project}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$project"
step "1. Create the project"
bitextual init "$project"

step "Summary"
bitextual status --project "$project"
