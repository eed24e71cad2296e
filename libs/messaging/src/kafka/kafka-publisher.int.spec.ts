/**
 * KafkaPublisher and KafkaTopicAdmin against the real broker (the shared one).
 */
import { jest } from '@jest/globals';
import type { InboundMessage, OutboundMessage } from '../ports.js';
import type { KafkaConnection } from './kafka-connection.js';
import { PublisherClosedError, PublishRejectedError } from './kafka-errors.js';
import { connectToTestKafka, TestCleanup, uniqueName } from './testing/kafka-test-broker.js';
import { waitFor } from './testing/wait-for.js';

jest.setTimeout(120_000);

let connection: KafkaConnection;
const cleanup = new TestCleanup();

beforeAll(async () => {
  connection = await connectToTestKafka('kafka-publisher-spec');
});

afterEach(() => cleanup.run());

async function readAll(topic: string, expected: number): Promise<InboundMessage[]> {
  const received: InboundMessage[] = [];
  const subscription = connection.createSubscription({
    topics: [topic],
    groupId: uniqueName('reader'),
    maxWaitTimeMs: 200,
  });
  cleanup.add(() => subscription.stop());
  await subscription.start(async (batch) => {
    received.push(...batch);
  });
  await waitFor(() => received.length >= expected, 30_000, `${expected} messages on ${topic}`);
  await subscription.stop();
  return received;
}

async function partitionCount(topic: string): Promise<number> {
  const admin = connection.kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0]!.partitions.length;
  } finally {
    await admin.disconnect();
  }
}

describe('KafkaTopicAdmin', () => {
  it('creates a missing topic with the given partitions and tolerates it existing', async () => {
    const topic = uniqueName('admin');
    const admin = connection.createTopicAdmin();
    await admin.ensureTopic(topic, 6);
    expect(await partitionCount(topic)).toBe(6);
    await admin.ensureTopic(topic, 6);
    await Promise.all([admin.ensureTopic(topic, 6), admin.ensureTopic(topic, 6)]);
    expect(await partitionCount(topic)).toBe(6);
  });

  it('creates a topic once when several callers race', async () => {
    const topic = uniqueName('admin-race');
    await Promise.all([1, 2, 3].map(() => connection.createTopicAdmin().ensureTopic(topic, 3)));
    expect(await partitionCount(topic)).toBe(3);
  });
});

describe('KafkaPublisher', () => {
  it('publishes with keys and headers; each key stays on one partition in publish order', async () => {
    const topic = uniqueName('pub');
    await connection.createTopicAdmin().ensureTopic(topic, 4);
    const publisher = connection.createPublisher();
    cleanup.add(() => publisher.close());
    const sequence = new Map<string, number>();
    const calls: Promise<void>[] = [];
    for (let call = 0; call < 20; call++) {
      const messages: OutboundMessage[] = Array.from({ length: 25 }, (_, i) => {
        const key = `user-${(call * 25 + i) % 9}`;
        const version = (sequence.get(key) ?? 0) + 1;
        sequence.set(key, version);
        return {
          key,
          value: JSON.stringify({ key, version }),
          headers: { 'event-type': 'UserCreated', version: String(version) },
        };
      });
      // Not awaited one by one: the publisher itself keeps calls in order.
      calls.push(publisher.publish(topic, messages));
    }
    await Promise.all(calls);
    expect(publisher.stats).toMatchObject({ producersCreated: 1, retries: 0, acknowledged: 500 });

    const received = await readAll(topic, 500);
    expect(received).toHaveLength(500);
    for (const [key, last] of sequence) {
      const ofKey = received.filter((m) => m.key === key);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      expect(ofKey.map((m) => Number(m.headers.version))).toEqual(
        Array.from({ length: last }, (_, i) => i + 1),
      );
      expect(ofKey.every((m) => m.headers['event-type'] === 'UserCreated')).toBe(true);
    }
  });

  it('splits a large publish into several acknowledged requests, in order', async () => {
    const topic = uniqueName('pub-large');
    await connection.createTopicAdmin().ensureTopic(topic, 1);
    const publisher = connection.createPublisher({ maxRequestBytes: 64 * 1024 });
    cleanup.add(() => publisher.close());
    const body = 'x'.repeat(10_000);
    await publisher.publish(
      topic,
      Array.from({ length: 40 }, (_, i) => ({ key: 'one-stream', value: `${i}:${body}`, headers: {} })),
    );
    const received = await readAll(topic, 40);
    expect(received.map((m) => Number(m.value.split(':')[0]))).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
  });

  it('refuses a message the broker will never accept instead of retrying forever', async () => {
    const topic = uniqueName('pub-too-large');
    await connection.createTopicAdmin().ensureTopic(topic, 1);
    const publisher = connection.createPublisher();
    cleanup.add(() => publisher.close());
    const huge = 'x'.repeat(2 * 1024 * 1024);
    await expect(publisher.publish(topic, [{ key: 'k', value: huge, headers: {} }])).rejects.toBeInstanceOf(
      PublishRejectedError,
    );
    // The publisher is still usable afterwards.
    await publisher.publish(topic, [{ key: 'k', value: 'small', headers: {} }]);
  });

  it('rejects publish after close, and close is idempotent', async () => {
    const publisher = connection.createPublisher();
    await publisher.close();
    await publisher.close();
    await expect(publisher.publish('any', [{ key: 'k', value: 'v', headers: {} }])).rejects.toBeInstanceOf(
      PublisherClosedError,
    );
  });
});
