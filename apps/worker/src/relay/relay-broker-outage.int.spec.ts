/**
 * The broker goes away for 20 s while users-like events keep being appended (a broker of this test's own):
 * the worker's relay holds its batch until Kafka is back, the backlog drains, every event reaches Kafka in
 * order per stream and the projection applies all of it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { jest } from '@jest/globals';
import {
  type DedicatedKafka,
  KafkaConnection,
  silentLogger,
  startDedicatedKafka,
  uniqueName,
  waitFor,
} from '#messaging';
import { UsersProjection } from '#projections';
import { rebuildProjection } from '../rebuild/rebuild-projection.js';
import { applicationCounts } from '../testing/counting.projection.js';
import { allEvents, checkDelivery, readTopic } from '../testing/kafka-delivery.js';
import { usersView } from '../testing/scripted-users.js';
import {
  type TestInfrastructure,
  openTestInfrastructure,
  silentLog,
} from '../testing/test-infrastructure.js';
import { startUserTraffic } from '../testing/user-traffic.js';
import { type Worker, startWorker } from '../worker.js';

jest.setTimeout(180_000);

const DOWN_MS = 20_000;

let broker: DedicatedKafka;
let kafka: KafkaConnection;
let test: TestInfrastructure;
let worker: Worker | undefined;

beforeAll(async () => {
  broker = await startDedicatedKafka('worker-outage');
  kafka = new KafkaConnection({
    brokers: broker.brokers.split(','),
    clientId: 'worker-outage-spec',
    logger: silentLogger,
    logLevel: 'error',
  });
  test = await openTestInfrastructure('outage', {
    kafka: { brokers: broker.brokers, topic: uniqueName('outage'), consumerGroup: uniqueName('outage') },
  });
}, 300_000);

afterAll(async () => {
  await worker?.stop();
  await broker?.destroy();
  await test?.close();
});

it('drains the backlog after a 20 s broker outage under load: nothing lost, order per stream kept', async () => {
  const config = { ...test.config, partitions: 3 };
  const consumer = { sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000, maxWaitTimeMs: 200 };
  worker = await startWorker({ config, infra: test.infra, log: silentLog, kafka, consumer });
  const traffic = startUserTraffic(test.infra.store, test.infra.accountId, { writers: 4, pauseMs: 5 });
  await waitFor(() => worker!.stats.published > 300, 30_000, 'relaying before the outage');

  await broker.stop();
  const publishedWhenDown = worker.stats.published;
  const appendedWhenDown = traffic.summary.events;
  await delay(DOWN_MS);
  const backlog = traffic.summary.events - appendedWhenDown;
  await broker.start();
  const restarted = Date.now();
  await delay(1000);
  const appended = await traffic.stop();
  await waitFor(async () => (await worker!.stats.relayLag()) === 0, 90_000, 'relay backlog drained');
  const drainedMs = Date.now() - restarted;
  await waitFor(
    async () => Object.values(await worker!.stats.projectionLag()).every((lag) => lag === 0),
    90_000,
    'projections caught up',
  );
  const appliedMs = Date.now() - restarted;

  const stored = await allEvents(test.infra.store);
  expect(stored).toHaveLength(appended.events);
  const report = checkDelivery(await readTopic(kafka, config.topic, stored.length), stored);
  expect(await applicationCounts(test.infra.db)).toEqual({ events: stored.length, doubled: 0 });
  const live = await usersView(test.infra.db);
  expect(live).toHaveLength(appended.created - appended.deleted);
  // Everything is committed and applied: the rebuild replays the whole log (its end is the log's last event).
  const rebuilt = await rebuildProjection(test.infra, new UsersProjection());
  expect({ replayed: rebuilt.events, through: rebuilt.checkpoint.position }).toEqual({
    replayed: stored.length,
    through: stored[stored.length - 1].position, // the last in commit order
  });
  expect(await usersView(test.infra.db)).toEqual(live);
  console.info(
    `broker down ${DOWN_MS / 1000} s: ${backlog} events appended meanwhile (relay stuck at ` +
      `${publishedWhenDown} published); backlog relayed ${drainedMs} ms and applied ${appliedMs} ms after the ` +
      `restart; ${stored.length} events on Kafka, ${report.duplicates} duplicates, none lost`,
  );
});
