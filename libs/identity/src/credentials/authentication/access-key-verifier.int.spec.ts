import type pg from 'pg';
import { Database, runMigrations, type SqlClient } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform';
import { CreateNameReservations1764400002000 } from '../../migrations/1764400002000-create-name-reservations.js';
import { CreateCredentialTables1764400020000 } from '../../migrations/1764400020000-create-credential-tables.js';
import { newAccessKeyId, newAccessKeySecret, secretDigest } from '../secrets/random-credentials.js';
import { accessKeyRows, proofKey } from '../store/access-key.rows.js';
import { AccessKeyVerifier, LAST_USED_GRANULARITY_MS } from './access-key-verifier.js';

/** Counts the `last_used_date` writes a verifier sends, passing every statement on. */
function countingClient(db: Database) {
  const counts = { touches: 0 };
  const client: SqlClient = {
    query: <R extends pg.QueryResultRow>(sql: string | pg.QueryConfig, params?: unknown[]) => {
      const text = typeof sql === 'string' ? sql : sql.text;
      if (text.includes('SET last_used_date')) counts.touches++;
      return db.query<R>(sql, params);
    },
  };
  return { client, counts };
}

describe('AccessKey verification', () => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase('access_key_verifier');
    await runMigrations(database.url, [
      CreateNameReservations1764400002000,
      CreateCredentialTables1764400020000,
    ]);
    db = new Database(database.url, { max: 2 });
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  let serial = 0;
  const newKey = async () => {
    const userName = `key-user-${++serial}`;
    const userId = `u-${serial}`;
    const accessKeyId = newAccessKeyId();
    const secret = newAccessKeySecret();
    await db.query(`INSERT INTO name_reservations (kind, name_key, owner_id) VALUES ('User', $1, $2)`, [
      userName,
      userId,
    ]);
    await accessKeyRows.insert(db, {
      accessKeyId,
      userId,
      userName,
      secretHash: secretDigest(secret),
      createDate: new Date(),
    });
    return { accessKeyId, secret, userId, userName, credential: `${accessKeyId}:${secret}` };
  };
  const lastUsed = async (accessKeyId: string) =>
    (await accessKeyRows.find(db, accessKeyId))?.last_used_date?.toISOString();

  it('answers the owner of an active key with the right secret, and nothing else the same 401', async () => {
    const key = await newKey();
    const verifier = new AccessKeyVerifier(db);
    expect(await verifier.verify(key.credential, new Date())).toEqual({
      userId: key.userId,
      userName: key.userName,
    });
    for (const wrong of [
      `${key.accessKeyId}:${key.secret}x`,
      `${newAccessKeyId()}:${key.secret}`,
      `not-a-key:${key.secret}`,
      key.accessKeyId,
    ]) {
      await expect(verifier.verify(wrong, new Date())).rejects.toMatchObject({ code: 'InvalidCredentials' });
    }
    await accessKeyRows.setStatus(db, key.accessKeyId, 'Inactive');
    // Read on every request: a deactivation holds at once, even right after a successful use.
    await expect(verifier.verify(key.credential, new Date())).rejects.toMatchObject({
      code: 'InvalidCredentials',
    });
  });

  it('records lastUsedDate on first use, then at most once a minute per key, and advances it', async () => {
    const key = await newKey();
    const { client, counts } = countingClient(db);
    const verifier = new AccessKeyVerifier(client);
    const t0 = new Date('2026-06-01T10:00:00.000Z');
    await verifier.verify(key.credential, t0);
    expect(await lastUsed(key.accessKeyId)).toBe(t0.toISOString());
    expect(counts.touches).toBe(1);
    // Within the minute: the row read shows the use, so nothing is written.
    for (const seconds of [1, 30, 59]) {
      await verifier.verify(key.credential, new Date(t0.getTime() + seconds * 1000));
    }
    expect(counts.touches).toBe(1);
    expect(await lastUsed(key.accessKeyId)).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + LAST_USED_GRANULARITY_MS + 1000);
    await verifier.verify(key.credential, later);
    expect(counts.touches).toBe(2);
    expect(await lastUsed(key.accessKeyId)).toBe(later.toISOString());
  });

  it('concurrent first uses write once in this process; another process within the minute leaves it', async () => {
    const key = await newKey();
    const { client, counts } = countingClient(db);
    const verifier = new AccessKeyVerifier(client);
    const t0 = new Date('2026-06-01T11:00:00.000Z');
    await Promise.all(Array.from({ length: 8 }, () => verifier.verify(key.credential, t0)));
    expect(counts.touches).toBe(1);
    // A verifier of another process that read the row before the write: its UPDATE matches nothing.
    const other = new AccessKeyVerifier(db, async (id) => {
      const row = await accessKeyRows.find(db, id);
      return row && { ...row, last_used_date: null };
    });
    await other.verify(key.credential, new Date(t0.getTime() + 20_000));
    expect(await lastUsed(key.accessKeyId)).toBe(t0.toISOString());
  });

  it('a use whose recording failed is recorded by the next request', async () => {
    const key = await newKey();
    let failing = true;
    const flaky: SqlClient = {
      query: <R extends pg.QueryResultRow>(sql: string | pg.QueryConfig, params?: unknown[]) => {
        const text = typeof sql === 'string' ? sql : sql.text;
        if (failing && text.includes('SET last_used_date'))
          return Promise.reject(new Error('connection lost'));
        return db.query<R>(sql, params);
      },
    };
    const verifier = new AccessKeyVerifier(flaky);
    const t0 = new Date('2026-06-01T12:00:00.000Z');
    await expect(verifier.verify(key.credential, t0)).rejects.toThrow('connection lost');
    failing = false;
    await verifier.verify(key.credential, new Date(t0.getTime() + 1000));
    expect(await lastUsed(key.accessKeyId)).toBe(new Date(t0.getTime() + 1000).toISOString());
  });

  it('for a write that confirms the key, answers a key read before from memory, with what it must confirm', async () => {
    const key = await newKey();
    let reads = 0;
    const verifier = new AccessKeyVerifier(db, async (id) => {
      reads++;
      return accessKeyRows.find(db, id);
    });
    const owner = { userId: key.userId, userName: key.userName };
    const proof = { accessKeyId: key.accessKeyId, ...owner };
    expect(await verifier.verifyForWrite(key.credential, new Date())).toEqual({ owner, proof });
    expect(await verifier.verifyForWrite(key.credential, new Date())).toEqual({ owner, proof });
    expect(reads).toBe(1);
    // A secret that does not match what is known is read again (and refused), never answered from memory.
    await expect(
      verifier.verifyForWrite(`${key.accessKeyId}:${key.secret}x`, new Date()),
    ).rejects.toMatchObject({ code: 'InvalidCredentials' });
    expect(reads).toBe(2);
    expect(await accessKeyRows.confirmed(db, [proof])).toEqual(new Set([proofKey(proof)]));

    await accessKeyRows.setStatus(db, key.accessKeyId, 'Inactive');
    // Memory still answers: the write's statement is what refuses it now.
    await verifier.verifyForWrite(key.credential, new Date());
    expect(reads).toBe(2);
    expect(await accessKeyRows.confirmed(db, [proof])).toEqual(new Set());
    // A fresh look says it no longer holds and replaces what was known: the next request reads it.
    expect(await verifier.stillHolds(proof)).toBe(false);
    await expect(verifier.verifyForWrite(key.credential, new Date())).rejects.toMatchObject({
      code: 'InvalidCredentials',
    });
    expect(reads).toBe(4);

    await accessKeyRows.setStatus(db, key.accessKeyId, 'Active');
    await verifier.verifyForWrite(key.credential, new Date());
    verifier.forget(key.accessKeyId);
    await verifier.verifyForWrite(key.credential, new Date());
    expect(reads).toBe(6);
    // Another owner or name than the key's is not confirmed (the same key id under another name is another
    // proof), nor a name its user no longer holds.
    expect(
      await accessKeyRows.confirmed(db, [
        { ...proof, userId: 'u-other' },
        { ...proof, userName: 'other-name' },
        proof,
      ]),
    ).toEqual(new Set([proofKey(proof)]));
    await db.query(`DELETE FROM name_reservations WHERE kind = 'User' AND owner_id = $1`, [key.userId]);
    expect(await accessKeyRows.confirmed(db, [proof])).toEqual(new Set());
  });

  it('does not record a use of a key deactivated since it was checked', async () => {
    const key = await newKey();
    await accessKeyRows.setStatus(db, key.accessKeyId, 'Inactive');
    await accessKeyRows.touch(db, key.accessKeyId, new Date());
    expect(await lastUsed(key.accessKeyId)).toBeUndefined();
  });

  it('reads several keys in one statement', async () => {
    const [a, b] = [await newKey(), await newKey()];
    const rows = await accessKeyRows.findMany(db, [
      a.accessKeyId,
      b.accessKeyId,
      a.accessKeyId,
      newAccessKeyId(),
    ]);
    expect([...rows.keys()].sort()).toEqual([a.accessKeyId, b.accessKeyId].sort());
    expect(rows.get(b.accessKeyId)?.user_name).toBe(b.userName);
  });
});
