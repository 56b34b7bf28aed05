#!/usr/bin/env bash
# Cadenza (pure-Java backend) against the PyTorch peer of ../shared/bench on the three reference configurations,
# side by side in one run, and a table of Cadenza/PyTorch ratios for training and sampling tokens/s.
#   scripts/bench/compare.sh [small chorale mit]
# Env: CADENZA_TARGET (build folder, default target-bench), STEPS (measured training steps, default 20),
#      PEER_WARMUP (PyTorch warm-up steps, default 5), TOKENS (sampled tokens, default 500), NT (PyTorch threads, 2),
#      RAW (file for the raw JSON lines, default a temp file; it is printed too).
# Installs the peer when it is missing (Debian python3-torch with OpenBLAS; needs root and the network once).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER="$ROOT/../shared/bench/lstm_torch.py"
CONFIGS=("$@")
[[ ${#CONFIGS[@]} -eq 0 ]] && CONFIGS=(small chorale mit)
STEPS="${STEPS:-20}"
PEER_WARMUP="${PEER_WARMUP:-5}"
TOKENS="${TOKENS:-500}"
RAW="${RAW:-$(mktemp)}"

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "installing the PyTorch peer (python3-torch, libopenblas0-openmp)..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-openmp >&2
fi

"$ROOT/scripts/bench/cadenza.sh" --build-only
: > "$RAW"
for c in "${CONFIGS[@]}"; do
  # Cadenza first, then the peer, config by config, so both see the same machine load as nearly as possible.
  SKIP_BUILD=1 "$ROOT/scripts/bench/cadenza.sh" LstmBenchmark "$c" --steps "$STEPS" --tokens "$TOKENS" | tee -a "$RAW"
  OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 "$PEER" "$c" "$STEPS" "$PEER_WARMUP" "$TOKENS" 2>/dev/null | tee -a "$RAW"
done

/usr/bin/python3 - "$RAW" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
by = {}
for r in rows:
    by.setdefault(r["config"], {})["cadenza" if r["engine"].startswith("cadenza") else "peer"] = r
print()
print(f"{'config':8} {'cadenza train':>14} {'torch train':>12} {'ratio':>6}   {'cadenza sample':>15} {'torch sample':>13} {'ratio':>6}   {'train peak':>10}")
for name, d in by.items():
    c, p = d.get("cadenza"), d.get("peer")
    if not c or not p:
        continue
    tr = c["train_tok_s"] / p["train_tok_s"]
    sr = c["sample_tok_s"] / p["sample_tok_s"]
    print(f"{name:8} {c['train_tok_s']:14.0f} {p['train_tok_s']:12.0f} {tr:6.2f}x  {c['sample_tok_s']:15.0f} {p['sample_tok_s']:13.0f} {sr:6.2f}x   {c['train_peak_fraction']:10.3f}")
print("targets: training >= 1.0x, sampling >= 4x (issue 3); raw JSON lines above, in", sys.argv[1])
PY
