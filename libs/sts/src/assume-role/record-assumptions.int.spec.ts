import { randomUUID } from 'node:crypto';
import { type CommandMetadata, GroupCommit } from '#common';
import {
  ConcurrentModificationError,
  Database,
  EventStore,
  runMigrations,
  stampEvents,
  type StoredEvent,
} from '#event-store';
import {
  type AccessKeyProof,
  accessKeyRows,
  CreateRole,
  CreateRoleHandler,
  decideRole,
  DeleteRole,
  DeleteRoleHandler,
  evolveRoleOnly,
  initialRoleState,
  newAccessKeyId,
  roleStreamId,
  secretDigest,
} from '#identity';
import { createTestDatabase, type TestDatabase } from '#platform';
import { ALL_MIGRATIONS } from '#runtime';
import { trustPolicy } from '../../../../test/support/policy-documents.js';
import { sessionStreamId } from '../sessions/role-assumed.events.js';
import { recordRevocation, sessionStandings } from '../sessions/role-sessions.rows.js';
import { AssumeRole } from './assume-role.command.js';
import { type AssumeRoleRequest, type RecordedSession, sessionRecorder } from './record-assumptions.js';

const ACCOUNT = '3333333333333333';
const ALICE = `acs:ram::${ACCOUNT}:user/alice`;
const BOB = `acs:ram::${ACCOUNT}:user/bob`;

const meta = (): CommandMetadata => ({
  now: new Date(),
  accountId: ACCOUNT,
  actorArn: ALICE,
  requestId: randomUUID(),
  correlationId: randomUUID(),
});

const request = (roleName: string, roleSessionName = 'job-1'): AssumeRoleRequest => ({
  command: new AssumeRole(
    { roleName, roleSessionName },
    { kind: 'user', arn: ALICE, principalId: 'u-alice', mfaPresent: false },
    meta(),
  ),
  sessionId: randomUUID(),
  accessKeyId: `STS.${randomUUID().replace(/-/g, '').slice(0, 24).toUpperCase()}`,
});

/** A batch of sessions of one role, one request per session name. */
const requestsFor = (roleName: string, ...sessionNames: string[]) =>
  sessionNames.map((name) => request(roleName, name));

/** A batch's events and rows, the records that any reader of the store or the table sees. */
describe('AssumeRole batches (sessionRecorder)', () => {
  let database: TestDatabase;
  let db: Database;
  let store: EventStore;
  let write: ReturnType<typeof sessionRecorder>;

  beforeAll(async () => {
    database = await createTestDatabase('sts_record');
    await runMigrations(database.url, ALL_MIGRATIONS);
    db = new Database(database.url, { max: 6 });
    store = new EventStore(db);
    write = sessionRecorder(store);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const createRole = async (roleName: string, trusted = [ALICE]) =>
    (
      await new CreateRoleHandler(store).execute(
        new CreateRole({ roleName, assumeRolePolicyDocument: trustPolicy(trusted) }, meta()),
      )
    ).value;

  const changeTrust = async (roleId: string, trusted: string[]) => {
    const events = await store.readStream(roleStreamId(roleId));
    const state = events.reduce(evolveRoleOnly, initialRoleState);
    if (state.status !== 'active') throw new Error('no such role');
    const changed = decideRole(
      {
        type: 'ChangeTrustPolicy',
        assumeRolePolicyDocument: trustPolicy(trusted),
        expectedTrustPolicyVersion: state.trustPolicyVersion,
        changeId: randomUUID(),
        proposerArn: ALICE,
        approvers: [BOB],
      },
      state,
    );
    await store.append(roleStreamId(roleId), events.length, stampEvents(changed, meta()));
  };

  const recorded = async (requests: readonly AssumeRoleRequest[]) => {
    const ids = requests.map((r) => r.sessionId);
    const events = await db.query<{ stream_id: string }>(
      `SELECT stream_id FROM events WHERE stream_id = ANY($1) AND event_type = 'RoleAssumed'`,
      [ids.map(sessionStreamId)],
    );
    const rows = await db.query<{ session_id: string }>(
      `SELECT session_id FROM role_sessions WHERE session_id = ANY($1)`,
      [ids],
    );
    return requests.map((r) => {
      const event = events.rows.some((e) => e.stream_id === sessionStreamId(r.sessionId));
      const row = rows.rows.some((s) => s.session_id === r.sessionId);
      return event && row ? 'event+row' : event ? 'event only' : row ? 'row only' : 'nothing';
    });
  };

  /** Another event already at version 1 of the request's session stream. */
  const takeSessionStream = (taken: AssumeRoleRequest) =>
    db.query(
      `INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       VALUES ($1, 1, $2, 'Squatter', 1, '{}', '{}', now())`,
      [sessionStreamId(taken.sessionId), randomUUID()],
    );

  /** A role_sessions row already holding the request's session id. */
  const takeSessionRow = (taken: AssumeRoleRequest) =>
    db.query(
      `INSERT INTO role_sessions (session_id, role_id, role_name, role_session_name, caller_arn, caller_kind,
                                  caller_principal_id, issued_at, expiration)
       VALUES ($1, 'r', $2, 'x', 'c', 'user', 'u', now(), now())`,
      [taken.sessionId, taken.command.input.roleName],
    );

  const errorOf = (outcome: { ok: boolean; error?: unknown }) =>
    outcome.ok ? undefined : (outcome.error as { code?: string }).code;

  it('commits each session event and row together, one transaction for the batch', async () => {
    await createRole('batch-ops');
    const requests = Array.from({ length: 5 }, (_, i) => request('batch-ops', `job-${i}`));
    const outcomes = await write(requests);
    expect(outcomes.map((o) => o.ok)).toEqual(Array(5).fill(true));
    expect(await recorded(requests)).toEqual(Array(5).fill('event+row'));
    const sessions = outcomes.map((o) => (o.ok ? o.value : undefined)) as RecordedSession[];
    expect(sessions.map((s) => s.session.roleSessionName)).toEqual(requests.map((_, i) => `job-${i}`));
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(DISTINCT transaction_id)::int AS n FROM events WHERE global_position = ANY($1)`,
      [sessions.map((s) => s.position)],
    );
    expect(rows[0].n).toBe(1);
  });

  it('a member whose session stream is taken fails alone: neither its event nor its row, the others both', async () => {
    await createRole('taken-ops');
    const requests = requestsFor('taken-ops', 'a-1', 'a-2', 'a-3');
    await takeSessionStream(requests[1]);
    const outcomes = await write(requests);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1].ok ? undefined : outcomes[1].error).toBeInstanceOf(ConcurrentModificationError);
    expect(await recorded(requests)).toEqual(['event+row', 'nothing', 'event+row']);
  });

  it('a batch whose transaction fails as a whole is written again member by member: no event without its row', async () => {
    await createRole('broken-ops');
    const requests = requestsFor('broken-ops', 'b-1', 'b-2', 'b-3');
    // b-2's row cannot be inserted (its session id is taken in role_sessions): the batch statement fails.
    await takeSessionRow(requests[1]);
    await expect(write(requests)).rejects.toMatchObject({ code: '23505' });
    expect(await recorded(requests)).toEqual(['nothing', 'row only', 'nothing']);
    const group = new GroupCommit(write);
    const answers = await Promise.allSettled(requests.map((r) => group.submit(r)));
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // b-2 keeps only the row that was there before: its event was rolled back with the failed statement.
    expect(await recorded(requests)).toEqual(['event+row', 'row only', 'event+row']);
  });

  it('decides on the role as it is at the batch: trust changes, a delete and a re-create are seen', async () => {
    const first = await createRole('living-ops');
    expect((await write([request('living-ops')]))[0].ok).toBe(true);
    await changeTrust(first.roleId, [BOB]);
    expect(errorOf((await write([request('living-ops')]))[0])).toBe('NoPermission');
    await changeTrust(first.roleId, [BOB, ALICE]);
    const trusted = (await write([request('living-ops')]))[0];
    expect(trusted.ok && trusted.value.session.roleId).toBe(first.roleId);
    await new DeleteRoleHandler(store).execute(new DeleteRole('living-ops', meta()));
    expect(errorOf((await write([request('living-ops')]))[0])).toBe('EntityNotExist.Role');
    const second = await createRole('living-ops');
    const again = (await write([request('Living-Ops')]))[0];
    expect(again.ok && again.value.session.roleId).toBe(second.roleId);
  });

  it('answers each request for its own role; a missing role refuses only its own requests', async () => {
    await createRole('mixed-a');
    await createRole('mixed-b', [BOB]);
    const requests = [
      request('mixed-a'),
      request('no-such-role'),
      request('mixed-b'),
      request('mixed-a', 'x'),
    ];
    const outcomes = await write(requests);
    expect(outcomes.map(errorOf)).toEqual([
      undefined,
      'EntityNotExist.Role',
      'NoPermission',
      'InvalidParameter.RoleSessionName',
    ]);
    expect(await recorded(requests)).toEqual(['event+row', 'nothing', 'nothing', 'nothing']);
  });

  describe("on a role already folded here (one statement, guarded by the role's version)", () => {
    const knownRole = async (roleName: string) => {
      const role = await createRole(roleName);
      expect((await write([request(roleName, 'warm-up')]))[0].ok).toBe(true);
      return role;
    };

    it('a member whose session stream is taken fails alone: the others get event and row, it gets neither', async () => {
      await knownRole('known-taken');
      const requests = requestsFor('known-taken', 'k-1', 'k-2', 'k-3');
      await takeSessionStream(requests[1]);
      const outcomes = await write(requests);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
      expect(await recorded(requests)).toEqual(['event+row', 'nothing', 'event+row']);
    });

    it('a row that cannot go in fails the whole statement: no event without its row', async () => {
      await knownRole('known-broken');
      const requests = requestsFor('known-broken', 'c-1', 'c-2');
      await takeSessionRow(requests[0]);
      await expect(write(requests)).rejects.toMatchObject({ code: '23505' });
      expect(await recorded(requests)).toEqual(['row only', 'nothing']);
    });

    it('a delete committed while the batch waits for the role name is seen: EntityNotExist, nothing written', async () => {
      await knownRole('known-racing');
      const deleter = await db.pool.connect();
      try {
        await deleter.query('BEGIN');
        await deleter.query(
          `SELECT 1 FROM name_reservations WHERE kind = 'Role' AND name_key = 'known-racing' FOR UPDATE`,
        );
        const requests = [request('known-racing', 'd-1')];
        const written = write(requests);
        // The batch's statement waits for the name's lock (a FOR SHARE behind this FOR UPDATE).
        await waitUntil(async () => (await lockWaiters()) > 0);
        await deleter.query(
          `DELETE FROM name_reservations WHERE kind = 'Role' AND name_key = 'known-racing'`,
        );
        await deleter.query('COMMIT');
        expect(errorOf((await written)[0])).toBe('EntityNotExist.Role');
        expect(await recorded(requests)).toEqual(['nothing']);
      } finally {
        deleter.release();
      }
    });

    it('a trust change is seen by the next batch', async () => {
      const role = await knownRole('known-trust');
      await changeTrust(role.roleId, [BOB]);
      expect(errorOf((await write([request('known-trust')]))[0])).toBe('NoPermission');
      await changeTrust(role.roleId, [ALICE]);
      expect((await write([request('known-trust')]))[0].ok).toBe(true);
    });
  });

  describe('callers whose AccessKey was taken from memory (AccessKeyProof)', () => {
    let users = 0;
    /** A user name reserved for a user id, with one AccessKey: what a proof names. */
    const newKey = async (): Promise<AccessKeyProof> => {
      const proof = {
        accessKeyId: newAccessKeyId(),
        userId: `u-key-${++users}`,
        userName: `key-user-${users}`,
      };
      await db.query(`INSERT INTO name_reservations (kind, name_key, owner_id) VALUES ('User', $1, $2)`, [
        proof.userName,
        proof.userId,
      ]);
      await accessKeyRows.insert(db, { ...proof, secretHash: secretDigest('s'), createDate: new Date() });
      return proof;
    };
    const withKey = (r: AssumeRoleRequest, accessKey: AccessKeyProof): AssumeRoleRequest => ({
      ...r,
      command: new AssumeRole(r.command.input, { ...r.command.caller, accessKey }, r.command.meta),
    });

    it.each(['folded here (the guard of its one statement)', 'read in the transaction'])(
      'on a role %s, a key that no longer holds refuses its own request alone: InvalidCredentials, nothing written',
      async (path) => {
        const roleName = path.startsWith('folded') ? 'keyed-known' : 'keyed-new';
        await createRole(roleName);
        if (path.startsWith('folded')) expect((await write([request(roleName, 'warm-up')]))[0].ok).toBe(true);
        const [held, deactivated, deleted, renamed] = [
          await newKey(),
          await newKey(),
          await newKey(),
          await newKey(),
        ];
        await accessKeyRows.setStatus(db, deactivated.accessKeyId, 'Inactive');
        await accessKeyRows.delete(db, deleted.accessKeyId);
        const requests = [
          withKey(request(roleName, 'held'), held),
          withKey(request(roleName, 'deactivated'), deactivated),
          request(roleName, 'no-key'),
          withKey(request(roleName, 'deleted'), deleted),
          withKey(request(roleName, 'renamed'), { ...renamed, userName: 'old-name' }),
          withKey(request(roleName, 'held-again'), held),
          // The same key as taken before a rename, beside a proof of it under its current name.
          withKey(request(roleName, 'renamed-now'), renamed),
        ];
        const outcomes = await write(requests);
        expect(outcomes.map(errorOf)).toEqual([
          undefined,
          'InvalidCredentials',
          undefined,
          'InvalidCredentials',
          'InvalidCredentials',
          undefined,
          undefined,
        ]);
        expect(await recorded(requests)).toEqual([
          'event+row',
          'nothing',
          'event+row',
          'nothing',
          'nothing',
          'event+row',
          'event+row',
        ]);
      },
    );

    it('a key that holds is confirmed with the roles, in the one statement', async () => {
      await createRole('keyed-one-statement');
      const key = await newKey();
      const statements: string[] = [];
      // The same database, its statements noted (the batch statement goes through Database.query).
      const noted = Object.create(db) as Database;
      noted.query = ((sql: string | { text: string }, params?: unknown[]) => {
        statements.push(typeof sql === 'string' ? sql : sql.text);
        return db.query(sql as string, params);
      }) as Database['query'];
      const recorder = sessionRecorder(new EventStore(noted));
      expect((await recorder([request('keyed-one-statement', 'warm-up')]))[0].ok).toBe(true);
      statements.length = 0;
      const requests = [withKey(request('keyed-one-statement', 'one'), key)];
      expect((await recorder(requests))[0].ok).toBe(true);
      expect(statements).toHaveLength(1);
      expect(statements[0]).toContain('access_key_index');
      expect(await recorded(requests)).toEqual(['event+row']);
    });
  });

  it('reads the standing of many sessions in one statement: valid, revoked, role gone, role re-created', async () => {
    const kept = await createRole('standing-kept');
    const revoked = await createRole('standing-revoked');
    const gone = await createRole('standing-gone');
    const issuedAt = new Date(Date.now() - 60_000).toISOString();
    await recordRevocation(db, revoked.roleId, new Date().toISOString());
    await new DeleteRoleHandler(store).execute(new DeleteRole('standing-gone', meta()));
    const again = await createRole('standing-gone');
    const session = (role: { roleId: string }, roleName: string, issued = issuedAt) => ({
      roleId: role.roleId,
      roleName,
      issuedAt: issued,
    });
    expect(
      await sessionStandings(db, [
        session(kept, 'standing-kept'),
        session(revoked, 'standing-revoked'),
        session(revoked, 'standing-revoked', new Date(Date.now() + 60_000).toISOString()),
        session(gone, 'standing-gone'),
        session(again, 'Standing-Gone'),
        session(kept, 'no-such-role'),
      ]),
    ).toEqual(['valid', 'revoked', 'valid', 'role-gone', 'valid', 'role-gone']);
  });

  const lockWaiters = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )
    ).rows[0].n;

  const waitUntil = async (condition: () => Promise<boolean>) => {
    for (let tries = 0; !(await condition()); tries++) {
      if (tries > 200) throw new Error('condition never held');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it('keeps session streams whole under concurrent batches', async () => {
    await createRole('busy-ops');
    const group = new GroupCommit(write);
    const requests = Array.from({ length: 40 }, (_, i) => request('busy-ops', `busy-${i}`));
    const sessions = await Promise.all(requests.map((r) => group.submit(r)));
    const events = await Promise.all(requests.map((r) => store.readStream(sessionStreamId(r.sessionId))));
    expect(events.map((e: StoredEvent[]) => e.map((x) => [x.type, x.streamVersion]))).toEqual(
      Array(40).fill([['RoleAssumed', 1]]),
    );
    expect(new Set(sessions.map((s) => s.position)).size).toBe(40);
  });
});
