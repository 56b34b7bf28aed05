#!/usr/bin/env bash
# Prints the class path of DJL's PyTorch engine and its CPU natives for Linux x86-64 from the local Maven repository
# (MAVEN_REPO, default ~/.m2/repository), colon-separated: what backend-djl needs at run time beyond Cadenza's own
# classes. Used by backend-djl/benchmark.sh and scripts/bench/cadenza.sh, so that neither needs the dependency plugin.
set -euo pipefail
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
)
cp=""
for j in "${jars[@]}"; do
  [[ -f "$m2/$j" ]] || { echo "backend-djl/classpath.sh: $m2/$j is missing (build backend-djl once with Maven to fetch it)" >&2; exit 1; }
  cp="${cp:+$cp:}$m2/$j"
done
echo "$cp"
