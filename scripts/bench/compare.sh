#!/usr/bin/env bash
# Cadenza (pure-Java backend) against two peers on the three reference configurations, side by side in one run:
# the PyTorch peer of ../shared/bench (with its own GEMM rate and step-time spread, measured in the same run) and
# raw DJL, a user's real Java alternative (a plain DJL Trainer loop, backend-djl's RawDjlBenchmark). Prints one table
# of tokens/s and ratios, flags any engine whose step times varied by more than 3x, and keeps the raw JSON lines.
#   scripts/bench/compare.sh [small chorale mit]
# Env: CADENZA_TARGET (build folder, default target-bench), STEPS (measured training steps, default 20),
#      PEER_WARMUP (warm-up steps of PyTorch and raw DJL, default 5), TOKENS (sampled tokens, default 500),
#      NT (PyTorch threads, 2), SPREAD_LIMIT (max/min step time above which an engine is flagged, 3),
#      RAW (file for the raw JSON lines, default a temp file; the peer's per-step lines go to RAW.steps),
#      ONEDNN_MAX_CPU_ISA (passed to raw DJL as to any DJL user; the table prints the ISA oneDNN reports).
# Installs the PyTorch peer's Python packages when they are missing (Debian python3-torch with OpenBLAS; needs root
# and the network once). Field meanings: benchmarks/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED_BENCH="$ROOT/../shared/bench"
PEER="$SHARED_BENCH/lstm_torch.py"
GEMM="$SHARED_BENCH/gemm.py"
CONFIGS=("$@")
[[ ${#CONFIGS[@]} -eq 0 ]] && CONFIGS=(small chorale mit)
STEPS="${STEPS:-20}"
PEER_WARMUP="${PEER_WARMUP:-5}"
TOKENS="${TOKENS:-500}"
export CADENZA_TARGET="${CADENZA_TARGET:-target-bench}"
export SPREAD_LIMIT="${SPREAD_LIMIT:-3}"
RAW="${RAW:-$(mktemp --suffix=.jsonl)}"
STEPLOG="$RAW.steps"
PY=/usr/bin/python3

load() { cut -d' ' -f1-3 /proc/loadavg; }
# (Each command's output is captured before annotating: "cmd | annotate x "$(load)"" would read the load when the
# pipeline starts, not after the command.)
# Adds the load average before and after a measurement to each JSON line read from stdin.
annotate() {
  "$PY" -c 'import json, sys
before, after = sys.argv[1], sys.argv[2]
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        r = json.loads(line); r["load_before"] = before; r["load_after"] = after
        extra = sys.argv[3:]
        for kv in extra:
            k, v = kv.split("=", 1); r[k] = v
        print(json.dumps(r))' "$@"
}

peer=1
if [[ ! -f "$PEER" || ! -f "$GEMM" ]]; then
  echo "compare.sh: the PyTorch peer scripts are absent (expected $PEER and $GEMM, the read-only ../shared/bench" \
       "next to the repository): the PyTorch columns stay empty" >&2
  peer=0
elif ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "installing the PyTorch peer (python3-torch, libopenblas0-openmp)..." >&2
  if ! { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-openmp >&2; }; then
    echo "compare.sh: could not install python3-torch (needs root and the network): the PyTorch columns stay empty" >&2
    peer=0
  fi
fi

"$ROOT/scripts/bench/cadenza.sh" --build-only
(cd "$ROOT" && mvn -B -o -q -Dcadenza.target="$CADENZA_TARGET" -pl backend-djl -am test-compile >&2)
# The ISA oneDNN uses for raw DJL, in its own words (ONEDNN_VERBOSE=check prints it when oneDNN starts).
ISA="$(SKIP_BUILD=1 DJL_MAIN=RawDjlBenchmark ONEDNN_VERBOSE=check "$ROOT/backend-djl/benchmark.sh" --isa-probe 2>/dev/null \
      | sed -n 's/^onednn_verbose,[^,]*,info,cpu,isa://p' | head -1)"
: > "$RAW"
: > "$STEPLOG"
LOAD_START="$(load)"
for c in "${CONFIGS[@]}"; do
  # Config by config, one engine after the other, so that all see the same machine load as nearly as possible.
  l0="$(load)"
  out="$(SKIP_BUILD=1 "$ROOT/scripts/bench/cadenza.sh" LstmBenchmark "$c" --steps "$STEPS" --tokens "$TOKENS")"
  echo "$out" | annotate "$l0" "$(load)" | tee -a "$RAW"
  if [[ $peer == 1 ]]; then
    # The peer's own GEMM rate, now: a machine slowed by its neighbours shows here before it shows in a ratio.
    l0="$(load)"
    out="$(NT="${NT:-2}" OPENBLAS_CORETYPE=SkylakeX "$PY" "$GEMM" torch 2>/dev/null)"
    echo "$out" | "$PY" -c 'import json, re, sys
rates = {}
for line in sys.stdin:
    m = re.match(r"torch\s+(\d+x\d+x\d+).*median\s+([\d.]+) GFLOP/s\s+best\s+([\d.]+)", line)
    if m: rates[m.group(1)] = (float(m.group(2)), float(m.group(3)))
med, best = rates.get("1024x1024x1024", (None, None))
print(json.dumps({"engine": "pytorch-gemm", "config": sys.argv[1], "gemm_gflops_1024_median": med, "gemm_gflops_1024_best": best,
                  "gemm_gflops_median_by_shape": {k: v[0] for k, v in rates.items()}}))' "$c" | annotate "$l0" "$(load)" | tee -a "$RAW"
    l0="$(load)"
    echo "# $c" >> "$STEPLOG"
    out="$(NT="${NT:-2}" OPENBLAS_CORETYPE=SkylakeX "$PY" "$PEER" "$c" "$STEPS" "$PEER_WARMUP" "$TOKENS" 2>>"$STEPLOG")"
    echo "$out" | annotate "$l0" "$(load)" | tee -a "$RAW"
  fi
  # Raw DJL as a DJL user runs it, in the oneDNN configuration the environment gives it.
  l0="$(load)"
  out="$(SKIP_BUILD=1 DJL_MAIN=RawDjlBenchmark "$ROOT/backend-djl/benchmark.sh" "$c" --steps "$STEPS" --warmup "$PEER_WARMUP" \
        --tokens "$TOKENS")"
  echo "$out" | annotate "$l0" "$(load)" "onednn_isa=${ISA:-not reported}" | tee -a "$RAW"
done
LOAD_END="$(load)"

HIDDEN=$([[ -d /sys/devices/system/cpu/cpu0/cache ]] && echo "shown" || echo "HIDDEN (/sys/devices/system/cpu/cpu0/cache absent)")
CPU="$(nproc) CPUs, $(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)"
"$PY" - "$RAW" "$LOAD_START" "$LOAD_END" "$HIDDEN" "$CPU" "$peer" <<'PY'
import json, os, sys
raw, load_start, load_end, hidden, cpu, peer = sys.argv[1:7]
limit = float(os.environ.get("SPREAD_LIMIT", "3"))
rows = [json.loads(l) for l in open(raw) if l.startswith("{")]
by = {}
for r in rows:
    e = r["engine"]
    kind = "pure" if e.startswith("cadenza") else "gemm" if e == "pytorch-gemm" else "torch" if e.startswith("pytorch") else "djl"
    by.setdefault(r["config"], {})[kind] = r

def k(v):
    return "-" if v is None else f"{v / 1000:.2f}k" if v >= 1000 else f"{v:.0f}"

def spread(r):
    if not r or not r.get("step_ms_min"):
        return None
    return r["step_ms_max"] / r["step_ms_min"]

def ratio(a, b, flagged):
    if a is None or b is None or not b:
        return "-"
    return f"{a / b:.2f}x" + ("?" if flagged else "")

djl = next((r for r in rows if r["engine"].startswith("raw-djl")), None)
torch = next((r for r in rows if r["engine"].startswith("pytorch-") and r["engine"] != "pytorch-gemm"), None)
print()
print(f"machine: {cpu}; cache topology {hidden}; load average {load_start} at start, {load_end} at end")
if torch:
    print(f"PyTorch peer: {torch['engine']}, {torch['threads']} threads, OPENBLAS_CORETYPE=SkylakeX")
elif peer == "0":
    print("PyTorch peer: absent (see the message above)")
if djl:
    cap = djl.get("onednn_max_cpu_isa")
    print(f"raw DJL: {djl['engine']}, {djl['threads']} threads; oneDNN ISA: {djl.get('onednn_isa')} "
          f"(ONEDNN_MAX_CPU_ISA={cap if cap else 'not set'})")
head = (f"{'config':8} | {'pure train':>10} {'sample':>8} {'spread':>7} | {'torch train':>11} {'sample':>8} {'GEMM GF/s':>9} "
        f"{'step ms min/med/max':>21} {'spread':>12} | {'DJL train':>9} {'sample':>8} {'spread':>12} | "
        f"{'pure/torch tr':>13} {'sa':>7} | {'pure/DJL tr':>11} {'sa':>7}")
print(head)
print("-" * len(head))
flags = False
for name, d in by.items():
    p, t, g, j = d.get("pure"), d.get("torch"), d.get("gemm"), d.get("djl")
    sp, st, sj = spread(p), spread(t), spread(j)
    fp, ft, fj = [s is not None and s > limit for s in (sp, st, sj)]
    flags = flags or fp or ft or fj
    def sp_text(s, f):
        return "-" if s is None else f"{s:.1f}x" + (" FLAG" if f else "")
    steps = f"{t['step_ms_min']:.0f}/{t['step_ms_median']:.0f}/{t['step_ms_max']:.0f}" if t else "-"
    gemm = f"{g['gemm_gflops_1024_median']:.0f}" if g and g.get("gemm_gflops_1024_median") else "-"
    get = lambda r, key: r.get(key) if r else None
    print(f"{name:8} | {k(get(p, 'train_tok_s')):>10} {k(get(p, 'sample_tok_s')):>8} {sp_text(sp, fp):>7} | "
          f"{k(get(t, 'train_tok_s')):>11} {k(get(t, 'sample_tok_s')):>8} {gemm:>9} {steps:>21} {sp_text(st, ft):>12} | "
          f"{k(get(j, 'train_tok_s')):>9} {k(get(j, 'sample_tok_s')):>8} {sp_text(sj, fj):>12} | "
          f"{ratio(get(p, 'train_tok_s'), get(t, 'train_tok_s'), fp or ft):>13} {ratio(get(p, 'sample_tok_s'), get(t, 'sample_tok_s'), fp or ft):>7} | "
          f"{ratio(get(p, 'train_tok_s'), get(j, 'train_tok_s'), fp or fj):>11} {ratio(get(p, 'sample_tok_s'), get(j, 'sample_tok_s'), fp or fj):>7}")
print()
print(f"spread = slowest / fastest measured training step; FLAG when above {limit:g}x: that engine's median (and every ratio")
print("against it, marked ?) measures the machine's load more than the engine. Repeat on a quiet machine before quoting it.")
print("targets: training >= 1.0x, sampling >= 4x against PyTorch (issue 3)")
print(f"raw JSON lines: {raw} (PyTorch's per-step lines: {raw}.steps); fields: benchmarks/README.md")
PY
