#!/usr/bin/env bash
# Trains and evaluates every recipe the way the README's results table reports them, on the pure-Java backend.
#   scripts/recipes/run-all.sh [OUT_DIR]      (default: runs/)
# Needs the shaded jar (mvn -B -q -pl examples -am package -DskipTests) and the corpora in ../shared/data or
# $CADENZA_DATA. Every command prints what it measured; each run's folder keeps result.json, metrics.jsonl,
# loss-curve.png, the checkpoints and the generated pieces.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="${JAR:-$ROOT/examples/target/cadenza.jar}"
OUT="${1:-runs}"
cadenza() { java --add-modules jdk.incubator.vector -jar "$JAR" "$@"; }
mkdir -p "$OUT"

# S3: the seed's network and hyper-parameters; then three chorales at temperatures 0.8, 1.0 and 1.5 from the
# seed's primer (the first 8 chords of test chorale 2), as MIDI, WAV (Gervill and the seed's sine synthesizer)
# and a piano roll.
cadenza train bach-chorales --preset seed --out "$OUT/bach-chorales"
for t in 0.8 1.0 1.5; do
  cadenza generate "$OUT/bach-chorales/best.cadenza" --sampler temperature -O temperature=$t --pieces 1 --seed 7 \
    --format midi,wav,sine-wav,png,musicxml --out "$OUT/bach-chorales/generated-t$t"
done
cadenza evaluate "$OUT/bach-chorales/best.cadenza" --pieces 10 -O temperature=1.0 --out "$OUT/bach-chorales/evaluation"

# Sequence to vector: tune type from the notes of irish.abc tunes (prints the majority-class baseline).
cadenza train tune-type --out "$OUT/tune-type"

# S2: piano note/chord strings; 500-token pieces at temperature 1.0 must not collapse into one repeated pitch.
cadenza train piano-note-chord --out "$OUT/piano-note-chord"
cadenza generate "$OUT/piano-note-chord/best.cadenza" --sampler temperature -O temperature=1.0 --pieces 5 --seed 3 \
  --format midi --out "$OUT/piano-note-chord/generated"
cadenza evaluate "$OUT/piano-note-chord/best.cadenza" --pieces 5 -O temperature=1.0 --out "$OUT/piano-note-chord/evaluation"

# S1: irish.abc characters; parse rate of generated tunes without and with the ABC grammar constraint.
cadenza train irish-abc --out "$OUT/irish-abc"
cadenza generate "$OUT/irish-abc/best.cadenza" --sampler temperature -O temperature=1.0 --pieces 10 --seed 5 \
  --format midi --out "$OUT/irish-abc/generated-unconstrained"
cadenza generate "$OUT/irish-abc/best.cadenza" --sampler abc-grammar -O temperature=1.0 --pieces 10 --seed 5 \
  --format midi,wav --out "$OUT/irish-abc/generated-grammar"
