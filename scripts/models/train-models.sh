#!/usr/bin/env bash
# Trains the pretrained models that the cadenza-models artifact ships, with the command line exactly as a user would,
# and writes them and their index (models/src/main/resources/META-INF/cadenza/pretrained.json): the training command,
# the SHA-256 of the corpus file, the licence of the corpus, and the test metrics of the shipped weights.
#   scripts/models/train-models.sh            # both models; about 25 minutes on 2 quiet cores
#   MODELS="irish-abc" scripts/models/train-models.sh
# Env: OUT (run folders, default runs/models), SKIP_TRAINING=1 (ship runs already in OUT), CADENZA_DATA (the corpora; default: the usual resolution).
# Only corpora whose licences allow redistribution of derived weights are used: irish.abc (MIT, the MIT 6.S191
# repository) and the JSB chorales (public domain compositions; Geron's CSV edition).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-$ROOT/runs/models}"
MODELS="${MODELS:-bach-chorales irish-abc}"
JAR="$ROOT/examples/target/cadenza.jar"
RES="$ROOT/models/src/main/resources"
[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -q -pl examples -am package -DskipTests)
cadenza() { java --add-modules jdk.incubator.vector -Xss8m -Djava.awt.headless=true -jar "$JAR" "$@"; }

for m in $MODELS; do
  case "$m" in
    bach-chorales) args=(train bach-chorales --preset seed --seed 42) ;;
    irish-abc) args=(train irish-abc --preset default --seed 42) ;;
    *) echo "unknown model $m" >&2; exit 2 ;;
  esac
  [[ -n "${SKIP_TRAINING:-}" ]] || cadenza "${args[@]}" --out "$OUT/$m"
  # shipped without the optimizer's state: a third of the size, and it samples the same
  mkdir -p "$RES/dev/cadenza/models"
  cadenza checkpoint strip "$OUT/$m/best.cadenza" "$RES/dev/cadenza/models/$m.cadenza"
  cp "$OUT/$m/result.json" "$OUT/$m.result.json"
done

python3 - "$ROOT" "$OUT" <<'PY'
import json, sys, os
root, out = sys.argv[1], sys.argv[2]
manifest = {}
for line in open(os.path.join(root, "corpora/src/main/resources/dev/cadenza/corpus/corpus-manifest.tsv")):
    if line.startswith("#") or not line.strip(): continue
    f = line.rstrip("\n").split("\t")
    manifest[f[1]] = (f[2], f[3], f[4], f[5])
def source(path):
    repo, commit, upstream, sha = manifest[path]
    return f"{path} from {repo} at {commit[:12]} ({upstream})", sha
models = []
specs = {
  "bach-chorales": dict(description="four-part chorales in the style of J.S. Bach, as arpeggiated chords (S3: dilated causal convolutions + LSTM)",
                        command="cadenza train bach-chorales --preset seed --seed 42", corpus_path="jsb_chorales.tgz",
                        licence="Public domain: the chorales of J.S. Bach (Geron's CSV edition of the JSB chorales, in the public domain per its README)"),
  "irish-abc": dict(description="Irish folk tunes written as ABC text, character by character (S1: Embedding + LSTM)",
                    command="cadenza train irish-abc --preset default --seed 42", corpus_path="abc/irish.abc",
                    licence="MIT: irish.abc of the MIT 6.S191 lab repository (aamini/introtodeeplearning), MIT licence"),
}
for name, s in specs.items():
    res = os.path.join(out, name + ".result.json")
    if not os.path.exists(res): continue
    r = json.load(open(res))
    corpus, sha = source(s["corpus_path"])
    metrics = {k: v for k, v in r.items() if isinstance(v, (int, float)) and k not in ("parameters",) and v == v}
    models.append(dict(name=name, description=s["description"], recipe=r["recipe"], command=s["command"], corpus=corpus,
                       corpusSha256=sha, licence=s["licence"], metrics=metrics, resource=f"dev/cadenza/models/{name}.cadenza"))
index = os.path.join(root, "models/src/main/resources/META-INF/cadenza/pretrained.json")
json.dump({"models": models}, open(index, "w"), indent=2)
print("wrote", index, "with", [m["name"] for m in models])
PY
