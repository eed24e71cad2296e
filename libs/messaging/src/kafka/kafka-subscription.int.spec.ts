/**
 * KafkaSubscription against the real broker: commit-after-handle, redelivery on handler failure (including the
 * kafkajs crash that does not restart by itself), and a consumer group of two subscriptions with takeover.
 */
import { jest } from '@jest/globals';
import type { InboundMessage, OutboundMessage } from '../ports.js';
import type { KafkaConnection } from './kafka-connection.js';
import type { KafkaSubscription, KafkaSubscriptionOptions } from './kafka-subscription.js';
import { connectToTestKafka, TestCleanup, uniqueName } from './testing/kafka-test-broker.js';
import { waitFor } from './testing/wait-for.js';

jest.setTimeout(120_000);

let connection: KafkaConnection;
const cleanup = new TestCleanup();

beforeAll(async () => {
  connection = await connectToTestKafka('kafka-subscription-spec');
});

afterEach(() => cleanup.run());

async function topicWith(partitions: number, count: number): Promise<string> {
  const topic = uniqueName('sub');
  await connection.createTopicAdmin().ensureTopic(topic, partitions);
  await publish(topic, 0, count);
  return topic;
}

async function publish(topic: string, from: number, count: number): Promise<void> {
  const publisher = connection.createPublisher();
  const messages: OutboundMessage[] = Array.from({ length: count }, (_, i) => ({
    key: `stream-${(from + i) % 7}`,
    value: String(from + i),
    headers: { 'event-id': `e${from + i}` },
  }));
  await publisher.publish(topic, messages);
  await publisher.close();
}

function subscribe(
  topic: string,
  groupId: string,
  options: Partial<KafkaSubscriptionOptions> = {},
): KafkaSubscription {
  const subscription = connection.createSubscription({
    topics: [topic],
    groupId,
    maxWaitTimeMs: 200,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    restartBackoff: { initialMs: 200, maxMs: 1000 },
    ...options,
  });
  cleanup.add(() => subscription.stop());
  return subscription;
}

async function committed(groupId: string, topic: string): Promise<number> {
  const admin = connection.kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

const values = (messages: InboundMessage[]) => messages.map((m) => Number(m.value));

describe('KafkaSubscription', () => {
  it('hands over batches per partition in offset order, with keys and headers, and commits after the handler', async () => {
    const topic = await topicWith(3, 60);
    const groupId = uniqueName('group');
    const handled: InboundMessage[] = [];
    const subscription = subscribe(topic, groupId);
    await subscription.start(async (batch) => {
      expect(new Set(batch.map((m) => m.partition)).size).toBe(1);
      handled.push(...batch);
    });
    await waitFor(() => handled.length >= 60, 30_000, '60 messages');
    await waitFor(async () => (await committed(groupId, topic)) === 60, 10_000, 'offsets committed');

    expect(values(handled).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    for (let partition = 0; partition < 3; partition++) {
      const offsets = handled.filter((m) => m.partition === partition).map((m) => BigInt(m.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
    }
    const first = handled.find((m) => m.value === '0')!;
    expect(first).toMatchObject({ topic, key: 'stream-0', headers: { 'event-id': 'e0' } });
    expect(subscription.assignment()[topic]?.sort()).toEqual([0, 1, 2]);
  });

  it.each([
    ['an Error (kafkajs retries the batch in place)', false],
    ['a TypeError (kafkajs crashes and does not restart: the consumer is recreated)', true],
  ])(
    'delivers a batch again after the handler threw %s, committing only after success',
    async (_, typeError) => {
      const topic = await topicWith(1, 8);
      const groupId = uniqueName('group');
      const deliveries: number[][] = [];
      const subscription = subscribe(topic, groupId);
      await subscription.start(async (batch) => {
        deliveries.push(values(batch));
        if (deliveries.length > 1) return;
        // kafkajs counts a TypeError as unrecoverable: CRASH with restart = false, after which it stays down.
        if (typeError) (undefined as unknown as { apply(): void }).apply();
        throw new Error('projection database unavailable');
      });
      await waitFor(() => deliveries.length >= 2, 30_000, 'redelivery');
      await waitFor(async () => (await committed(groupId, topic)) === 8, 15_000, 'offsets committed');

      expect(deliveries[1]!.slice(0, deliveries[0]!.length)).toEqual(deliveries[0]);
      expect([...new Set(deliveries.slice(1).flat())].sort((a, b) => a - b)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7,
      ]);
      expect(subscription.stats.handlerErrors).toBe(1);
      if (typeError) {
        expect(subscription.stats.crashes).toBeGreaterThanOrEqual(1);
        expect(subscription.stats.consumersCreated).toBeGreaterThanOrEqual(2);
      }
    },
  );

  it('a stopped subscription whose handler kept failing committed nothing: the next member gets every message', async () => {
    const topic = await topicWith(1, 5);
    const groupId = uniqueName('group');
    let attempts = 0;
    const failing = subscribe(topic, groupId, { handlerRetries: 50 });
    await failing.start(async () => {
      attempts++;
      throw new Error('always failing');
    });
    await waitFor(() => attempts >= 2, 30_000, 'two failed attempts');
    await failing.stop();
    expect(await committed(groupId, topic)).toBe(0);

    const handled: number[] = [];
    const next = subscribe(topic, groupId);
    await next.start(async (batch) => {
      handled.push(...values(batch));
    });
    await waitFor(() => handled.length >= 5, 30_000, 'all five');
    expect(handled.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
  });

  it('recreates the consumer when a handler keeps failing past kafkajs retries, then continues where it was', async () => {
    const topic = await topicWith(1, 6);
    const groupId = uniqueName('group');
    let calls = 0;
    const handled: number[] = [];
    const subscription = subscribe(topic, groupId, { handlerRetries: 1 });
    await subscription.start(async (batch) => {
      calls++;
      if (calls <= 3) throw new Error(`failure ${calls}`);
      handled.push(...values(batch));
    });
    await waitFor(() => handled.length >= 6, 30_000, 'all six after the failures');
    expect(handled.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(subscription.stats.consumersCreated).toBeGreaterThanOrEqual(2);
  });

  it('keeps its membership through a batch that takes longer than the session timeout (heartbeats while handling)', async () => {
    const topic = await topicWith(1, 3);
    const groupId = uniqueName('group');
    const deliveries: number[][] = [];
    const subscription = subscribe(topic, groupId, { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000 });
    await subscription.start(async (batch) => {
      deliveries.push(values(batch));
      if (deliveries.length === 1) await new Promise((resolve) => setTimeout(resolve, 9000));
    });
    await waitFor(async () => (await committed(groupId, topic)) === 3, 30_000, 'offsets committed');
    expect(deliveries).toEqual([[0, 1, 2]]);
    expect(subscription.stats).toMatchObject({ consumersCreated: 1, crashes: 0, handlerErrors: 0 });
  });

  it('two subscriptions in one group share the partitions; when one stops the other takes over and continues', async () => {
    const topic = await topicWith(4, 0);
    const groupId = uniqueName('group');
    const byMember: number[][] = [[], []];
    const a = subscribe(topic, groupId);
    const b = subscribe(topic, groupId);
    await a.start(async (batch) => {
      byMember[0]!.push(...values(batch));
    });
    await b.start(async (batch) => {
      byMember[1]!.push(...values(batch));
    });
    const owned = () => [...(a.assignment()[topic] ?? []), ...(b.assignment()[topic] ?? [])].sort().join();
    await waitFor(
      () =>
        (a.assignment()[topic]?.length ?? 0) > 0 &&
        (b.assignment()[topic]?.length ?? 0) > 0 &&
        owned() === '0,1,2,3',
      30_000,
      'both members owning partitions',
    );

    await publish(topic, 0, 200);
    await waitFor(() => new Set([...byMember[0]!, ...byMember[1]!]).size === 200, 30_000, 'first 200');
    expect(byMember[0]!.length).toBeGreaterThan(0);
    expect(byMember[1]!.length).toBeGreaterThan(0);

    await a.stop();
    await waitFor(
      () => b.assignment()[topic]?.sort().join() === '0,1,2,3',
      30_000,
      'b owning every partition',
    );
    const beforeTakeover = byMember[1]!.length;
    await publish(topic, 200, 200);
    await waitFor(() => new Set([...byMember[0]!, ...byMember[1]!]).size === 400, 30_000, 'all 400');
    const afterTakeover = byMember[1]!.slice(beforeTakeover);
    expect(new Set(afterTakeover.filter((v) => v >= 200)).size).toBe(200);
    await b.stop();
    expect(await committed(groupId, topic)).toBe(400);
  });
});
