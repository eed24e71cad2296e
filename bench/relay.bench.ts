/**
 * Relay: events/s from the event store to Kafka (a Relay started on a pre-filled store, timed until it has
 * published and checkpointed the head), against a raw kafkajs idempotent producer (acks all) sending the same
 * messages (keys, values, headers) in batches of the same size, one request in flight, in the same run.
 *   BENCH_RELAY_EVENTS  events in the store (default 200000)
 *   BENCH_RELAY_BATCH   relay batch size = raw batch size (default 500, the relay's default)
 *   BENCH_RELAY_ROUNDS  raw and relay runs, interleaved, each on fresh topics (default 2)
 */
import kafkajs from 'kafkajs';
import { EventStore, START_OF_LOG, checkpointOf } from '#event-store';
import type { KafkaConnection, OutboundMessage } from '#messaging';
import { RELAY_CHECKPOINT, Relay, relayMessage } from '../apps/worker/src/relay/relay.js';
import { openBenchDatabase, type BenchDatabase } from './support/bench-database.js';
import { profileQueries } from './support/query-profile.js';
import { PARTITIONS, openBenchKafka } from './support/kafka.js';
import { envInt, log, report } from './support/report.js';
import { Stopwatch } from './support/stopwatch.js';
import { fillUserCreated } from './support/user-events.js';

const EVENTS = envInt('BENCH_RELAY_EVENTS', 200_000);
const BATCH = envInt('BENCH_RELAY_BATCH', 500);
const ROUNDS = envInt('BENCH_RELAY_ROUNDS', 2);

/** The messages the relay will send, batch by batch, read once and untimed. */
async function messageBatches(store: EventStore): Promise<OutboundMessage[][]> {
  const batches: OutboundMessage[][] = [];
  for (let after = START_OF_LOG; ;) {
    const events = await store.readCommittedAfter(after, BATCH);
    if (events.length === 0) return batches;
    batches.push(events.map(relayMessage));
    after = checkpointOf(events[events.length - 1]);
  }
}

async function rawProducerRate(kafka: kafkajs.Kafka, topic: string, batches: OutboundMessage[][]) {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: 'warm-up', value: '{}' }] });
    const started = performance.now();
    for (const messages of batches) await producer.send({ topic, acks: -1, timeout: 30_000, messages });
    return EVENTS / ((performance.now() - started) / 1000);
  } finally {
    await producer.disconnect();
  }
}

/** Our relay, timed from start until it has published and checkpointed every event of the store. */
async function relayRate(
  bench: BenchDatabase,
  connection: KafkaConnection,
  topic: string,
  stopwatch: Stopwatch,
) {
  await bench.db.query(`DELETE FROM consumer_checkpoints WHERE consumer = $1`, [RELAY_CHECKPOINT]);
  const publisher = connection.createPublisher();
  await publisher.publish(topic, [{ key: 'warm-up', value: '{}', headers: {} }]);
  let published = 0;
  let caughtUp!: () => void;
  const done = new Promise<void>((resolve) => (caughtUp = resolve));
  const relay = new Relay(
    bench.store,
    bench.db,
    {
      publish: (t, messages) => stopwatch.time('publish (until acked)', () => publisher.publish(t, messages)),
      close: () => publisher.close(),
    },
    {
      topic,
      batchSize: BATCH,
      onPublished: (count) => {
        published += count;
        if (published >= EVENTS) caughtUp();
      },
      onError: (error) => console.error('relay error', error),
    },
  );
  const started = performance.now();
  await relay.start();
  await done;
  const wallMs = performance.now() - started;
  await relay.stop();
  return { rate: EVENTS / (wallMs / 1000), wallMs };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const bench = await openBenchDatabase('relay', 4);
const kafka = await openBenchKafka('bench-relay');
try {
  log(`filling the store with ${EVENTS} UserCreated events`);
  await fillUserCreated(bench.db, EVENTS);
  const batches = await messageBatches(bench.store);
  const stopwatch = new Stopwatch();
  profileQueries(bench.db.pool, stopwatch);
  const raw: number[] = [];
  const ours: number[] = [];
  let relayMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(await rawProducerRate(kafka.connection.kafka, await kafka.createTopic('bench-raw'), batches));
    const relay = await relayRate(bench, kafka.connection, await kafka.createTopic('bench-relay'), stopwatch);
    ours.push(relay.rate);
    relayMs += relay.wallMs;
    log(
      `round ${round + 1}: raw ${Math.round(raw[round])} events/s, relay ${Math.round(relay.rate)} events/s`,
    );
  }
  const breakdown = stopwatch.breakdown(relayMs);
  report(
    'relay',
    'Relay: store -> Kafka vs raw kafkajs idempotent producer (baseline)',
    [
      {
        measure: `relay, ${EVENTS} events, batches of ${BATCH}`,
        unit: 'events/s',
        ours: mean(ours),
        baseline: mean(raw),
        goal: { kind: 'ratio', min: 0.6 },
      },
    ],
    {
      events: EVENTS,
      batchSize: BATCH,
      partitions: PARTITIONS,
      rounds: { raw, ours },
      relayTimeBreakdown: breakdown,
    },
  );
  console.log('  relay time by step:', breakdown);
} finally {
  await kafka.close().catch((error: unknown) => console.error('could not delete the bench topics', error));
  await bench.close();
}
