/**
 * The in-process transport's own bookkeeping: one follower feeds every projection, each projection keeps its
 * own checkpoint, and batches that change nothing move the checkpoints in memory only until stop (or a
 * batch that changes something, or a second later).
 */
import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  type CommitOrderCheckpoint,
  START_OF_LOG,
  checkpointOf,
  compareCheckpoints,
  loadCheckpoint,
  resetCheckpoint,
} from '#event-store';
import { waitFor } from '#messaging';
import {
  InProcessProjectionTransport,
  type Projection,
  lockProjectionExclusive,
  projectionCheckpointName,
  unlockProjectionExclusive,
} from '#projections';
import { CountingProjection, applicationCounts } from '../testing/counting.projection.js';
import { allEvents } from '../testing/kafka-delivery.js';
import { appendHistory, scriptedUserHistory, usersView } from '../testing/scripted-users.js';
import { stamp } from '../testing/user-traffic.js';
import { type TestInfrastructure, openTestInfrastructure } from '../testing/test-infrastructure.js';

jest.setTimeout(60_000);

let test: TestInfrastructure;
let users: Projection;
const counting = new CountingProjection();

beforeAll(async () => {
  test = await openTestInfrastructure('in_process_transport');
  users = test.infra.projections.find((p) => p.name === 'users')!;
});

afterAll(() => test.close());

/** A transport over the users and counting projections, with what it handed to each. */
function transport() {
  const handed = { users: 0, counting: 0 } as Record<string, number>;
  const running = new InProcessProjectionTransport(test.infra.store, test.infra.db, [users, counting], {
    onApplied: (events, projection) => (handed[projection] += events),
    checkpointDeferMs: 60_000, // longer than any test: only stop and changes save
  });
  return { running, handed };
}

const checkpointOfProjection = (projection: Projection) =>
  loadCheckpoint(test.infra.db, projectionCheckpointName(projection));

/** Has the transport's follower read up to `checkpoint` (whether or not it handed anything)? */
const readPast = ({ running }: ReturnType<typeof transport>, checkpoint: CommitOrderCheckpoint) =>
  running.checkpoint !== undefined && compareCheckpoints(running.checkpoint, checkpoint) >= 0;

async function lastCommitted(): Promise<CommitOrderCheckpoint> {
  const events = await allEvents(test.infra.store);
  return events.length > 0 ? checkpointOf(events.at(-1)!) : START_OF_LOG;
}

/** Events of a type no projection handles, each on a stream of its own (like role sessions). */
async function appendUnhandled(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const event = stamp(test.infra.accountId, { type: 'NothingReadsThis', schemaVersion: 1, data: { i } });
    await test.infra.store.append(`unhandled-${randomUUID()}`, 'none', [event]);
  }
}

it('hands a projection only what follows its own checkpoint', async () => {
  const appended = await appendHistory(test.infra.store, scriptedUserHistory());
  const first = transport();
  await first.running.start();
  await waitFor(async () => first.handed.counting === appended, 30_000, 'both projections fed');
  await first.running.stop();
  const view = await usersView(test.infra.db);

  // The counting projection starts over, as a rebuild's first transaction leaves it; users stays where it is.
  await test.infra.db.transaction(async (client) => {
    await counting.reset(client);
    await client.query(`DELETE FROM projection_progress WHERE projection = $1`, [counting.name]);
    await resetCheckpoint(client, projectionCheckpointName(counting));
  });
  const second = transport();
  await second.running.start();
  await waitFor(async () => second.handed.counting === appended, 30_000, 'counting fed again');
  await second.running.stop();

  expect(second.handed.users).toBe(0);
  expect(await usersView(test.infra.db)).toEqual(view);
  expect(await applicationCounts(test.infra.db)).toEqual({ events: appended, doubled: 0 });
  expect(await checkpointOfProjection(counting)).toEqual(await checkpointOfProjection(users));
});

it('saves checkpoints that only batches changing nothing moved at stop, and a restart without that changes nothing', async () => {
  const before = await lastCommitted();
  const running = transport();
  await running.running.start();
  await appendUnhandled(20);
  const appended = await lastCommitted();
  await waitFor(async () => readPast(running, appended), 30_000, 'the unhandled events read');
  // Stepped over, never handed; no checkpoint moved: a crash now has the next start read them again.
  expect(running.handed).toEqual({ users: 0, counting: 0 });
  expect(await checkpointOfProjection(users)).toEqual(before);
  const again = transport(); // a second follower starting from the saved checkpoints, as after a crash
  await again.running.start();
  await waitFor(async () => readPast(again, appended), 30_000, 'the unhandled events read again');
  await Promise.all([running.running.stop(), again.running.stop()]);

  const after = await lastCommitted();
  expect(await checkpointOfProjection(users)).toEqual(after);
  expect(await checkpointOfProjection(counting)).toEqual(after);
  const { rows } = await test.infra.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM projection_progress WHERE stream_id LIKE 'unhandled-%'`,
  );
  expect(rows[0].n).toBe(0);
});

it('saves with the next batch that changes something', async () => {
  const running = transport();
  await running.running.start();
  await appendUnhandled(5);
  const unhandled = await lastCommitted();
  await waitFor(async () => readPast(running, unhandled), 30_000, 'the unhandled events read');
  const appended = await appendHistory(test.infra.store, scriptedUserHistory().slice(0, 1));
  await waitFor(async () => running.handed.users === appended, 30_000, 'a user created');
  expect(await checkpointOfProjection(users)).toEqual(await lastCommitted());
  await running.running.stop();
});

it('waits for a rebuild of one projection without holding a transaction id, so no commit-order reader waits too', async () => {
  const rebuild = await test.infra.db.pool.connect();
  try {
    await lockProjectionExclusive(rebuild, counting.name);
    const running = transport();
    await running.running.start();
    const appended = await appendHistory(test.infra.store, scriptedUserHistory().slice(0, 3));
    const waiting = async () =>
      (
        await test.infra.db.query<{ xid: string | null }>(
          `SELECT backend_xid::text AS xid FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
        )
      ).rows;
    await waitFor(async () => (await waiting()).length > 0, 30_000, 'the batch waiting for the rebuild');
    // Both projections' locks come first: nothing written yet, so no transaction id holds readers back.
    expect(await waiting()).toEqual([{ xid: null }]);
    expect(running.handed.users).toBe(0);
    await unlockProjectionExclusive(rebuild, counting.name);
    await waitFor(async () => running.handed.counting === appended, 30_000, 'applied after the rebuild');
    await running.running.stop();
  } finally {
    rebuild.release();
  }
});
