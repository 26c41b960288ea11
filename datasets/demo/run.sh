#!/usr/bin/env bash
# The main job end to end on the data shipped in datasets/demo: a fresh project,
# the demo registry, the demo articles in Arabic and English, their statements
# with the actors and targets found in them; then a dataset built from the ANS sample, a model
# trained and evaluated on it, and its predictions on the demo articles.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${CLAIMS_DEMO_OUT:-out/demo}"
mkdir -p "$out"
export CLAIMS_DB="$out/claims.db"
rm -f "$CLAIMS_DB" "$CLAIMS_DB-wal" "$CLAIMS_DB-shm"
step() { printf '\n== %s\n' "$*"; }  # a heading before each part of the output

step "A project with the demo registry: the actors and targets to find"
claims init
claims registry import "$here/registry.yaml"
claims ingest "$here/articles" --published 2021-12-17 --source "claims demo"
step "The articles, then their statements: the reporting cue, who speaks, what is named"
claims articles
claims statements --speakers
claims statements --format jsonl > "$out/statements.jsonl"
claims stats

# Stance with no training data: targets where their aliases are written, the stance from what the
# reporting verb does («تنفي», "denied" oppose what they report), each row naming its source.
step "Stance from the reporting cues alone (no model, nothing stored)"
claims predict cues "$here/articles"
# A country's demonym is its alias in the registry: its offices speak for it, a Russian analyst does
# not (his phrase names no office or body of the state), so he stays unregistered.
step "Demonyms: «وزارة الخارجية الروسية» speaks for Russia, «محلل روسي» does not"
printf '%s\n\n' "وحذرت وزارة الخارجية الروسية من توسع الناتو شرقاً." "وحذر محلل روسي من توسع الناتو شرقاً." \
  "The Russian foreign ministry warned against NATO expansion." \
  "A Russian analyst warned against NATO expansion." | claims predict cues -

# Labelled data in, a Hugging Face dataset out: the ANS sample shipped in datasets/ans-sample,
# imported with its recipe and official splits, built into a dataset folder with its card.
step "The ANS sample imported and built into a dataset"
claims import-recipe ans "$(dirname "$here")/ans-sample"
claims dataset build "$out/dataset" --split-by given --pretty-name "ANS sample"

# A model trained on that dataset, evaluated on its test split, then run on the demo articles:
# first with the registry the model carries (no project needed), then stored into the project
# as model:* claims (never gold) and tracked.
step "A model trained on the ANS sample (progress on stderr), then evaluated on its test split"
rm -rf "$out/model"
claims train "$out/dataset" --out "$out/model" --name ans-demo
claims evaluate "$out/model" "$out/dataset"
step "The model run on the demo articles, its claims stored as model:* and tracked"
claims predict "$out/model" "$here/articles" --registry model --max-targets 2 --format jsonl > "$out/predictions.jsonl"
claims predict "$out/model" "$here/articles" --store
claims track --origin model
echo
echo "Done: project $CLAIMS_DB, statements in $out/statements.jsonl, dataset in $out/dataset, model in $out/model," \
     "its predictions (with the registry it carries) in $out/predictions.jsonl"
