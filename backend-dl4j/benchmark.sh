#!/usr/bin/env bash
# Training and sampling speed of Cadenza's DL4J backend against a plain DL4J MultiLayerNetwork, in one JVM.
# Usage (from anywhere): backend-dl4j/benchmark.sh [small] [chorale] [mit]
# Builds backend-dl4j and what it needs into ${CADENZA_TARGET:-target} folders, offline, then runs
# dev.cadenza.dl4j.Dl4jBenchmark with the class path made from ~/.m2 (the dependency plugin is not needed).
# JAVA_OPTS adds JVM flags: -Dbench.seconds=20 (measuring time per configuration), -Dcadenza.dl4j.threads=N.
# Run it with OMP_WAIT_POLICY=PASSIVE in the environment (see README.md): ND4J's OpenMP threads otherwise spin.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CADENZA_TARGET:-target}"
mvn -B -o -q -Dcadenza.target="$target" -pl backend-dl4j -am test-compile
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
jars=(
  com/fasterxml/jackson/jr/jackson-jr-objects/2.18.2/jackson-jr-objects-2.18.2.jar
  com/fasterxml/jackson/core/jackson-core/2.18.2/jackson-core-2.18.2.jar
  org/deeplearning4j/deeplearning4j-nn/1.0.0-M2.1/deeplearning4j-nn-1.0.0-M2.1.jar
  org/deeplearning4j/deeplearning4j-utility-iterators/1.0.0-M2.1/deeplearning4j-utility-iterators-1.0.0-M2.1.jar
  commons-io/commons-io/2.7/commons-io-2.7.jar
  org/nd4j/nd4j-api/1.0.0-M2.1/nd4j-api-1.0.0-M2.1.jar
  com/jakewharton/byteunits/byteunits/0.9.1/byteunits-0.9.1.jar
  org/apache/commons/commons-math3/3.5/commons-math3-3.5.jar
  org/apache/commons/commons-lang3/3.11/commons-lang3-3.11.jar
  org/apache/commons/commons-collections4/4.1/commons-collections4-4.1.jar
  com/google/flatbuffers/flatbuffers-java/1.12.0/flatbuffers-java-1.12.0.jar
  org/nd4j/protobuf/1.0.0-M2.1/protobuf-1.0.0-M2.1.jar
  org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar
  commons-net/commons-net/3.1/commons-net-3.1.jar
  net/ericaro/neoitertools/1.0.0/neoitertools-1.0.0.jar
  org/nd4j/nd4j-native-api/1.0.0-M2.1/nd4j-native-api-1.0.0-M2.1.jar
  org/nd4j/nd4j-common/1.0.0-M2.1/nd4j-common-1.0.0-M2.1.jar
  org/nd4j/guava/1.0.0-M2.1/guava-1.0.0-M2.1.jar
  org/apache/commons/commons-compress/1.21/commons-compress-1.21.jar
  commons-codec/commons-codec/1.10/commons-codec-1.10.jar
  com/google/code/gson/gson/2.8.0/gson-2.8.0.jar
  org/nd4j/jackson/1.0.0-M2.1/jackson-1.0.0-M2.1.jar
  com/github/oshi/oshi-core/3.4.2/oshi-core-3.4.2.jar
  net/java/dev/jna/jna-platform/4.3.0/jna-platform-4.3.0.jar
  net/java/dev/jna/jna/4.3.0/jna-4.3.0.jar
  org/threeten/threetenbp/1.3.3/threetenbp-1.3.3.jar
  it/unimi/dsi/fastutil/6.5.7/fastutil-6.5.7.jar
  org/deeplearning4j/resources/1.0.0-M2.1/resources-1.0.0-M2.1.jar
  org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1.jar
  org/bytedeco/javacpp/1.5.7/javacpp-1.5.7.jar
  org/nd4j/nd4j-native-preset/1.0.0-M2.1/nd4j-native-preset-1.0.0-M2.1.jar
  org/nd4j/nd4j-presets-common/1.0.0-M2.1/nd4j-presets-common-1.0.0-M2.1.jar
  org/nd4j/nd4j-native-preset/1.0.0-M2.1/nd4j-native-preset-1.0.0-M2.1-linux-x86_64.jar
  org/bytedeco/openblas/0.3.19-1.5.7/openblas-0.3.19-1.5.7.jar
  org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1-linux-x86_64-avx512.jar
  org/bytedeco/openblas/0.3.19-1.5.7/openblas-0.3.19-1.5.7-linux-x86_64.jar
  org/bytedeco/javacpp/1.5.7/javacpp-1.5.7-linux-x86_64.jar
)
cp="api/$target/classes:backend-dl4j/$target/classes:backend-dl4j/$target/test-classes"
for j in "${jars[@]}"; do cp="$cp:$m2/$j"; done
exec java -Xss8m ${JAVA_OPTS:-} -cp "$cp" dev.cadenza.dl4j.Dl4jBenchmark "$@"
