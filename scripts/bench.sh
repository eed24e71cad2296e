#!/usr/bin/env bash
# npm run bench [-- name...]: the backbone benchmarks (append, relay, latency, rebuild), then the policy
# benchmark (npm run bench:policy). Each prints its table of ours / baseline / ratio / goal and writes
# bench/results/<name>.json. Each creates and drops its own database on a PostgreSQL server of the run's own
# (embedded, durable settings, under .data/bench-postgres, stopped at the end; see bench/support/bench-postgres.ts
# for why not a shared one), or on BENCH_DATABASE_URL's server when set (a URL with rights to create databases).
# Kafka: KAFKA_BROKERS, else the project's broker (scripts/kafka.sh start; stopped at the end when this run
# started it, unless KAFKA_KEEP=1).
# Names run a subset: `npm run bench -- rebuild policy`. Sizes scale down through BENCH_* variables (see the
# header of each bench/*.bench.ts). Exits non-zero when a benchmark crashed, not when it missed its goal.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

all=(append relay latency rebuild authorize assume-role policy audit)
selected=("${@:-${all[@]}}")
for name in "${selected[@]}"; do
  [[ " ${all[*]} " == *" $name "* ]] || { echo "unknown benchmark: $name (one of: ${all[*]})" >&2; exit 2; }
done

# What this run started is stopped when it ends: the benchmark PostgreSQL, and the Kafka broker (as npm test does).
source scripts/kafka/for-this-run.sh
stop_postgres=false
cleanup() {
  if $stop_postgres; then npx tsx --conditions=source bench/support/bench-postgres.ts stop; fi
  release_kafka
}
trap cleanup EXIT

if [[ -z ${KAFKA_BROKERS:-} && " ${selected[*]} " =~ \ (relay|latency)\  ]]; then
  use_kafka || exit 1
fi

if [[ -n ${BENCH_DATABASE_URL:-} ]]; then
  export TEST_DATABASE_URL=$BENCH_DATABASE_URL
elif [[ " ${selected[*]} " != " policy " ]]; then
  # The URL carries the server's password: kept in the environment, never printed.
  TEST_DATABASE_URL=$(npx tsx --conditions=source bench/support/bench-postgres.ts start | sed -n 's/^TEST_DATABASE_URL=//p')
  [[ -n $TEST_DATABASE_URL ]] || { echo "the benchmark PostgreSQL did not start" >&2; exit 1; }
  export TEST_DATABASE_URL
  stop_postgres=true
fi

crashed=()
started=$SECONDS
for name in "${selected[@]}"; do
  printf '\n== %s\n' "$name"
  if [[ $name == policy ]]; then
    npm run --silent bench:policy || crashed+=("$name")
  else
    rm -f "bench/results/$name.json"
    # audit: bench/audit-access.bench.ts (its results are bench/results/audit.json)
    npx tsx --conditions=source "bench/${name/#audit/audit-access}.bench.ts" || crashed+=("$name")
  fi
done

printf '\n== summary (%d s)\n' $((SECONDS - started))
npx tsx bench/support/summary.ts "${selected[@]}"
if ((${#crashed[@]} > 0)); then
  echo "crashed: ${crashed[*]}" >&2
  exit 1
fi
