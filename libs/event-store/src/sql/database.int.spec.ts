import {
  APP_ROLE,
  AppRoleLogin1764400093000,
  CreateEventChain1764400090000,
  type Database,
  GrantAppRoleRuntimeRights1764400092000,
  ProtectEventHistory1764400091000,
} from '#event-store';
import {
  type EventStoreTestDatabase,
  openEventStoreTestDatabase,
} from '../testing/event-store-test-database.js';

const SETTINGS = `SELECT current_setting('plan_cache_mode') AS mode, current_user AS role`;

describe('Database', () => {
  let testDb: EventStoreTestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await openEventStoreTestDatabase('database', {
      max: 2,
      role: APP_ROLE,
      migrations: [
        CreateEventChain1764400090000,
        ProtectEventHistory1764400091000,
        GrantAppRoleRuntimeRights1764400092000,
        AppRoleLogin1764400093000,
      ],
    });
    db = testDb.db;
  });
  afterAll(() => testDb.close());

  const settings = async (sql: string | { name: string; text: string }) =>
    (await db.query<{ mode: string; role: string }>(sql)).rows[0];

  it('runs a named statement on sessions that plan it once, as the pool role', async () => {
    expect(await settings({ name: 'database-spec-settings', text: SETTINGS })).toEqual({
      mode: 'force_generic_plan',
      role: APP_ROLE,
    });
  });

  it('runs unnamed statements and transactions in the default planning mode, as the pool role', async () => {
    expect(await settings(SETTINGS)).toEqual({ mode: 'auto', role: APP_ROLE });
    const inTransaction = await db.transaction(
      async (client) => (await client.query<{ mode: string; role: string }>(SETTINGS)).rows[0],
    );
    expect(inTransaction).toEqual({ mode: 'auto', role: APP_ROLE });
  });

  it('plans a named statement generically from its first execution', async () => {
    const statement = {
      name: 'database-spec-generic',
      text: `SELECT count(*)::int AS n FROM unnest($1::text[]) AS t(v) WHERE v = ANY($2::text[])`,
    };
    // Several executions on each of the pool's sessions: every plan chosen is the generic one.
    for (let i = 0; i < 12; i++) {
      expect((await db.query<{ n: number }>(statement, [['a', 'b'], ['b']])).rows[0].n).toBe(1);
    }
    const plans = await db.query<{ generic_plans: number; custom_plans: number }>({
      name: 'database-spec-plans',
      text: `SELECT generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE name = $1`,
      values: [statement.name],
    });
    // The pool hands the last idle session back, so one session ran them all.
    expect(plans.rows).toEqual([{ generic_plans: 12, custom_plans: 0 }]);
  });
});
