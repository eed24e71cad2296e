/**
 * Rebuilds from the event store: the result equals the read model the live transport built, also when the
 * live transport keeps applying new events while the rebuild runs; and the command-line script.
 */
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { loadCheckpoint } from '#event-store';
import { waitFor } from '#messaging';
import { UsersProjection, projectionCheckpointName } from '#projections';
import { spawnTs } from '../testing/child-process.js';
import { CountingProjection, applicationCounts } from '../testing/counting.projection.js';
import { allEvents } from '../testing/kafka-delivery.js';
import { usersView } from '../testing/scripted-users.js';
import {
  type TestInfrastructure,
  openTestInfrastructure,
  silentLog,
} from '../testing/test-infrastructure.js';
import { startUserTraffic, userCreated } from '../testing/user-traffic.js';
import { type Worker, startWorker } from '../worker.js';
import { rebuildProjection } from './rebuild-projection.js';

jest.setTimeout(120_000);

let test: TestInfrastructure;
let worker: Worker;
const users = new UsersProjection();
const counting = new CountingProjection();

beforeEach(async () => {
  test = await openTestInfrastructure('rebuild');
  worker = await startWorker({ config: test.config, infra: test.infra, log: silentLog });
});

afterEach(async () => {
  await worker.stop();
  await test.close();
});

/** Per-stream progress rows of a projection, in stream order. */
const progressOf = async (projection: string) =>
  (
    await test.infra.db.query<{ stream_id: string; stream_version: number }>(
      `SELECT stream_id, stream_version FROM projection_progress WHERE projection = $1 ORDER BY stream_id`,
      [projection],
    )
  ).rows;

/**
 * No lag, and every committed event applied: commit order waits for the oldest transaction of the whole
 * server (another suite's too), and what that holds back does not count as lag yet.
 */
const caughtUp = async () => {
  if (!Object.values(await worker.stats.projectionLag()).every((lag) => lag === 0)) return false;
  const { rows } = await test.infra.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
  return (await applicationCounts(test.infra.db)).events >= rows[0].n;
};

it('rebuilds the read model the live transport built, with progress and checkpoint', async () => {
  await startUserTraffic(test.infra.store, test.infra.accountId, { writers: 8, maxEvents: 3000 }).finished;
  await waitFor(caughtUp, 60_000, 'live projections caught up');
  const live = await usersView(test.infra.db);
  // Recorded batch by batch by the live transport (applyBatch); the rebuild records it once at its end.
  const liveProgress = { users: await progressOf(users.name), counting: await progressOf(counting.name) };
  expect(liveProgress.users.length).toBeGreaterThan(0);

  const result = await rebuildProjection(test.infra, users, { batchSize: 700 });
  // 3000 events in batches of 600: the last transaction applies nothing and records the progress.
  const countingResult = await rebuildProjection(test.infra, counting, { batchSize: 600 });

  const stored = await allEvents(test.infra.store);
  expect(result).toMatchObject({ events: 3000, batches: 5 });
  expect(countingResult).toMatchObject({ events: 3000, batches: 5 });
  expect(await progressOf(users.name)).toEqual(liveProgress.users);
  expect(await progressOf(counting.name)).toEqual(liveProgress.counting);
  expect(await usersView(test.infra.db)).toEqual(live);
  expect(await applicationCounts(test.infra.db)).toEqual({ events: 3000, doubled: 0 });
  expect(await loadCheckpoint(test.infra.db, projectionCheckpointName(users))).toEqual({
    transactionId: stored.at(-1)!.transactionId,
    position: stored.at(-1)!.position,
  });
  expect(Object.values(await worker.stats.projectionLag())).toEqual(test.infra.projections.map(() => 0));
});

it('loses nothing when live consumers keep applying new events during the rebuild', async () => {
  const traffic = startUserTraffic(test.infra.store, test.infra.accountId, { writers: 6 });
  await waitFor(() => traffic.summary.events >= 1500, 60_000, 'a history to rebuild');
  // Small batches: many rebuild transactions for live batches to fall between, were they not held back.
  const during = await rebuildProjection(test.infra, users, { batchSize: 50 });
  const appended = await traffic.stop();
  await waitFor(caughtUp, 60_000, 'live projections caught up');
  const live = await usersView(test.infra.db);

  expect(appended.events).toBeGreaterThan(during.events);
  expect(live).toHaveLength(appended.created - appended.deleted);
  await rebuildProjection(test.infra, users);
  expect(await usersView(test.infra.db)).toEqual(live);
  console.info(
    `rebuild of ${during.events} events in ${during.batches} transactions while ${appended.events - during.events} ` +
      `more were appended and applied live: read model equal to a quiet rebuild`,
  );
});

it('replays to the end of the log when transaction ids differ in digits (99 before 100)', async () => {
  // Two committed events whose transaction ids sort one way as numbers and the other way as text.
  for (const [transactionId, name] of [
    ['99', 'digits-a'],
    ['100', 'digits-b'],
  ]) {
    const event = userCreated(test.infra.accountId, randomUUID(), name);
    await test.infra.db.query(
      `INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata,
                           occurred_at, transaction_id)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8::xid8)`,
      [
        `user-${(event.data as { userId: string }).userId}`,
        event.eventId,
        event.type,
        event.schemaVersion,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        event.occurredAt,
        transactionId,
      ],
    );
  }
  const result = await rebuildProjection(test.infra, users);
  expect(result).toMatchObject({ events: 2, checkpoint: { transactionId: '100' } });
  expect((await usersView(test.infra.db)).map((user) => user.user_name).sort()).toEqual([
    'digits-a',
    'digits-b',
  ]);
});

it('runs as npm run projections:rebuild [name...]', async () => {
  await startUserTraffic(test.infra.store, test.infra.accountId, { writers: 4, maxEvents: 400 }).finished;
  await waitFor(caughtUp, 60_000, 'live projections caught up');
  const live = await usersView(test.infra.db);

  const script = spawnTs('apps/worker/src/rebuild.ts', { DATABASE_URL: test.env.DATABASE_URL }, ['users']);
  expect(await script.exited).toEqual({ code: 0, signal: null });
  expect(script.logs.find((line) => line.msg === 'projection rebuilt')).toMatchObject({
    projection: 'users',
    events: 400,
  });
  expect(await usersView(test.infra.db)).toEqual(live);

  const unknown = spawnTs('apps/worker/src/rebuild.ts', { DATABASE_URL: test.env.DATABASE_URL }, ['nope']);
  expect(await unknown.exited).toEqual({ code: 2, signal: null });
  expect(unknown.logs.find((line) => line.msg === 'unknown projection')).toMatchObject({ unknown: ['nope'] });
});
