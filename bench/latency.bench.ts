/**
 * Relay, command-to-projection latency: UserCreated commands appended at a steady rate while a Relay
 * publishes to Kafka and a KafkaProjectionTransport applies UsersProjection; an event's latency runs from its
 * append returning to the commit of the projection transaction that applied it (stamped by wrappers, see
 * LatencyProbe: nothing polls). The same load on the in-process transport for comparison.
 *   BENCH_LATENCY_RATE     commands per second (default 1000)
 *   BENCH_LATENCY_SECONDS  measured seconds per transport, after 2 s of warm-up (default 20)
 *   BENCH_LATENCY_PARTITIONS_CONCURRENTLY  the subscription's partitionsConsumedConcurrently (default: as the
 *                          worker runs it, partitionsConsumedConcurrently(partitions)), to try other values
 */
import type { EventStore } from '#event-store';
import { uniqueName } from '#messaging';
import {
  InProcessProjectionTransport,
  KafkaProjectionTransport,
  type ProjectionTransport,
  UsersProjection,
} from '#projections';
import { Relay } from '../apps/worker/src/relay/relay.js';
import { partitionsConsumedConcurrently } from '../apps/worker/src/worker.js';
import { openBenchDatabase, type BenchDatabase } from './support/bench-database.js';
import { openBenchKafka, PARTITIONS } from './support/kafka.js';
import { LatencyProbe, STAGES } from './support/latency-probe.js';
import { envInt, log, quantile, report, type ResultRow } from './support/report.js';
import { userCreated } from './support/user-events.js';

const RATE = envInt('BENCH_LATENCY_RATE', 1000);
const SECONDS = envInt('BENCH_LATENCY_SECONDS', 20);
const WARM_UP_SECONDS = 2;
const PARTITIONS_CONCURRENTLY = envInt(
  'BENCH_LATENCY_PARTITIONS_CONCURRENTLY',
  partitionsConsumedConcurrently(PARTITIONS),
);
const GOAL_P99_MS = 250;

/** Appends RATE commands per second for `seconds`, not waiting for one to return before the next is due. */
async function steadyLoad(store: EventStore, seconds: number, returnedAt?: Map<string, number>) {
  const started = performance.now();
  const total = Math.round(RATE * seconds);
  const inFlight = new Set<Promise<void>>();
  let failures = 0;
  for (let sent = 0; sent < total; await new Promise((resolve) => setTimeout(resolve, 1))) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE) + 1);
    for (; sent < due; sent++) {
      const { streamId, event } = userCreated(`latency-${Math.random().toString(36).slice(2)}`);
      const append = store.append(streamId, 'none', [event]).then(
        () => void returnedAt?.set(event.eventId, performance.now()),
        () => void failures++,
      );
      inFlight.add(append);
      void append.finally(() => inFlight.delete(append));
    }
  }
  await Promise.all(inFlight);
  if (failures > 0) throw new Error(`${failures} appends failed`);
  return total / ((performance.now() - started) / 1000);
}

/** Latency percentiles from append return to each stage the probe saw, after the load has drained. */
async function measure(
  name: string,
  bench: BenchDatabase,
  probe: LatencyProbe,
  transport: ProjectionTransport,
) {
  await transport.start();
  const returnedAt = new Map<string, number>();
  try {
    await steadyLoad(bench.store, WARM_UP_SECONDS);
    const achievedRate = await steadyLoad(bench.store, SECONDS, returnedAt);
    const applied = probe.at.get('applied')!;
    const deadline = performance.now() + 30_000;
    while ([...returnedAt.keys()].some((id) => !applied.has(id)) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stages = Object.fromEntries(
      STAGES.filter((stage) => probe.at.get(stage)!.size > 0).map((stage) => {
        const stamps = probe.at.get(stage)!;
        const ms = [...returnedAt].map(([id, at]) => Math.max(0, (stamps.get(id) ?? Infinity) - at));
        ms.sort((a, b) => a - b);
        return [stage, { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: ms[ms.length - 1] }];
      }),
    );
    const missing = [...returnedAt.keys()].filter((id) => !applied.has(id)).length;
    log(
      `${name}: ${returnedAt.size} commands at ${Math.round(achievedRate)}/s, ${missing} not applied within 30 s`,
    );
    if (missing > 0) throw new Error(`${missing} events never reached the read model`);
    return { achievedRate, commands: returnedAt.size, stages };
  } finally {
    await transport.stop();
  }
}

function rows(label: string, figures: Awaited<ReturnType<typeof measure>>, goal: boolean): ResultRow[] {
  const applied = figures.stages.applied;
  const stageRows: ResultRow[] = Object.entries(figures.stages)
    .filter(([stage]) => stage !== 'applied')
    .map(([stage, ms]) => ({
      measure: `${label}: append -> ${stage} p99`,
      unit: 'ms',
      ours: ms.p99,
      goal: { kind: 'info' },
      note: `p50 ${ms.p50.toFixed(1)} ms`,
    }));
  return [
    ...stageRows,
    { measure: `${label}: command -> projection p50`, unit: 'ms', ours: applied.p50, goal: { kind: 'info' } },
    {
      measure: `${label}: command -> projection p99`,
      unit: 'ms',
      ours: applied.p99,
      goal: goal ? { kind: 'max', value: GOAL_P99_MS } : { kind: 'info' },
    },
    {
      measure: `${label}: achieved load`,
      unit: 'commands/s',
      ours: figures.achievedRate,
      goal: { kind: 'info' },
    },
  ];
}

const kafka = await openBenchKafka('bench-latency');
const kafkaBench = await openBenchDatabase('latency_kafka', 16);
const inProcessBench = await openBenchDatabase('latency_inproc', 16);
let relay: Relay | undefined;
try {
  const topic = await kafka.createTopic('bench-latency');
  const kafkaProbe = new LatencyProbe();
  relay = new Relay(
    kafkaProbe.store(kafkaBench.db),
    kafkaBench.db,
    kafkaProbe.publisher(kafka.connection.createPublisher()),
    { topic, onError: (error) => console.error('relay error', error) },
  );
  await relay.start();
  const subscription = kafka.connection.createSubscription({
    groupId: uniqueName('bench-latency'),
    topics: [topic],
    partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
  });
  const viaKafka = await measure(
    'Kafka',
    kafkaBench,
    kafkaProbe,
    new KafkaProjectionTransport(kafkaProbe.subscription(subscription), kafkaProbe.database(kafkaBench.url), [
      kafkaProbe.projection(new UsersProjection()),
    ]),
  );
  const inProcessProbe = new LatencyProbe();
  const inProcess = await measure(
    'in-process',
    inProcessBench,
    inProcessProbe,
    new InProcessProjectionTransport(inProcessBench.store, inProcessProbe.database(inProcessBench.url), [
      inProcessProbe.projection(new UsersProjection()),
    ]),
  );
  report(
    'latency',
    `Relay: command-to-projection latency at ${RATE} commands/s for ${SECONDS} s`,
    [...rows('Kafka', viaKafka, true), ...rows('in-process', inProcess, false)],
    {
      rate: RATE,
      seconds: SECONDS,
      partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
      kafka: viaKafka,
      inProcess,
    },
  );
} finally {
  await relay?.stop();
  await kafka.close().catch((error: unknown) => console.error('could not delete the bench topic', error));
  await kafkaBench.close();
  await inProcessBench.close();
}
