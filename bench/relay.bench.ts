/**
 * Relay: events/s from the event store to Kafka (a Relay started on a pre-filled store, timed until it has
 * published and checkpointed the head), against a raw kafkajs idempotent producer (acks all) sending the same
 * messages (keys, values, headers) in batches of the same size, one request in flight, in the same run.
 *   BENCH_RELAY_EVENTS  events in the store (default 200000)
 *   BENCH_RELAY_BATCH   relay batch size = raw batch size (default 500, the relay's default)
 */
import kafkajs from 'kafkajs';
import { EventStore, START_OF_LOG, checkpointOf } from '#event-store';
import type { MessagePublisher, OutboundMessage } from '#messaging';
import { Relay, relayMessage } from '../apps/worker/src/relay/relay.js';
import { openBenchDatabase, type BenchDatabase } from './support/bench-database.js';
import { profileQueries } from './support/query-profile.js';
import { openBenchKafka } from './support/kafka.js';
import { envInt, log, report } from './support/report.js';
import { Stopwatch } from './support/stopwatch.js';
import { fillUserCreated } from './support/user-events.js';

const EVENTS = envInt('BENCH_RELAY_EVENTS', 200_000);
const BATCH = envInt('BENCH_RELAY_BATCH', 500);

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

/** Our relay, with the time it spends in each statement and waiting for the broker recorded on the side. */
async function relayRate(bench: BenchDatabase, publisher: MessagePublisher, topic: string) {
  const stopwatch = new Stopwatch();
  profileQueries(bench.db.pool, stopwatch);
  const timedPublisher: MessagePublisher = {
    publish: (t, messages) => stopwatch.time('publish (until acked)', () => publisher.publish(t, messages)),
    close: () => publisher.close(),
  };
  await publisher.publish(topic, [{ key: 'warm-up', value: '{}', headers: {} }]);
  let published = 0;
  let caughtUp!: () => void;
  const done = new Promise<void>((resolve) => (caughtUp = resolve));
  const relay = new Relay(bench.store, bench.db, timedPublisher, {
    topic,
    batchSize: BATCH,
    onPublished: (count) => {
      published += count;
      if (published >= EVENTS) caughtUp();
    },
    onError: (error) => console.error('relay error', error),
  });
  const started = performance.now();
  await relay.start();
  await done;
  const wallMs = performance.now() - started;
  await relay.stop();
  return { rate: EVENTS / (wallMs / 1000), breakdown: stopwatch.breakdown(wallMs) };
}

const bench = await openBenchDatabase('relay', 4);
const kafka = await openBenchKafka('bench-relay');
const publisher = kafka.connection.createPublisher();
try {
  log(`filling the store with ${EVENTS} UserCreated events`);
  await fillUserCreated(bench.db, EVENTS);
  const batches = await messageBatches(bench.store);
  const rawTopic = await kafka.createTopic('bench-raw');
  const relayTopic = await kafka.createTopic('bench-relay');
  log('raw kafkajs producer');
  const raw = await rawProducerRate(kafka.connection.kafka, rawTopic, batches);
  log(`raw: ${Math.round(raw)} events/s; relay`);
  const ours = await relayRate(bench, publisher, relayTopic);
  log(`relay: ${Math.round(ours.rate)} events/s`);
  report(
    'relay',
    'Relay: store -> Kafka vs raw kafkajs idempotent producer (baseline)',
    [
      {
        measure: `relay, ${EVENTS} events, batches of ${BATCH}`,
        unit: 'events/s',
        ours: ours.rate,
        baseline: raw,
        goal: { kind: 'ratio', min: 0.6 },
      },
    ],
    { events: EVENTS, batchSize: BATCH, partitions: 6, relayTimeBreakdown: ours.breakdown },
  );
  console.log('  relay time breakdown:', ours.breakdown);
} finally {
  await publisher.close();
  await kafka.close().catch((error: unknown) => console.error('could not delete the bench topics', error));
  await bench.close();
}
