/**
 * The relay dies mid-stream: a worker process is SIGKILLed under load at the worst moment, after Kafka
 * acknowledged a batch and before the checkpoint saying so is saved. A relay started afterwards resumes from
 * the checkpoint: every event is on the topic at least once (that batch twice), in order per stream.
 */
import { jest } from '@jest/globals';
import { type KafkaConnection, TestCleanup, connectToTestKafka, uniqueName, waitFor } from '#messaging';
import { spawnTs } from '../testing/child-process.js';
import { allEvents, checkDelivery, readTopic } from '../testing/kafka-delivery.js';
import { type TestInfrastructure, openTestInfrastructure } from '../testing/test-infrastructure.js';
import { startUserTraffic } from '../testing/user-traffic.js';
import { WorkerStats } from '../worker-stats.js';
import { RELAY_CHECKPOINT, Relay } from './relay.js';

jest.setTimeout(120_000);

let kafka: KafkaConnection;
let test: TestInfrastructure;
const cleanup = new TestCleanup();

beforeAll(async () => {
  kafka = await connectToTestKafka('relay-crash-spec');
  const brokers = kafka.config.brokers.join(',');
  test = await openTestInfrastructure('relay_crash', {
    kafka: { brokers, topic: uniqueName('relay-crash'), consumerGroup: uniqueName('relay-crash') },
  });
});

afterAll(async () => {
  await cleanup.run();
  await test.close();
});

/** The backend of a checkpoint save that waits for the row lock, if any. */
async function blockedSave(): Promise<number | undefined> {
  const { rows } = await test.infra.db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%consumer_checkpoints%'`,
  );
  return rows[0]?.pid;
}

it('a relay killed mid-stream loses nothing: after restart every event is on Kafka, in order per stream', async () => {
  const stats = new WorkerStats(test.infra.db, [], true);
  const worker = spawnTs('apps/worker/src/main.ts', { ...test.env, KAFKA_PARTITIONS: '3' });
  cleanup.add(async () => worker.kill('SIGKILL'));
  await worker.waitForLog('relay leadership acquired');

  const traffic = startUserTraffic(test.infra.store, test.infra.accountId, { writers: 6 });
  cleanup.add(() => traffic.stop());
  await waitFor(
    async () => traffic.summary.events >= 1500 && (await stats.relayLag()) < 1000,
    60_000,
    'relaying',
  );

  // Hold the checkpoint row: the relay's next save waits, with its batch already acknowledged by Kafka.
  const holder = await test.infra.db.pool.connect();
  await holder.query('BEGIN');
  await holder.query(`SELECT 1 FROM consumer_checkpoints WHERE consumer = $1 FOR UPDATE`, [RELAY_CHECKPOINT]);
  let saving: number | undefined;
  await waitFor(
    async () => (saving = await blockedSave()) !== undefined,
    30_000,
    'the relay saving its checkpoint',
  );
  worker.kill('SIGKILL');
  await worker.exited;
  // PostgreSQL would still run a statement whose client died; end it, as if it had never been sent.
  await test.infra.db.query('SELECT pg_terminate_backend($1)', [saving]);
  await holder.query('ROLLBACK');
  holder.release();
  const killedAt = { appended: traffic.summary.events, unpublished: await stats.relayLag() };

  // The load goes on while no relay runs; then a new one takes over from the checkpoint.
  await waitFor(() => traffic.summary.events >= killedAt.appended + 500, 30_000, 'more events');
  const relay = new Relay(test.infra.store, test.infra.db, kafka.createPublisher(), {
    topic: test.config.topic,
  });
  cleanup.add(() => relay.stop());
  await relay.start();
  const appended = await traffic.stop();
  await waitFor(async () => (await stats.relayLag()) === 0, 60_000, 'relay caught up');

  const stored = await allEvents(test.infra.store);
  expect(stored).toHaveLength(appended.events);
  const report = checkDelivery(await readTopic(kafka, test.config.topic, stored.length), stored);
  expect(report.duplicates).toBeGreaterThan(0);
  console.info(
    `relay killed between a Kafka acknowledgement and its checkpoint, with ${killedAt.appended} events ` +
      `appended and ${killedAt.unpublished} not yet checkpointed; ` +
      `after restart all ${stored.length} events on Kafka in order per stream, ${report.duplicates} duplicates`,
  );
});
