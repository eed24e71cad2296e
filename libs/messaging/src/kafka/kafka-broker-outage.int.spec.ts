/**
 * The broker goes away for 20 s under load (a broker of this test's own, so the shared one is not disturbed):
 * the publisher keeps every publish pending until the broker acknowledged it, recreating its producer; the
 * subscription comes back by itself; nothing is lost and per-key order holds (duplicates are allowed).
 */
import { jest } from '@jest/globals';
import { createStderrLogger, silentLogger } from '../logger.js';
import type { InboundMessage, OutboundMessage } from '../ports.js';
import { KafkaConnection } from './kafka-connection.js';
import { startDedicatedKafka, uniqueName, type DedicatedKafka } from './testing/kafka-test-broker.js';
import { waitFor } from './testing/wait-for.js';

jest.setTimeout(180_000);

const DOWN_MS = 20_000;
const STREAMS = 24;
const verbose = process.env.MESSAGING_TEST_LOGS === '1';

let broker: DedicatedKafka;
let connection: KafkaConnection;

beforeAll(async () => {
  broker = await startDedicatedKafka('outage');
  connection = new KafkaConnection({
    brokers: broker.brokers.split(','),
    clientId: 'kafka-outage-spec',
    logger: verbose ? createStderrLogger('info') : silentLogger,
    logLevel: verbose ? 'warn' : 'error',
  });
}, 300_000);

afterAll(async () => {
  await broker?.destroy();
});

/** Per key: every version present, and the first occurrences in increasing order (later duplicates allowed). */
function checkStreams(received: InboundMessage[], published: Map<string, number>): { duplicates: number } {
  const firstSeen = new Map<string, number[]>();
  const seen = new Set<string>();
  let duplicates = 0;
  for (const message of received) {
    const id = `${message.key}/${message.headers.version}`;
    if (seen.has(id)) {
      duplicates++;
      continue;
    }
    seen.add(id);
    firstSeen.set(message.key!, [...(firstSeen.get(message.key!) ?? []), Number(message.headers.version)]);
  }
  for (const [key, last] of published) {
    expect({ key, versions: firstSeen.get(key) ?? [] }).toEqual({
      key,
      versions: Array.from({ length: last }, (_, i) => i + 1),
    });
  }
  return { duplicates };
}

it('publisher and subscription survive the broker being down for 20 s under load: nothing lost, order per key kept', async () => {
  const topic = uniqueName('outage');
  await connection.createTopicAdmin().ensureTopic(topic, 3);

  const received: InboundMessage[] = [];
  const subscription = connection.createSubscription({
    topics: [topic],
    groupId: uniqueName('outage-group'),
    maxWaitTimeMs: 200,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    restartBackoff: { initialMs: 500, maxMs: 2000 },
  });
  await subscription.start(async (batch) => {
    received.push(...batch);
  });

  const publisher = connection.createPublisher({ retry: { initialMs: 100, maxMs: 1000 } });
  const published = new Map<string, number>();
  let publishing = true;
  const pendingDuringOutage: number[] = [];
  let brokerDown = false;

  // Two writers, each with its own streams, each publishing batches back to back (like the relay does).
  const writer = async (offset: number) => {
    let batches = 0;
    while (publishing) {
      const messages: OutboundMessage[] = Array.from({ length: 10 }, (_, i) => {
        const key = `stream-${offset + ((batches * 10 + i) % (STREAMS / 2))}`;
        const version = (published.get(key) ?? 0) + 1;
        published.set(key, version);
        return {
          key,
          value: JSON.stringify({ key, version, pad: 'p'.repeat(200) }),
          headers: { version: String(version) },
        };
      });
      const startedDown = brokerDown;
      const started = Date.now();
      await publisher.publish(topic, messages);
      if (startedDown) pendingDuringOutage.push(Date.now() - started);
      batches++;
    }
    return batches;
  };
  const writers = [writer(0), writer(STREAMS / 2)];

  await waitFor(() => received.length >= 200, 30_000, 'traffic before the outage');
  brokerDown = true;
  await broker.stop();
  const downSince = Date.now();
  await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
  await broker.start();
  brokerDown = false;
  const upAfterMs = Date.now() - downSince;

  // Keep the load on after the restart, then stop writing and let everything drain.
  const acknowledgedAtRestart = publisher.stats.acknowledged;
  await waitFor(
    () => publisher.stats.acknowledged >= acknowledgedAtRestart + 500,
    60_000,
    'publishing to resume',
  );
  publishing = false;
  const batches = await Promise.all(writers);
  const total = [...published.values()].reduce((sum, n) => sum + n, 0);
  expect(publisher.stats.acknowledged).toBe(total);

  await waitFor(
    () => new Set(received.map((m) => `${m.key}/${m.headers.version}`)).size >= total,
    60_000,
    `all ${total} consumed`,
  );
  const { duplicates } = checkStreams(received, published);

  const publisherStats = publisher.stats;
  const subscriptionStats = subscription.stats;
  await publisher.close();
  await subscription.stop();

  // The outage was real: a publish was pending across it, and the producer was recreated.
  expect(pendingDuringOutage.some((ms) => ms >= DOWN_MS / 2)).toBe(true);
  expect(publisherStats.producersCreated).toBeGreaterThan(1);
  if (verbose) {
    console.log({
      upAfterMs,
      total,
      batches,
      duplicates,
      publisherStats,
      subscriptionStats,
      pendingDuringOutage,
    });
  }
});
