#!/usr/bin/env bash
# Training and sampling speed of Cadenza's DJL backend against a plain DJL training loop, in one JVM.
# Usage (from the repository root): backend-djl/benchmark.sh [small] [chorale] [mit] [--sample-only]
# Builds backend-djl and what it needs into ${CADENZA_TARGET:-target} folders, offline, then runs
# dev.cadenza.djl.DjlBenchmark with the class path made from ~/.m2 (the dependency plugin is not needed).
# Env: CADENZA_TARGET, JAVA_OPTS (extra JVM flags), SKIP_BUILD=1 (reuse the last build), DJL_MAIN=RawDjlBenchmark
# (raw DJL alone, JSON lines, as scripts/bench/compare.sh uses it; then no oneDNN line is printed first),
# ONEDNN_MAX_CPU_ISA (oneDNN's ISA cap, read when it starts).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CADENZA_TARGET:-target}"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  mvn -B -o -q -Dcadenza.target="$target" -pl backend-djl -am test-compile
fi
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
jr="$m2/com/fasterxml/jackson/jr/jackson-jr-objects/2.18.2/jackson-jr-objects-2.18.2.jar"
# backend-pure and testkit: DjlBenchmark samples on backend-pure too, for scale, with the same weights.
cp="api/$target/classes:backend-pure/$target/classes:testkit/$target/classes:backend-djl/$target/classes:backend-djl/$target/test-classes"
cp="$cp:$jr:$(backend-djl/classpath.sh)"
# JAVA_OPTS adds JVM flags, e.g. -Dcadenza.pure.threads=1 or -Dai.djl.pytorch.num_threads=1 on a busy machine.
run() { java --add-modules jdk.incubator.vector -Xss8m ${JAVA_OPTS:-} -cp "$cp" "$@"; }
if [[ -z "${DJL_MAIN:-}" ]]; then
  # The ISA oneDNN uses, in its own words: a tiny raw-DJL probe started with ONEDNN_VERBOSE=check prints it.
  isa="$(ONEDNN_VERBOSE=check run dev.cadenza.djl.RawDjlBenchmark --isa-probe 2>/dev/null | sed -n 's/^onednn_verbose,[^,]*,info,cpu,isa://p' | head -1)"
  echo "oneDNN ISA (PyTorch's default as DJL loads it, ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-not set}): ${isa:-not reported}"
fi
exec java --add-modules jdk.incubator.vector -Xss8m ${JAVA_OPTS:-} -cp "$cp" "dev.cadenza.djl.${DJL_MAIN:-DjlBenchmark}" "$@"
