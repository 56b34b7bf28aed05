#!/usr/bin/env bash
# Builds the benchmarks module (and what it needs) into its own output folder and runs one benchmark command.
#   scripts/bench/cadenza.sh [LstmBenchmark|KernelBenchmark] [small|chorale|mit ...]
#   scripts/bench/cadenza.sh --build-only
# With "--backend djl" among the arguments it also builds backend-djl and puts it and DJL's PyTorch engine
# (backend-djl/classpath.sh) on the class path.
# Env: CADENZA_TARGET (output folder name, default target-bench), SKIP_BUILD=1 to reuse the last build,
#      JAVA_OPTS (extra JVM flags, e.g. -Dcadenza.pure.threads=1).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET="${CADENZA_TARGET:-target-bench}"
MAIN="${1:-LstmBenchmark}"
shift || true
DJL=0
prev=""
for a in "$@"; do
  [[ "$prev" == "--backend" && "$a" == "djl" ]] && DJL=1
  prev="$a"
done
MODULES=benchmarks
[[ $DJL == 1 ]] && MODULES=benchmarks,backend-djl
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  (cd "$ROOT" && mvn -B -o -q -Dcadenza.target="$TARGET" -pl "$MODULES" -am compile >&2)
fi
[[ "$MAIN" == "--build-only" ]] && exit 0
# The class path by hand: the reactor's class folders plus the api's one third-party jar (jackson-jr).
JR_VERSION="$(sed -n 's:.*<jackson-jr.version>\(.*\)</jackson-jr.version>.*:\1:p' "$ROOT/pom.xml")"
JR_JAR="${M2_REPO:-$HOME/.m2/repository}/com/fasterxml/jackson/jr/jackson-jr-objects/$JR_VERSION/jackson-jr-objects-$JR_VERSION.jar"
CP="$ROOT/benchmarks/$TARGET/classes:$ROOT/backend-pure/$TARGET/classes:$ROOT/api/$TARGET/classes:$JR_JAR"
[[ $DJL == 1 ]] && CP="$CP:$ROOT/backend-djl/$TARGET/classes:$("$ROOT/backend-djl/classpath.sh")"
# -Xss: the pure backend's tests use 8m too; the Vector API module is what makes the kernels fast.
exec java -Xss8m --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -cp "$CP" "dev.cadenza.bench.$MAIN" "$@" 2> >(grep -v 'incubator' >&2)
