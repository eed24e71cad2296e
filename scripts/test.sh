#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint, types, then unit, integration and end-to-end tests against real
# PostgreSQL (127.0.0.1:5432 if it answers, else an embedded one) and real Kafka (started here unless
# KAFKA_BROKERS is set; stopped at the end unless it ran before or KAFKA_KEEP=1). Ends with the line
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*"; }

step "lint and format"
npx eslint . || exit 1
npx prettier --check "{apps,libs,test,bench,scripts}/**/*.ts" || exit 1

step "typecheck"
npx tsc -p tsconfig.json --noEmit || exit 1

if [[ -z ${KAFKA_BROKERS:-} ]]; then
  step "starting Kafka (scripts/kafka.sh)"
  source scripts/kafka/for-this-run.sh
  trap release_kafka EXIT
  use_kafka || exit 1
fi
echo "KAFKA_BROKERS=$KAFKA_BROKERS"

step "jest (unit, int, e2e)"
mkdir -p .cache
results=.cache/jest-results.json
rm -f "$results"
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers=2 --json --outputFile="$results" "$@"
status=$?

if [[ -f $results ]]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  ' "$results"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
