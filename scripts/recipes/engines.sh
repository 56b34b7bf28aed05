#!/usr/bin/env bash
# Every recipe of the model contract v2 (conditioned tokens, multi-hot frames, regression, a binary classifier) for one
# epoch on each native engine, then generation or evaluation from its checkpoint on the same engine: proof that they
# run end to end on DJL and DL4J, not a result (the results are run-all.sh's, on the pure engine).
#   scripts/recipes/engines.sh [OUT_DIR] [ENGINES]      (defaults: runs-engines/, "djl dl4j")
# Needs the jar with every engine: mvn -B -q -pl examples -am package -DskipTests -Pall-backends
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="${JAR:-$ROOT/examples/target/cadenza.jar}"
OUT="${1:-runs-engines}"
ENGINES="${2:-djl dl4j}"
cadenza() { java --add-modules jdk.incubator.vector -jar "$JAR" "$@"; }
mkdir -p "$OUT"

for e in $ENGINES; do
  run() { local name=$1; shift; echo "== $e: $name"; local t0=$SECONDS; cadenza "$@" --backend "$e"; echo "== $e: $name: $((SECONDS - t0)) s"; }
  run "jazz seed"        train jazz --preset seed --epochs 1 --out "$OUT/$e/jazz-seed"
  run "jazz generate"    generate "$OUT/$e/jazz-seed/last.cadenza" --sampler top-p -O p=0.9 --pieces 1 --seed 3 --format midi --out "$OUT/$e/jazz-seed/generated"
  run "jazz chord-fed"   train jazz --preset default --epochs 1 --out "$OUT/$e/jazz-default"
  run "lead-sheet"       train lead-sheet --preset default --epochs 1 --out "$OUT/$e/lead-sheet"
  run "lead-sheet chart" generate "$OUT/$e/lead-sheet/last.cadenza" --sampler top-p -O p=0.9 --pieces 1 --seed 3 \
                           --chords "K:G G | D7 | G C | D7 G" --format midi,abc --out "$OUT/$e/lead-sheet/generated"
  run "forecast seq2seq" train forecast --preset seq2seq --epochs 1 --out "$OUT/$e/forecast-seq2seq"
  run "tempo"            train tempo --preset default --epochs 1 --out "$OUT/$e/tempo"
  run "reel"             train reel --preset default --epochs 1 --out "$OUT/$e/reel"
  run "piano-roll"       train piano-roll --preset lstm --epochs 1 --out "$OUT/$e/piano-roll"
  run "piano-roll draw"  generate "$OUT/$e/piano-roll/last.cadenza" -O temperature=1.0 --pieces 1 --seed 7 --format midi --out "$OUT/$e/piano-roll/generated"
done
