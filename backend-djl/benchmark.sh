#!/usr/bin/env bash
# Training and sampling speed of Cadenza's DJL backend against a plain DJL training loop, in one JVM.
# Usage (from the repository root): backend-djl/benchmark.sh [small] [chorale] [mit]
# Builds backend-djl and what it needs into target-${CADENZA_TARGET:-target} folders, offline, then runs
# dev.cadenza.djl.DjlBenchmark with the class path made from ~/.m2 (the dependency plugin is not needed).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CADENZA_TARGET:-target}"
mvn -B -o -q -Dcadenza.target="$target" -pl backend-djl -am test-compile
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
exec java --add-modules jdk.incubator.vector -Xss8m ${JAVA_OPTS:-} -cp "$cp" dev.cadenza.djl.DjlBenchmark "$@"
