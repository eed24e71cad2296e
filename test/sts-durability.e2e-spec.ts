import { Database } from '#event-store';
import { createLogger } from '#runtime';
import { type RunningService, startService } from '../apps/api/src/service.js';
import { httpClient, type HttpResult } from './support/http-client.js';
import { type Client, ramSetup, trustPolicy } from './support/ram-setup.js';
import { startTestService, type TestService } from './support/test-service.js';

/** STS under concurrency and across a restart: what holds when writers race and the process starts over. */
describe('STS sessions under races and restarts', () => {
  let running: TestService;
  let restarted: RunningService | undefined;
  let root: Client;
  let setup: ReturnType<typeof ramSetup>;
  let alice: Client;
  let mallory: Client;
  let account: string;
  let settledAt: string;

  const assume = (roleName: string, roleSessionName: string, as: Client = alice) =>
    as.post(
      '/v1/sts/assume-role',
      { roleArn: `acs:ram::${account}:role/${roleName}`, roleSessionName },
      { 'ledger-min-position': settledAt },
    );
  const identity = (response: HttpResult, url = running.url) =>
    httpClient(url, { authorization: `Bearer ${response.body.credentials.securityToken}` }).get(
      '/v1/sts/caller-identity',
    );

  beforeAll(async () => {
    running = await startTestService('in-process');
    account = running.service.accountId;
    root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
    setup = ramSetup(running.url, root);
    alice = await setup.user('alice', ['AliyunSTSAssumeRoleAccess']);
    // May call AssumeRole, but no role trusts her: the trust check refuses her in the writing transaction.
    mallory = await setup.user('mallory', ['AliyunSTSAssumeRoleAccess']);
    await setup.role('ops', trustPolicy([`acs:ram::${account}:user/alice`]));
    settledAt = await setup.settled();
  });

  afterAll(async () => {
    await restarted?.stop();
    await running?.stop();
  });

  it('an AssumeRole racing a role delete either fails or yields a token that dies with the role', async () => {
    await setup.role('doomed', trustPolicy([`acs:ram::${account}:user/alice`]));
    settledAt = await setup.settled();
    const [assumed, deleted] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, (_, i) => assume('doomed', `racer-${i}`))),
      root.delete('/v1/roles/doomed'),
    ]);
    expect(deleted.status).toBe(204);
    for (const response of assumed) {
      expect([200, 404]).toContain(response.status);
      if (response.status === 200) expect((await identity(response)).status).toBe(401);
    }
  });

  /** The RoleAssumed events of the given STS AccessKey ids, with the transaction that wrote each. */
  const sessionEvents = async (accessKeyIds: string[]) => {
    const db = new Database(running.databaseUrl, { max: 1 });
    try {
      const { rows } = await db.query<{ stream_id: string; transaction_id: string; role_name: string }>(
        `SELECT e.stream_id, e.transaction_id::text AS transaction_id, e.data->>'roleName' AS role_name
         FROM events e JOIN role_sessions s ON s.session_id = e.data->>'sessionId'
         WHERE e.event_type = 'RoleAssumed' AND e.data->>'accessKeyId' = ANY($1)`,
        [accessKeyIds],
      );
      return rows;
    } finally {
      await db.close();
    }
  };
  const keyIds = (responses: HttpResult[]) => responses.map((r) => r.body.credentials.accessKeyId as string);

  it('concurrent AssumeRoles share transactions; each refusal stays with its own request', async () => {
    const [good, badName, untrusted] = await Promise.all([
      Promise.all(Array.from({ length: 16 }, (_, i) => assume('ops', `batch-${i}`))),
      Promise.all(['x', 'no spaces', 'a'.repeat(33)].map((name) => assume('ops', name))),
      Promise.all(Array.from({ length: 4 }, (_, i) => assume('ops', `intruder-${i}`, mallory))),
    ]);
    for (const response of badName) {
      expect([response.status, response.body.error.code]).toEqual([400, 'InvalidParameter.RoleSessionName']);
    }
    for (const response of untrusted) {
      expect([response.status, response.body.error.code]).toEqual([403, 'NoPermission']);
    }
    expect(good.map((r) => r.status)).toEqual(Array(16).fill(200));
    expect(new Set(keyIds(good)).size).toBe(16);
    expect(new Set(good.map((r) => r.headers.get('ledger-position'))).size).toBe(16);
    const names = await Promise.all(good.map(async (r) => (await identity(r)).body.sessionName));
    expect(names).toEqual(Array.from({ length: 16 }, (_, i) => `batch-${i}`));
    // One event on its own stream and one role_sessions row per session; several sessions per transaction.
    const events = await sessionEvents(keyIds(good));
    expect(new Set(events.map((e) => e.stream_id)).size).toBe(16);
    expect(new Set(events.map((e) => e.transaction_id)).size).toBeLessThan(16);
  });

  it('a batch racing a role delete: its other roles are untouched, the doomed role answers 200 or 404', async () => {
    await setup.role('doomed-2', trustPolicy([`acs:ram::${account}:user/alice`]));
    settledAt = await setup.settled();
    const [doomed, others, deleted] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, (_, i) => assume('doomed-2', `racer-${i}`))),
      Promise.all(Array.from({ length: 12 }, (_, i) => assume('ops', `bystander-${i}`))),
      root.delete('/v1/roles/doomed-2'),
    ]);
    expect(deleted.status).toBe(204);
    expect(others.map((r) => r.status)).toEqual(Array(12).fill(200));
    for (const response of doomed) {
      expect([200, 404]).toContain(response.status);
      if (response.status === 404) expect(response.body.error.code).toBe('EntityNotExist.Role');
      else expect((await identity(response)).status).toBe(401);
    }
    // A refused request wrote nothing; every answered one committed its event and row.
    const answered = doomed.filter((r) => r.status === 200);
    expect(await sessionEvents(keyIds(answered))).toHaveLength(answered.length);
    expect(await sessionEvents(keyIds(others))).toHaveLength(12);
  });

  it('revocations racing new sessions: every session issued up to the last revocation is refused', async () => {
    const before = await assume('ops', 'before');
    const [sessions, revocations] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, (_, i) => assume('ops', `during-${i}`))),
      Promise.all([1, 2].map(() => root.post('/v1/roles/ops/session-revocations'))),
    ]);
    const cutOff = Math.max(...revocations.map((r) => Date.parse(r.body.revokedBefore)));
    expect((await identity(before)).status).toBe(401);
    for (const session of sessions) {
      expect(session.status).toBe(200);
      const issued = Date.parse(session.body.credentials.expiration) - 3600_000;
      expect((await identity(session)).status).toBe(issued <= cutOff ? 401 : 200);
    }
  });

  it('a revocation covers a session stamped later by a process whose clock runs ahead', async () => {
    const { roleId } = await setup.role('skewed', trustPolicy([`acs:ram::${account}:user/alice`]));
    const ahead = new Date(Date.now() + 5000).toISOString();
    const db = new Database(running.databaseUrl, { max: 1 });
    try {
      await db.query(
        `INSERT INTO role_sessions (session_id, role_id, role_name, role_session_name, caller_arn, caller_kind,
                                    caller_principal_id, issued_at, expiration)
         VALUES ('skewed', $1, 'skewed', 'skewed', 'caller', 'user', 'u', $2, $2::timestamptz + interval '1 hour')`,
        [roleId, ahead],
      );
    } finally {
      await db.close();
    }
    const revoked = await root.post('/v1/roles/skewed/session-revocations');
    expect(revoked.body.revokedBefore).toBe(ahead);
  });

  it('tokens and revocations outlive a restart: the key is kept in DATA_DIR, the cut-off in the database', async () => {
    const kept = await assume('ops', 'kept');
    expect(kept.status).toBe(200);
    await running.service.stop();
    restarted = await startService(running.config, 'all', createLogger('silent'));
    const again = await identity(kept, restarted.url);
    expect(again.status).toBe(200);
    expect(again.body.sessionName).toBe('kept');
    const afterRestart = httpClient(restarted.url, { authorization: `Bearer ${running.rootToken}` });
    expect((await afterRestart.post('/v1/roles/ops/session-revocations')).status).toBe(201);
    expect((await identity(kept, restarted.url)).status).toBe(401);
  });
});
