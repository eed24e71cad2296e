/**
 * Plain kafkajs against the real broker that scripts/kafka.sh runs: the facts the adapters rely on.
 */
import { jest } from '@jest/globals';
import type { KafkaConnection } from './kafka-connection.js';
import type { Consumer, KafkaClient } from './kafkajs.js';
import { Partitioners } from './kafkajs.js';
import { connectToTestKafka, TestCleanup, uniqueName } from './testing/kafka-test-broker.js';
import { waitFor } from './testing/wait-for.js';

jest.setTimeout(120_000);

let kafka: KafkaClient;
let connection: KafkaConnection;
const cleanup = new TestCleanup();

beforeAll(async () => {
  connection = await connectToTestKafka('kafkajs-broker-spec');
  kafka = connection.kafka;
});

afterEach(() => cleanup.run());

async function createTopic(partitions: number): Promise<string> {
  const topic = uniqueName('raw');
  await connection.createTopicAdmin().ensureTopic(topic, partitions);
  return topic;
}

describe('kafkajs against the real broker', () => {
  it('produces and consumes keyed messages with headers', async () => {
    const topic = await createTopic(3);
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    const sent = Array.from({ length: 30 }, (_, i) => ({
      key: `k${i % 5}`,
      value: `v${i}`,
      headers: { n: String(i) },
    }));
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const received: { key: string; value: string; n: string; partition: number }[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('raw-group'), maxWaitTimeInMs: 200 });
    cleanup.add(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        received.push({
          key: message.key!.toString(),
          value: message.value!.toString(),
          n: message.headers!.n!.toString(),
          partition,
        });
      },
    });
    await waitFor(() => received.length === 30, 30_000, '30 messages');
    await consumer.disconnect();

    expect(received.map((m) => m.value).sort()).toEqual(sent.map((m) => m.value).sort());
    for (let k = 0; k < 5; k++) {
      const ofKey = received.filter((m) => m.key === `k${k}`);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      expect(ofKey.map((m) => Number(m.n))).toEqual([...ofKey.map((m) => Number(m.n))].sort((a, b) => a - b));
    }
  });

  it('an idempotent producer (acks all, one request in flight) writes each message once', async () => {
    const topic = await createTopic(2);
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    for (let batch = 0; batch < 10; batch++) {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 20 }, (_, i) => ({ key: `s${i % 4}`, value: `${batch * 20 + i}` })),
      });
    }
    await producer.disconnect();

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)).toBe(200);
  });

  it('a consumer group of two members shares the partitions and together reads everything once', async () => {
    const topic = await createTopic(4);
    const groupId = uniqueName('raw-group');
    const seen = new Map<string, number[]>();
    const consumers: Consumer[] = [];
    const assignments: Record<string, number[]>[] = [{}, {}];
    for (const index of [0, 1]) {
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        assignments[index] = event.payload.memberAssignment;
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const value = message.value!.toString();
          seen.set(value, [...(seen.get(value) ?? []), index]);
        },
      });
      consumers.push(consumer);
      cleanup.add(() => consumer.disconnect());
    }
    const owned = () => [...(assignments[0]![topic] ?? []), ...(assignments[1]![topic] ?? [])].sort();
    await waitFor(
      () =>
        (assignments[0]![topic]?.length ?? 0) > 0 &&
        (assignments[1]![topic]?.length ?? 0) > 0 &&
        owned().join() === '0,1,2,3',
      30_000,
      'both members to own two partitions each',
    );

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 100 }, (_, i) => ({ key: `key-${i}`, value: String(i) })),
    });
    await producer.disconnect();

    await waitFor(() => seen.size === 100, 30_000, '100 messages');
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    // Nothing more arrives after all 100 were seen once.
    expect([...seen.values()].every((members) => members.length === 1)).toBe(true);
    const byMember = [0, 1].map(
      (index) => [...seen.values()].filter((members) => members[0] === index).length,
    );
    expect(byMember[0]).toBeGreaterThan(0);
    expect(byMember[1]).toBeGreaterThan(0);
  });
});
