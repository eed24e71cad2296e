/**
 * Redelivery never doubles an effect: the same event applied twice (in one batch, in two batches, or through
 * Kafka after a projector died between its database commit and its offset commit) changes the read model once.
 */
import { jest } from '@jest/globals';
import type { StoredEvent } from '#event-store';
import { type KafkaConnection, TestCleanup, connectToTestKafka, uniqueName, waitFor } from '#messaging';
import { KafkaProjectionTransport, applyBatch } from '#projections';
import { relayMessage } from '../relay/relay.js';
import { spawnTs } from '../testing/child-process.js';
import { CountingProjection, applicationCounts } from '../testing/counting.projection.js';
import { allEvents } from '../testing/kafka-delivery.js';
import { appendHistory, scriptedUserHistory } from '../testing/scripted-users.js';
import { type TestInfrastructure, openTestInfrastructure } from '../testing/test-infrastructure.js';

jest.setTimeout(120_000);

let test: TestInfrastructure;
let events: StoredEvent[];
const cleanup = new TestCleanup();
const counting = new CountingProjection();

beforeAll(async () => {
  test = await openTestInfrastructure('redelivery');
  const appended = await appendHistory(test.infra.store, scriptedUserHistory());
  events = await allEvents(test.infra.store, appended);
});

afterEach(() => cleanup.run());
afterAll(() => test.close());

const apply = (batch: StoredEvent[]) =>
  test.infra.db.transaction((client) => applyBatch(client, counting, batch));

it('applies an event delivered twice once, whether the copies share a batch or not', async () => {
  const [first, second] = events;
  expect(await apply([first, first, second])).toEqual({ applied: 2, duplicates: 1 });
  expect(await apply([first, second])).toEqual({ applied: 0, duplicates: 2 });
  expect(await apply(events)).toEqual({ applied: events.length - 2, duplicates: 2 });
  expect(await applicationCounts(test.infra.db)).toEqual({ events: events.length, doubled: 0 });
});

describe('a Kafka projector killed between its database commit and its offset commit', () => {
  let kafka: KafkaConnection;

  beforeAll(async () => {
    kafka = await connectToTestKafka('redelivery-spec');
    await test.infra.db.query(`TRUNCATE test_applications; DELETE FROM projection_progress`);
  });

  async function committedOffset(groupId: string, topic: string): Promise<number> {
    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return Math.max(0, Number(offsets!.partitions[0]!.offset));
    } finally {
      await admin.disconnect();
    }
  }

  it('gets the batch again and applies none of it twice', async () => {
    const topic = uniqueName('crash');
    const groupId = uniqueName('crash');
    await kafka.createTopicAdmin().ensureTopic(topic, 1);
    const publisher = kafka.createPublisher();
    const half = Math.floor(events.length / 2);
    await publisher.publish(topic, events.slice(0, half).map(relayMessage));

    const projector = spawnTs('apps/worker/src/testing/projector-crash.fixture.ts', {
      DATABASE_URL: test.env.DATABASE_URL,
      KAFKA_BROKERS: kafka.config.brokers.join(','),
      KAFKA_TOPIC: topic,
      KAFKA_CONSUMER_GROUP: groupId,
    });
    cleanup.add(async () => projector.kill('SIGKILL'));
    const committed = await projector.waitForLog('batch committed to the database');
    expect(await projector.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const appliedBeforeCrash = (await applicationCounts(test.infra.db)).events;
    expect(appliedBeforeCrash).toBe(committed.events);
    expect(appliedBeforeCrash).toBe(half);
    expect(await committedOffset(groupId, topic)).toBe(0);
    await publisher.publish(topic, events.slice(half).map(relayMessage));
    await publisher.close();

    let delivered = 0;
    const subscription = kafka.createSubscription({
      groupId,
      topics: [topic],
      maxWaitTimeMs: 200,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 1000,
    });
    const resumed = new KafkaProjectionTransport(
      subscription,
      test.infra.db,
      [counting],
      (n) => (delivered += n),
    );
    cleanup.add(() => resumed.stop());
    const started = Date.now();
    await resumed.start();
    await waitFor(
      async () => (await committedOffset(groupId, topic)) === events.length,
      60_000,
      'offsets committed',
    );

    expect(delivered).toBe(events.length);
    expect(await applicationCounts(test.infra.db)).toEqual({ events: events.length, doubled: 0 });
    console.info(
      `projector killed after committing ${appliedBeforeCrash} events to the database, before their offsets: ` +
        `the next member got all ${delivered}, skipped the ${appliedBeforeCrash} already applied, applied none twice; ` +
        `resumed in ${Date.now() - started} ms`,
    );
  });
});
