/**
 * Two worker processes (apps/worker/src/main.ts) in one consumer group on one database. One is SIGKILLed
 * under load; the other takes over the relay and the partitions. When everything is applied the users view
 * equals a fresh rebuild from the event store; the survivor then stops cleanly on SIGTERM.
 */
import { jest } from '@jest/globals';
import { type KafkaConnection, TestCleanup, connectToTestKafka, uniqueName, waitFor } from '#messaging';
import { UsersProjection } from '#projections';
import { rebuildProjection } from './rebuild/rebuild-projection.js';
import { type TsProcess, spawnTs } from './testing/child-process.js';
import { usersView } from './testing/scripted-users.js';
import { type TestInfrastructure, openTestInfrastructure } from './testing/test-infrastructure.js';
import { startUserTraffic } from './testing/user-traffic.js';
import { WorkerStats } from './worker-stats.js';

jest.setTimeout(180_000);

let kafka: KafkaConnection;
let test: TestInfrastructure;
const cleanup = new TestCleanup();

beforeAll(async () => {
  kafka = await connectToTestKafka('worker-processes-spec');
  const kafkaEnv = {
    brokers: kafka.config.brokers.join(','),
    topic: uniqueName('workers'),
    consumerGroup: uniqueName('workers'),
  };
  test = await openTestInfrastructure('workers', { kafka: kafkaEnv });
});

afterAll(async () => {
  await cleanup.run();
  await test.close();
});

async function groupMembers(): Promise<number> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([test.config.consumerGroup]);
    return groups[0]?.members.length ?? 0;
  } finally {
    await admin.disconnect();
  }
}

function spawnWorker(): TsProcess {
  const worker = spawnTs('apps/worker/src/main.ts', {
    ...test.env,
    KAFKA_PARTITIONS: '6',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_REBALANCE_TIMEOUT_MS: '10000',
  });
  cleanup.add(async () => worker.kill('SIGKILL'));
  return worker;
}

it('survives a worker killed under load: the other takes over and the read model equals a fresh rebuild', async () => {
  const first = spawnWorker();
  await first.waitForLog('relay leadership acquired');
  await first.waitForLog('worker started');
  const second = spawnWorker();
  await second.waitForLog('worker started');
  await waitFor(async () => (await groupMembers()) === 2, 30_000, 'two members in the group');

  const stats = new WorkerStats(
    test.infra.db,
    test.infra.projections.filter((p) => p.name === 'users'),
    true,
  );
  const traffic = startUserTraffic(test.infra.store, test.infra.accountId, { writers: 6, pauseMs: 2 });
  cleanup.add(() => traffic.stop());
  await waitFor(
    async () => traffic.summary.events >= 2000 && (await stats.projectionLag()).users < 1500,
    60_000,
    'load applied',
  );

  first.kill('SIGKILL');
  const killed = Date.now();
  const appendedAtKill = traffic.summary.events;
  await second.waitForLog('relay leadership acquired', 30_000);
  const relayTakeoverMs = Date.now() - killed;
  await waitFor(() => traffic.summary.events >= appendedAtKill + 2000, 60_000, 'load after the kill');
  const appended = await traffic.stop();
  await waitFor(
    async () => (await stats.relayLag()) === 0 && (await stats.projectionLag()).users === 0,
    90_000,
    'everything relayed and applied',
  );
  const caughtUpMs = Date.now() - killed;
  expect(await groupMembers()).toBe(1);

  const live = await usersView(test.infra.db);
  expect(live).toHaveLength(appended.created - appended.deleted);
  const rebuilt = await rebuildProjection(test.infra, new UsersProjection());
  expect(rebuilt.events).toBe(appended.events);
  expect(await usersView(test.infra.db)).toEqual(live);

  second.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
  expect(second.logs.map((line) => line.msg)).toContain('worker stopped');
  console.info(
    `worker killed after ${appendedAtKill} of ${appended.events} events; relay taken over in ${relayTakeoverMs} ms; ` +
      `all relayed and applied ${caughtUpMs} ms after the kill; users view (${live.length} rows) equals a fresh rebuild`,
  );
});
