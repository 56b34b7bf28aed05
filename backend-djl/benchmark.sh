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
jars=(
  ai/djl/api/0.35.1/api-0.35.1.jar
  ai/djl/pytorch/pytorch-engine/0.35.1/pytorch-engine-0.35.1.jar
  ai/djl/pytorch/pytorch-jni/2.7.1-0.35.1/pytorch-jni-2.7.1-0.35.1.jar
  ai/djl/pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-linux-x86_64.jar
  com/google/code/gson/gson/2.13.1/gson-2.13.1.jar
  net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar
  org/apache/commons/commons-compress/1.27.1/commons-compress-1.27.1.jar
  org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar
  com/fasterxml/jackson/jr/jackson-jr-objects/2.18.2/jackson-jr-objects-2.18.2.jar
)
cp="api/$target/classes:backend-pure/$target/classes:testkit/$target/classes:backend-djl/$target/classes:backend-djl/$target/test-classes"
for j in "${jars[@]}"; do cp="$cp:$m2/$j"; done
# JAVA_OPTS adds JVM flags, e.g. -Dcadenza.pure.threads=1 or -Dai.djl.pytorch.num_threads=1 on a busy machine.
run() { java --add-modules jdk.incubator.vector -Xss8m ${JAVA_OPTS:-} -cp "$cp" "$@"; }
if [[ -z "${DJL_MAIN:-}" ]]; then
  # The ISA oneDNN uses, in its own words: a tiny raw-DJL probe started with ONEDNN_VERBOSE=check prints it.
  isa="$(ONEDNN_VERBOSE=check run dev.cadenza.djl.RawDjlBenchmark --isa-probe 2>/dev/null | sed -n 's/^onednn_verbose,[^,]*,info,cpu,isa://p' | head -1)"
  echo "oneDNN ISA (PyTorch's default as DJL loads it, ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-not set}): ${isa:-not reported}"
fi
exec java --add-modules jdk.incubator.vector -Xss8m ${JAVA_OPTS:-} -cp "$cp" "dev.cadenza.djl.${DJL_MAIN:-DjlBenchmark}" "$@"
