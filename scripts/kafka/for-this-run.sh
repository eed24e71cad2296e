# Sourced by scripts/test.sh and scripts/bench.sh: the project's Kafka broker for the length of one run.
#   use_kafka      starts the broker (a no-op when it already runs) and exports KAFKA_BROKERS
#   release_kafka  stops it again if use_kafka started it, unless KAFKA_KEEP=1 (kept for the next run);
#                  a broker that was already running is left as it was
kafka_started_here=false

use_kafka() {
  if [[ -z ${KAFKA_KEEP:-} ]] && ! bash scripts/kafka.sh status >/dev/null 2>&1; then kafka_started_here=true; fi
  local brokers
  brokers=$(bash scripts/kafka.sh start | sed -n 's/^KAFKA_BROKERS=//p' | tail -n 1)
  [[ -n $brokers ]] || { echo "Kafka did not start" >&2; return 1; }
  export KAFKA_BROKERS=$brokers
}

release_kafka() {
  if $kafka_started_here; then bash scripts/kafka.sh stop >/dev/null 2>&1; fi
}
