import { Database } from '#event-store';
import { httpClient } from './support/http-client.js';
import { ramSetup } from './support/ram-setup.js';
import { startTestService, type TestService } from './support/test-service.js';

/**
 * A caller is authenticated from the tables its events commit with; the API's permission state follows the
 * log in commit order and may lag behind it. A user created a moment ago is then known to the first and not
 * yet to the second: its request waits for the permission state rather than answering that it does not exist.
 * (The permission state is the API's own, whatever the transport.)
 */
describe('authorization of a caller the permission state has not caught up with', () => {
  let running: TestService;
  let db: Database;

  beforeAll(async () => {
    running = await startTestService('in-process');
    db = new Database(running.databaseUrl, { max: 2 });
  });

  afterAll(async () => {
    await db?.close();
    await running?.stop();
  });

  it('decides once the permission state has applied the caller, not 404 before', async () => {
    const root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
    const setup = ramSetup(running.url, root);
    // A transaction holding an id holds every commit-order reader back (the snapshot guard): the
    // permission state cannot read what is committed after it until it ends.
    const blocker = await db.pool.connect();
    let released = false;
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      const newcomer = await setup.user('newcomer');
      const release = new Promise<void>((resolve) =>
        setTimeout(() => {
          released = true;
          void blocker.query('COMMIT').then(() => resolve());
        }, 500),
      );
      const answer = await newcomer.get('/v1/users/newcomer/access-keys');
      // Answered only after the blocker ended: it waited for the permission state.
      expect(released).toBe(true);
      expect([answer.status, answer.body.error?.code]).toEqual([403, 'NoPermission']);
      await release;
    } finally {
      if (!released) await blocker.query('ROLLBACK');
      blocker.release();
    }
  });
});
