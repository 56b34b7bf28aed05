#!/usr/bin/env bash
# A local Spark standalone cluster (one master, two workers of one core each, all on 127.0.0.1) built from Maven
# Central's Spark jars, and Cadenza's Spark jobs submitted to it with spark-submit (org.apache.spark.deploy.SparkSubmit).
#
#   scripts/spark/standalone.sh dist          build cadenza-spark and its jars; Spark's jars into $SPARK_HOME/jars
#   scripts/spark/standalone.sh start         start the master and the two workers (waits until both registered)
#   scripts/spark/standalone.sh submit ARGS   spark-submit dev.cadenza.spark.SparkCadenza ARGS to the cluster
#   scripts/spark/standalone.sh stop          stop what start started (by the process ids it recorded)
#   scripts/spark/standalone.sh demo          dist, start, prepare + train + resume + generate, stop
#
# Environment: CADENZA_SPARK_RUN (run folder: logs, pids, demo output; default spark/target/standalone),
# CADENZA_SPARK_PORT (master port, 17077; web UIs on 18080-18082), CADENZA_DATA (corpora; default ../shared/data),
# JAVA (the java to run, default java on PATH; Java 17 or later). Nothing listens on anything but 127.0.0.1.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUN="${CADENZA_SPARK_RUN:-$ROOT/spark/target/standalone}"
SPARK_HOME="${SPARK_HOME_DIR:-$ROOT/spark/target/spark-home}"
PORT="${CADENZA_SPARK_PORT:-17077}"
UI="${CADENZA_SPARK_UI:-18080}"
JAVA="${JAVA:-java}"
MASTER="spark://127.0.0.1:$PORT"
SPARK_VERSION="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
# The flags Spark's own launcher (org.apache.spark.launcher.JavaModuleOptions) gives its JVMs on Java 17+.
JVM_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
# Every Spark process binds to the loopback address only.
export SPARK_HOME SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_PUBLIC_DNS=127.0.0.1

log() { printf '[standalone] %s\n' "$*" >&2; }

dist() {
  log "building cadenza-spark and the jars it needs (spark/target/spark-jars)"
  (cd "$ROOT" && mvn -B -q -pl spark -am package -DskipTests)
  if [ ! -f "$SPARK_HOME/jars/.spark-$SPARK_VERSION" ]; then
    log "Spark $SPARK_VERSION jars from Maven Central into $SPARK_HOME/jars"
    rm -rf "$SPARK_HOME/jars"
    mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
    mvn -B -q -f "$ROOT/scripts/spark/spark-dist/pom.xml" -Dspark.version="$SPARK_VERSION" \
      dependency:copy-dependencies -DoutputDirectory="$SPARK_HOME/jars"
    touch "$SPARK_HOME/jars/.spark-$SPARK_VERSION"
  fi
  # Spark logs at WARN, except the lines that say where the cluster is.
  cat > "$SPARK_HOME/conf/log4j2.properties" <<'EOF'
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
logger.master.name = org.apache.spark.deploy.master.Master
logger.master.level = info
logger.worker.name = org.apache.spark.deploy.worker.Worker
logger.worker.level = info
EOF
}

jars_list() { # the --jars of spark-submit: every jar cadenza-spark needs that Spark does not bring
  ls "$ROOT"/spark/target/spark-jars/*.jar | paste -sd, -
}

app_jar() { ls "$ROOT"/spark/target/cadenza-spark-*.jar | grep -v -e sources -e javadoc | head -1; }

spark_java() { # java with Spark's classpath and flags: spark_java [JVM OPTIONS] CLASS ARGS...
  "$JAVA" "${JVM_FLAGS[@]}" -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" "$@"
}

daemon() { # daemon LOG [JVM OPTIONS] CLASS ARGS...: spark_java in the background, its pid recorded for stop
  local out="$1"; shift
  ( exec "$JAVA" "${JVM_FLAGS[@]}" -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" "$@" ) > "$out" 2>&1 &
  echo "$!" >> "$RUN/pids"
}

start() {
  [ -d "$SPARK_HOME/jars" ] || { log "no Spark jars in $SPARK_HOME: run '$0 dist' first"; exit 1; }
  mkdir -p "$RUN"
  if [ -f "$RUN/pids" ]; then log "a cluster of this run folder is already started ($RUN/pids); '$0 stop' first"; exit 1; fi
  log "master on $MASTER (web UI 127.0.0.1:$UI)"
  daemon "$RUN/master.log" -Xmx512m org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port "$UI"
  wait_for "$RUN/master.log" "I have been elected leader" 60 master
  for w in 1 2; do
    log "worker $w: 1 core, 1 GiB, web UI 127.0.0.1:$((UI + w))"
    mkdir -p "$RUN/work-$w"
    daemon "$RUN/worker-$w.log" -Xmx512m org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1g \
      --webui-port "$((UI + w))" --work-dir "$RUN/work-$w" "$MASTER"
  done
  for w in 1 2; do wait_for "$RUN/worker-$w.log" "Successfully registered with master" 60 "worker $w"; done
  log "cluster up: $MASTER, 2 workers"
}

wait_for() { # wait_for FILE TEXT SECONDS WHAT
  for _ in $(seq 1 "$3"); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  log "$4 did not start within $3 s; its log:"; tail -20 "$1" >&2; stop; exit 1
}

stop() {
  [ -f "$RUN/pids" ] || { log "nothing to stop"; return 0; }
  # Our processes only, by the ids start recorded: workers first, then the master.
  for pid in $(tac "$RUN/pids"); do kill "$pid" 2>/dev/null || true; done
  for pid in $(tac "$RUN/pids"); do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$RUN/pids"
  log "stopped"
}

submit() { # spark-submit in client mode: the driver runs here, the executors on the workers
  spark_java -Xmx1g org.apache.spark.deploy.SparkSubmit --master "$MASTER" \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
    --conf spark.executor.memory=768m --conf spark.executor.cores=1 \
    --jars "$(jars_list)" --class dev.cadenza.spark.SparkCadenza "$(app_jar)" "$@"
}

demo() {
  dist
  trap stop EXIT
  start
  local out="$RUN/demo" data="${CADENZA_DATA:-$ROOT/../shared/data}"
  rm -rf "$out"; mkdir -p "$out"
  local input="$data/midi"
  if [ ! -d "$input" ]; then
    log "no corpus at $input: writing a synthetic one"
    "$JAVA" -cp "$(app_jar):$ROOT/spark/target/spark-jars/*:$SPARK_HOME/jars/*" dev.cadenza.spark.SparkCadenza demo-corpus \
      --output "$out/corpus" --files 24
    input="$out/corpus"
  fi
  submit prepare --input "$input" --output "$out/shards" --tokenizer note-chord --partitions 4
  submit train --shards "$out/shards" --checkpoints "$out/checkpoints" --epochs 1 --steps 32 --stride 32 --batch 32 --partitions 2 \
    --hidden 64 --every 10
  submit train --shards "$out/shards" --checkpoints "$out/checkpoints" --epochs 2 --steps 32 --stride 32 --batch 32 --partitions 2 \
    --resume true
  submit generate --checkpoint "$out/checkpoints/last.cadenza" --output "$out/pieces" --pieces 8 --seed 1 --length 100 \
    --sampler top-p --sampler-options p=0.9 --formats midi,musicxml --partitions 2 --per-batch 2
  # The pieces made on the cluster are the ones one machine makes alone with the same seeds (no Spark here).
  "$JAVA" "${JVM_FLAGS[@]}" -cp "$(app_jar):$ROOT/spark/target/spark-jars/*:$SPARK_HOME/jars/*" dev.cadenza.spark.SparkCadenza verify-pieces \
    --checkpoint "$out/checkpoints/last.cadenza" --manifest "$out/pieces/manifest.jsonl"
  log "demo output in $out: shards/, checkpoints/, pieces/ (manifest.jsonl)"
}

case "${1:-}" in
  dist) dist ;;
  start) start ;;
  stop) stop ;;
  submit) shift; submit "$@" ;;
  demo) demo ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
