/**
 * The relay against real PostgreSQL and Kafka: what reaches the topic (envelope, headers, key, order per
 * stream), and one active relay per database with takeover when the leader stops or loses its session.
 */
import { jest } from '@jest/globals';
import { type KafkaConnection, TestCleanup, connectToTestKafka, uniqueName, waitFor } from '#messaging';
import { allEvents, checkDelivery, readTopic } from '../testing/kafka-delivery.js';
import { type TestInfrastructure, openTestInfrastructure } from '../testing/test-infrastructure.js';
import { startUserTraffic } from '../testing/user-traffic.js';
import { WorkerStats } from '../worker-stats.js';
import { Relay } from './relay.js';

jest.setTimeout(120_000);

let kafka: KafkaConnection;
let test: TestInfrastructure;
const cleanup = new TestCleanup();

beforeAll(async () => {
  kafka = await connectToTestKafka('relay-spec');
});

beforeEach(async () => {
  test = await openTestInfrastructure('relay');
});

afterEach(async () => {
  await cleanup.run();
  await test.close();
});

async function newTopic(): Promise<string> {
  const topic = uniqueName('relay');
  await kafka.createTopicAdmin().ensureTopic(topic, 3);
  return topic;
}

function relayOn(topic: string, name: string, timeline: string[], retryMs = 200) {
  const counts = { published: 0 };
  const relay = new Relay(test.infra.store, test.infra.db, kafka.createPublisher(), {
    topic,
    leadership: { retryMs, checkMs: 500 },
    onPublished: (events) => {
      counts.published += events;
      if (timeline.at(-1) !== name) timeline.push(name);
    },
  });
  cleanup.add(() => relay.stop());
  return { relay, counts };
}

/** Relays a and b on one database; a starts first and leads (and, once it lost the lead, waits `retryMs`). */
async function twoRelays(retryMs?: number) {
  const topic = await newTopic();
  const timeline: string[] = [];
  const a = relayOn(topic, 'a', timeline, retryMs);
  const b = relayOn(topic, 'b', timeline);
  await a.relay.start();
  await b.relay.start();
  expect([a.relay.isLeader, b.relay.isLeader]).toEqual([true, false]);
  return { topic, a, b, timeline };
}

const stats = () => new WorkerStats(test.infra.db, [], true);

it('publishes every committed event with the API.md envelope and headers, keyed by stream, in stream order', async () => {
  const topic = await newTopic();
  const traffic = startUserTraffic(test.infra.store, test.infra.accountId, { writers: 6, maxEvents: 600 });
  const { relay, counts } = relayOn(topic, 'relay', []);
  await relay.start();
  const appended = await traffic.finished;
  await waitFor(async () => (await stats().relayLag()) === 0, 30_000, 'relay caught up');

  const stored = await allEvents(test.infra.store);
  expect(stored).toHaveLength(appended.events);
  const report = checkDelivery(await readTopic(kafka, topic, stored.length), stored);
  expect(report).toEqual({ messages: stored.length, duplicates: 0 });
  expect(counts.published).toBe(stored.length);
  expect(stored.some((event) => event.type === 'UserUpdated')).toBe(true);
});

it('lets one relay publish at a time; a stopped leader hands over to the other', async () => {
  const { topic, a, b, timeline } = await twoRelays();

  await startUserTraffic(test.infra.store, test.infra.accountId, { writers: 4, maxEvents: 300 }).finished;
  await waitFor(async () => (await stats().relayLag()) === 0, 30_000, 'leader a caught up');
  expect(b.counts.published).toBe(0);

  const stopped = Date.now();
  await a.relay.stop();
  await waitFor(() => b.relay.isLeader, 10_000, 'b takes over');
  const takeoverMs = Date.now() - stopped;
  await startUserTraffic(test.infra.store, test.infra.accountId, { writers: 4, maxEvents: 300 }).finished;
  await waitFor(async () => (await stats().relayLag()) === 0, 30_000, 'new leader b caught up');

  expect(timeline).toEqual(['a', 'b']);
  expect(a.counts.published).toBe(300);
  expect(b.counts.published).toBe(300);
  const stored = await allEvents(test.infra.store);
  expect(checkDelivery(await readTopic(kafka, topic, stored.length), stored).duplicates).toBe(0);
  console.info(`relay takeover after a graceful stop: ${takeoverMs} ms`);
});

it('moves leadership when the leader loses its database session, and the old leader stops publishing', async () => {
  // Once a lost its session it competes for the lock again like any follower; it retries late here so that
  // b's takeover is what this test observes.
  const { topic, a, b, timeline } = await twoRelays(60_000);
  const traffic = startUserTraffic(test.infra.store, test.infra.accountId, { writers: 4, pauseMs: 5 });
  await waitFor(() => a.counts.published > 100, 30_000, 'a publishing');

  // The leader's lock session dies as it would if its connection broke: the lock frees with it.
  const { rows } = await test.infra.db.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  expect(rows).toHaveLength(1);
  const killed = Date.now();
  await test.infra.db.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
  await waitFor(() => b.relay.isLeader, 10_000, 'b takes over');
  const takeoverMs = Date.now() - killed;
  await waitFor(() => b.counts.published > 100, 30_000, 'b publishing');
  const publishedByA = a.counts.published;
  const appended = await traffic.stop();
  await waitFor(async () => (await stats().relayLag()) === 0, 30_000, 'b caught up');

  expect(a.relay.isLeader).toBe(false);
  expect(a.counts.published).toBe(publishedByA);
  expect(timeline).toEqual(['a', 'b']);
  const stored = await allEvents(test.infra.store);
  expect(stored).toHaveLength(appended.events);
  const report = checkDelivery(await readTopic(kafka, topic, stored.length), stored);
  console.info(
    `relay takeover after the leader's session was terminated: ${takeoverMs} ms; ` +
      `${report.duplicates} duplicates of ${stored.length} events`,
  );
});
