#!/usr/bin/env bash
# Runs a real single-node Apache Kafka broker (KRaft mode, no ZooKeeper) on loopback, for development and tests.
#
#   bash scripts/kafka.sh start     fetch the broker (first run only), format, start, wait until it answers,
#                                   print KAFKA_BROKERS=127.0.0.1:<port>; a no-op when it already runs healthy
#   bash scripts/kafka.sh stop      stop it cleanly (SIGTERM, then SIGKILL after KAFKA_STOP_TIMEOUT); data is kept
#   bash scripts/kafka.sh restart   stop, then start (same data)
#   bash scripts/kafka.sh status    exit 0 if running and answering, 1 otherwise
#   bash scripts/kafka.sh env       print KAFKA_BROKERS=127.0.0.1:<port>
#   bash scripts/kafka.sh fetch     only resolve the broker's jars into the cache
#   bash scripts/kafka.sh reset     stop and delete the data dir
#
# The broker (org.apache.kafka:kafka_2.13 and its runtime dependencies) comes from Maven Central through Maven,
# using scripts/kafka/pom.xml, into KAFKA_CACHE_DIR/libs; later runs do no Maven work.
#
# Environment (all optional):
#   KAFKA_VERSION          3.9.2
#   KAFKA_PORT             9092   (PLAINTEXT listener on 127.0.0.1)
#   KAFKA_CONTROLLER_PORT  KAFKA_PORT + 1
#   KAFKA_DATA_DIR         <repo>/.kafka   (log dirs, server.properties, pid file, logs/server.log)
#   KAFKA_CACHE_DIR        $HOME/.cache/access-ledger/kafka-$KAFKA_VERSION   (jars under libs/)
#   KAFKA_HEAP_OPTS        -Xms256m -Xmx512m
#   KAFKA_AUTO_CREATE_TOPICS  false
#   KAFKA_START_TIMEOUT    90 (seconds)    KAFKA_STOP_TIMEOUT  30 (seconds)
#   JAVA_HOME              a Java 11+ runtime (Java 17 is what this is tested with)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/scripts/kafka

KAFKA_VERSION=${KAFKA_VERSION:-3.9.2}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
KAFKA_DATA_DIR=${KAFKA_DATA_DIR:-$ROOT/.kafka}
USER_HOME=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
KAFKA_CACHE_DIR=${KAFKA_CACHE_DIR:-$USER_HOME/.cache/access-ledger/kafka-$KAFKA_VERSION}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
KAFKA_AUTO_CREATE_TOPICS=${KAFKA_AUTO_CREATE_TOPICS:-false}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
KAFKA_STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}

mkdir -p "$KAFKA_DATA_DIR"
KAFKA_DATA_DIR=$(cd "$KAFKA_DATA_DIR" && pwd)
LIBS=$KAFKA_CACHE_DIR/libs
CONFIG=$KAFKA_DATA_DIR/server.properties
PID_FILE=$KAFKA_DATA_DIR/kafka.pid
LOG_DIR=$KAFKA_DATA_DIR/logs
BROKERS=127.0.0.1:$KAFKA_PORT

if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi

say() { echo "kafka.sh: $*" >&2; }
die() {
  say "$*"
  exit 1
}
now_ms() { date +%s%3N; }

# Holds an exclusive lock on fd 9 for the rest of the script (concurrent `start`s from parallel test workers).
# Every child that outlives the script is started with 9>&- so it never inherits the lock.
lock_data_dir() {
  exec 9>"$KAFKA_DATA_DIR/.kafka-sh.lock"
  flock -w 180 9 || die "timed out waiting for another kafka.sh on $KAFKA_DATA_DIR"
}

# ---------------------------------------------------------------------------------------------------- fetch
fetch() {
  [[ -f $LIBS/.complete ]] && return 0
  command -v mvn >/dev/null || die "Maven (mvn) is required to fetch Kafka $KAFKA_VERSION the first time"
  mkdir -p "$KAFKA_CACHE_DIR"
  exec 8>"$KAFKA_CACHE_DIR/.fetch.lock"
  flock -w 600 8 || die "timed out waiting for another fetch into $KAFKA_CACHE_DIR"
  if [[ ! -f $LIBS/.complete ]]; then
    local started tmp
    started=$(now_ms)
    tmp=$(mktemp -d "$KAFKA_CACHE_DIR/libs.tmp.XXXXXX")
    say "fetching org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its runtime dependencies from Maven Central"
    if ! mvn -B -q -Dstyle.color=never -f "$HERE/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >"$KAFKA_CACHE_DIR/fetch.log" 2>&1; then
      cat "$KAFKA_CACHE_DIR/fetch.log" >&2
      rm -rf "$tmp"
      die "Maven could not resolve Kafka $KAFKA_VERSION (log above)"
    fi
    [[ -f $tmp/kafka_2.13-$KAFKA_VERSION.jar ]] || {
      rm -rf "$tmp"
      die "kafka_2.13-$KAFKA_VERSION.jar missing after Maven resolution"
    }
    rm -rf "$LIBS"
    mv "$tmp" "$LIBS"
    touch "$LIBS/.complete"
    say "fetched $(find "$LIBS" -name '*.jar' | wc -l) jars into $LIBS in $(($(now_ms) - started)) ms"
  fi
  exec 8>&-
}

# ---------------------------------------------------------------------------------------------------- probe
# Sends a Kafka Metadata request (API key 3, version 1, no topics) over bash's /dev/tcp and checks the answer:
# the right correlation id, at least one live broker and an elected controller. Exit 0 when the broker serves.
probe() {
  local out
  out=$(
    timeout 3 bash -c '
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf "\x00\x00\x00\x13\x00\x03\x00\x01\x00\x00\x00\x2a\x00\x05probe\x00\x00\x00\x00" >&3
      dd bs=65536 count=1 <&3 2>/dev/null | od -An -v -tu1
    ' probe "$KAFKA_PORT" 2>/dev/null
  ) || return 1
  local -a b
  read -r -a b <<<"$(echo $out)"
  local n=${#b[@]}
  ((n >= 12)) || return 1
  i32() { echo $((($1 << 24) | ($2 << 16) | ($3 << 8) | $4)); }
  local size corr brokers pos len
  size=$(i32 "${b[@]:0:4}")
  ((n >= size + 4)) || return 1
  corr=$(i32 "${b[@]:4:4}")
  ((corr == 42)) || return 1
  brokers=$(i32 "${b[@]:8:4}")
  ((brokers >= 1 && brokers < 1000)) || return 1
  pos=12
  for ((k = 0; k < brokers; k++)); do
    pos=$((pos + 4))                              # node_id
    len=$(((b[pos] << 8) | b[pos + 1]))           # host
    pos=$((pos + 2 + len + 4))                    # host bytes, port
    len=$(((b[pos] << 8) | b[pos + 1]))           # rack (nullable)
    if ((len == 65535)); then pos=$((pos + 2)); else pos=$((pos + 2 + len)); fi
    ((pos + 4 <= n)) || return 1
  done
  ((b[pos] < 128)) || return 1 # controller_id is -1 while no controller is known
  return 0
}

# ---------------------------------------------------------------------------------------------------- process
# Prints the pid of the broker started for this data dir, if it is alive; removes a stale pid file.
running_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $CONFIG"; then
    echo "$pid"
    return 0
  fi
  say "removing stale pid file ($pid is not a broker for $KAFKA_DATA_DIR)"
  rm -f "$PID_FILE"
  return 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  mkdir -p "$KAFKA_DATA_DIR/data" "$LOG_DIR"
  cat >"$CONFIG" <<EOF
# Generated by scripts/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA_DIR/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
auto.create.topics.enable=$KAFKA_AUTO_CREATE_TOPICS
delete.topic.enable=true
group.initial.rebalance.delay.ms=0
# A broker killed with SIGKILL cannot re-register until its old session expires (default 9 s).
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=5000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
log.segment.bytes=268435456
EOF
}

format_storage() {
  [[ -f $KAFKA_DATA_DIR/data/meta.properties ]] && return 0
  local id_file=$KAFKA_DATA_DIR/cluster.id cluster_id
  if [[ ! -s $id_file ]]; then
    "$JAVA" -cp "$LIBS/*" -Dlog4j.configuration="file:$HERE/tools-log4j.properties" \
      kafka.tools.StorageTool random-uuid >"$id_file"
  fi
  cluster_id=$(tr -d '[:space:]' <"$id_file")
  "$JAVA" -cp "$LIBS/*" -Dlog4j.configuration="file:$HERE/tools-log4j.properties" \
    kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" -c "$CONFIG" >&2
}

wait_ready() {
  local pid=$1 deadline=$(($(now_ms) + KAFKA_START_TIMEOUT * 1000))
  while ! probe; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "broker exited during startup; last log lines:"
      tail -n 30 "$LOG_DIR/server.log" "$LOG_DIR/stdout.log" >&2 2>/dev/null || true
      rm -f "$PID_FILE"
      exit 1
    fi
    (($(now_ms) < deadline)) || die "broker (pid $pid) not answering after ${KAFKA_START_TIMEOUT}s; see $LOG_DIR/server.log"
    sleep 0.2
  done
}

start() {
  local started pid
  started=$(now_ms)
  lock_data_dir
  if pid=$(running_pid); then
    wait_ready "$pid"
    say "already running (pid $pid) on $BROKERS"
    echo "KAFKA_BROKERS=$BROKERS"
    return 0
  fi
  if port_in_use "$KAFKA_PORT"; then
    if probe; then
      say "a Kafka broker not started for $KAFKA_DATA_DIR already answers on $BROKERS; using it (stop/restart cannot control it)"
      echo "KAFKA_BROKERS=$BROKERS"
      return 0
    fi
    die "port $KAFKA_PORT is in use by something that is not a Kafka broker; set KAFKA_PORT"
  fi
  port_in_use "$KAFKA_CONTROLLER_PORT" && die "controller port $KAFKA_CONTROLLER_PORT is in use; set KAFKA_CONTROLLER_PORT"
  command -v "$JAVA" >/dev/null || die "java not found (install a JDK 17 or set JAVA_HOME)"

  fetch
  write_config
  format_storage
  mkdir -p "$LOG_DIR"
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM options
  setsid nohup "$JAVA" -server $KAFKA_HEAP_OPTS \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$HERE/log4j.properties" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIBS/*" kafka.Kafka "$CONFIG" \
    </dev/null >>"$LOG_DIR/stdout.log" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  wait_ready "$pid"
  say "Kafka $KAFKA_VERSION ready on $BROKERS in $(($(now_ms) - started)) ms (pid $pid, log $LOG_DIR/server.log)"
  echo "KAFKA_BROKERS=$BROKERS"
}

stop() {
  local pid started
  started=$(now_ms)
  lock_data_dir
  if ! pid=$(running_pid); then
    say "not running ($KAFKA_DATA_DIR)"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(($(now_ms) + KAFKA_STOP_TIMEOUT * 1000))
  while kill -0 "$pid" 2>/dev/null; do
    if (($(now_ms) >= deadline)); then
      say "broker (pid $pid) did not stop within ${KAFKA_STOP_TIMEOUT}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.1
  done
  rm -f "$PID_FILE"
  say "stopped (pid $pid) in $(($(now_ms) - started)) ms"
}

status() {
  local pid
  if pid=$(running_pid) && probe; then
    say "running (pid $pid) on $BROKERS"
    return 0
  fi
  if probe; then
    say "a broker not started for $KAFKA_DATA_DIR answers on $BROKERS"
    return 0
  fi
  say "not running on $BROKERS"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart)
    stop
    exec 9>&-
    start
    ;;
  status) status ;;
  env) echo "KAFKA_BROKERS=$BROKERS" ;;
  fetch) fetch ;;
  reset)
    stop
    [[ -f $KAFKA_DATA_DIR/.kafka-sh.lock && $KAFKA_DATA_DIR != / ]] || die "refusing to delete $KAFKA_DATA_DIR"
    rm -rf "$KAFKA_DATA_DIR"
    say "removed $KAFKA_DATA_DIR"
    ;;
  *)
    echo "usage: bash scripts/kafka.sh start|stop|restart|status|env|fetch|reset" >&2
    exit 2
    ;;
esac
