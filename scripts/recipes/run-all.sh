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

# S4: the jazz seed (the assignment's model on 60 windows of 30 grammar values; it prints the value and window
# counts), then a solo over the corpus' chords with the original accompaniment: the seed's argmax and top-p.
cadenza train jazz --preset seed --out "$OUT/jazz-seed"
cadenza generate "$OUT/jazz-seed/last.cadenza" --sampler greedy --pieces 1 --format midi,wav,musicxml,abc --out "$OUT/jazz-seed/generated-argmax"
cadenza generate "$OUT/jazz-seed/last.cadenza" --sampler top-p -O p=0.9 --pieces 2 --seed 3 --format midi,wav --out "$OUT/jazz-seed/generated-top-p"
# The same grammar with and without the chord fed at each step (the last three measures held out).
for p in default unconditioned; do
  cadenza train jazz --preset $p --out "$OUT/jazz-$p"
done
cadenza generate "$OUT/jazz-default/last.cadenza" --sampler top-p -O p=0.9 --pieces 1 --chords "Dm7 | G7 | Cmaj7 | Cmaj7" \
  --format midi,musicxml --out "$OUT/jazz-default/generated-chart"

# Beyond the seeds: Nottingham melodies over their chord symbols, with and without the chords fed at each step;
# each evaluated on 20 pieces over the charts of 20 held-out tunes, beside those tunes.
for p in default unconditioned; do
  cadenza train lead-sheet --preset $p --out "$OUT/lead-sheet-$p"
  cadenza evaluate "$OUT/lead-sheet-$p/best.cadenza" --pieces 20 --sampler top-p -O p=0.9 --out "$OUT/lead-sheet-$p/evaluation"
done
cadenza generate "$OUT/lead-sheet-default/best.cadenza" --sampler top-p -O p=0.9 --pieces 2 --chords "K:G G | D7 | G C | D7 G | G | D7 | G C | D7 G" \
  --format midi,wav,musicxml,abc --out "$OUT/lead-sheet-default/generated-chart"

# S3 past its reference: the seed's tokens, windows, network and test split, with dropout around the LSTM and a
# decaying rate, three seeds (the notebook: test accuracy 0.8164, loss 0.656-0.663; best validation accuracy 0.8244).
for s in 42 1 2; do
  cadenza train bach-chorales --preset best --seed $s --out "$OUT/bach-chorales-best-$s"
done

# S5 forecasting: Geron's chapter 15 models on his synthetic series (the same 10,000 series for every preset, 20 epochs
# each); result.json holds each model's validation and test MSE beside the naive forecast and the notebook's figure.
for p in linear simple-rnn deep-rnn linear-10 seq2vec seq2seq; do
  cadenza train forecast --preset $p --out "$OUT/forecast-$p"
done

# The same on music: the next 7 beats' tempo of the piano performances from the last 30, Chopin held out for the test,
# beside the naive and linear forecasts (errors in BPM), with a PNG of test forecasts.
for p in seed default seq2seq; do
  cadenza train tempo --preset $p --out "$OUT/tempo-$p"
done
cadenza evaluate "$OUT/tempo-default/best.cadenza" --out "$OUT/tempo-default/evaluation"

# A binary classifier: is an irish.abc tune a reel? Test accuracy beside the majority class.
for p in seed default; do
  cadenza train reel --preset $p --out "$OUT/reel-$p"
done

# The polyphonic benchmark: JSB chorales as quarter-note piano rolls, test NLL per frame (Bai et al. 2018: LSTM 8.45,
# GRU 8.43, TCN 8.10); lstm and gru are of the benchmark's size, best adds dropout and transposed training copies.
# Then chorales drawn frame by frame (at most 4 keys) as MIDI, MusicXML and piano-roll PNG, and their statistics beside
# the corpus'.
for p in lstm gru best; do
  cadenza train piano-roll --preset $p --patience 10 --out "$OUT/piano-roll-$p"
done
cadenza generate "$OUT/piano-roll-best/best.cadenza" -O temperature=1.0 --pieces 3 --seed 7 --format midi,musicxml,png \
  --out "$OUT/piano-roll-best/generated"
cadenza evaluate "$OUT/piano-roll-best/best.cadenza" -O temperature=1.0 --pieces 20 --out "$OUT/piano-roll-best/evaluation"

# The same recipe on the piano corpus, sixteenth-note frames, Chopin held out.
for p in lstm best; do
  cadenza train piano-roll-midi --preset $p --patience 10 --out "$OUT/piano-roll-midi-$p"
done
cadenza evaluate "$OUT/piano-roll-midi-best/best.cadenza" -O temperature=1.0 --pieces 10 --out "$OUT/piano-roll-midi-best/evaluation"
