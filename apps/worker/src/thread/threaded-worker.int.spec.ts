import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Worker as Thread } from 'node:worker_threads';
import { CreateUser, CreateUserHandler } from '#identity';
import { waitFor } from '#messaging';
import { createProjections } from '#runtime';
import {
  openTestInfrastructure,
  silentLog,
  type TestInfrastructure,
} from '../testing/test-infrastructure.js';
import { stamp } from '../testing/user-traffic.js';
import type { ToWorkerThread } from './thread-messages.js';
import { startWorkerThread } from './threaded-worker.js';

describe('the worker on a thread of its own (startWorkerThread)', () => {
  let test: TestInfrastructure;

  beforeAll(async () => {
    test = await openTestInfrastructure('worker_thread');
    // The thread runs the service's projections: the API side reads the lags of those.
    test.infra.projections = createProjections();
  });

  afterAll(async () => {
    await test?.close();
  });

  const createUser = (userName: string) =>
    new CreateUserHandler(test.infra.store).execute(
      new CreateUser(
        { userName, kind: 'programmatic' },
        {
          now: new Date(),
          accountId: test.infra.accountId,
          actorArn: `acs:ram::${test.infra.accountId}:root`,
          requestId: randomUUID(),
          correlationId: randomUUID(),
        },
      ),
    );

  const unreadEvent = () =>
    stamp(test.infra.accountId, { type: 'NothingReadsThis', schemaVersion: 1, data: {} });

  it('applies what this side appends, sends its counters here, and its thread ends with stop', async () => {
    const crashes: Error[] = [];
    const worker = await startWorkerThread({
      config: test.config,
      infra: test.infra,
      log: silentLog,
      onCrash: (error) => crashes.push(error),
    });
    try {
      expect(worker.transport).toBe('in-process');
      for (const name of ['t-1', 't-2', 't-3']) await createUser(name);
      await waitFor(
        async () => Object.values(await worker.stats.projectionLag()).every((lag) => lag === 0),
        30_000,
        'the thread applied every event',
      );
      const { rows } = await test.infra.db.query<{ user_name: string }>(
        `SELECT user_name FROM users_view ORDER BY user_name`,
      );
      expect(rows.map((row) => row.user_name)).toEqual(['t-1', 't-2', 't-3']);
      await waitFor(() => worker.stats.applied.users >= 3, 10_000, 'the counters sent over');
    } finally {
      await worker.stop();
    }
    // Asked to stop, the thread's end is no crash; a second stop is the first one.
    expect(crashes).toEqual([]);
    await worker.stop();
  });

  it('tells the thread only of appends of the types that wake one of its followers at once', async () => {
    const worker = await startWorkerThread({
      config: test.config,
      infra: test.infra,
      log: silentLog,
      onCrash: () => undefined,
    });
    const posted = jest.spyOn(Thread.prototype, 'postMessage');
    try {
      const told = () =>
        posted.mock.calls.flatMap(([message]) => {
          const sent = message as ToWorkerThread;
          return sent.type === 'appended' ? [sent.eventTypes] : [];
        });
      // No projection reads these (as no projection reads role sessions): the thread's tip watch finds them.
      await test.infra.store.append(`unread-${randomUUID()}`, 'none', [unreadEvent()]);
      await test.infra.store.append(`unread-${randomUUID()}`, 'none', [unreadEvent()]);
      expect(told()).toEqual([]);
      await createUser('t-told');
      expect(told()).toEqual([['UserCreated']]);
      await waitFor(
        async () => Object.values(await worker.stats.projectionLag()).every((lag) => lag === 0),
        30_000,
        'the thread applied every event',
      );
    } finally {
      posted.mockRestore();
      await worker.stop();
    }
  });

  describe('misbehaving', () => {
    const start = (mode: 'fail' | 'crash', crashes: Error[]) =>
      startWorkerThread({
        config: test.config,
        infra: test.infra,
        log: silentLog,
        onCrash: (error) => crashes.push(error),
        entry: new URL(`../testing/worker-thread.fixture.ts?${mode}`, import.meta.url),
      });

    it('a thread that cannot start fails the start, and is no crash', async () => {
      const crashes: Error[] = [];
      await expect(start('fail', crashes)).rejects.toThrow('the database is not there');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(crashes).toEqual([]);
    });

    it('a thread that dies once started is reported as a crash', async () => {
      const crashes: Error[] = [];
      const worker = await start('crash', crashes);
      await waitFor(() => crashes.length === 1, 10_000, 'the crash reported');
      expect(crashes[0].message).toMatch(/exited with code 1/);
      // Stopping what already ended returns at once.
      await worker.stop();
    });
  });
});
