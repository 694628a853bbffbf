#!/usr/bin/env bash
# The main job on the bundled sample, non-interactively. Usage: run.sh PROJECT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="${1:-demo-project}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$project"
step "1. Create a project"
bitextual init "$project"

step "2. Import the Chinese article and its machine-translated English (boilerplate set aside)"
bitextual add --project "$project" "$here/zh-keqiao-seminar.txt" "$here/en-keqiao-seminar.txt"
bitextual boilerplate --project "$project"

step "3. Load the starter garment/textile glossary"
bitextual glossary import --starter --project "$project"

step "4. Pair the documents and align their sentences (multilingual USE, offline)"
bitextual align --project "$project"

step "5. Check: garbles learned from the text, title-case damage, mojibake, spacing, terminology"
bitextual check --project "$project"

step "6. Repair the English file (safe suggestions only; every other byte kept)"
bitextual fix "$here/en-keqiao-seminar.txt" --out "$project/fixed" --report "$project/fixed/report.jsonl"

step "7. Export the parallel text"
mkdir -p "$project/exports"
bitextual export --project "$project" --format tmx -o "$project/exports/demo.tmx"
bitextual export --project "$project" --format xliff -o "$project/exports/demo.xlf"
bitextual export --project "$project" --format tsv -o "$project/exports/demo.tsv"

step "Summary"
bitextual status --project "$project"
cat <<TXT

Outputs:
  project store      $project/bitextual.db
  repaired English   $project/fixed/en-keqiao-seminar.txt   (all suggestions: $project/fixed/report.jsonl)
  parallel text      $project/exports/demo.tmx  demo.xlf  demo.tsv

Review the pairs and suggestions in the terminal UI:
  .venv/bin/bitextual review $project
TXT
