/**
 * The temporal projection folds a batch in memory before writing: applying a history in one batch, in random
 * batches, or event by event must leave the same rows; a redelivered batch (applyBatch's per-stream progress)
 * changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { Database, type StoredEvent, runMigrations } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform';
import { CreateProjectionProgress1764400001000, applyBatch } from '#projections';
import { CreateAuditIntervals1764400095000 } from './1764400095000-create-audit-intervals.js';
import { TemporalProjection } from './temporal.projection.js';

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase('audit-temporal');
  await runMigrations(database.url, [
    CreateProjectionProgress1764400001000,
    CreateAuditIntervals1764400095000,
  ]);
  db = new Database(database.url, { max: 2 });
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

/** A random history on a few streams: joins, leaves, grants (re-grants and time-bound), revocations, deletion. */
function history(seed: number): StoredEvent[] {
  let state = seed;
  const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const versions = new Map<string, number>();
  const events: StoredEvent[] = [];
  const at = Date.parse('2026-03-01T00:00:00Z');
  const add = (streamId: string, type: string, data: object) => {
    const streamVersion = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, streamVersion);
    const position = events.length + 1;
    events.push({
      streamId,
      streamVersion,
      position,
      transactionId: String(position),
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      occurredAt: new Date(at + position * 1000),
      metadata: { actorArn: 'acs:ram::1:root', requestId: 'r', correlationId: 'c' },
      data,
    });
  };
  const users = ['u1', 'u2', 'u3'];
  for (const u of users) add(`user-${u}`, 'UserCreated', { userId: u, userName: u });
  add('group-g1', 'GroupCreated', { groupId: 'g1', groupName: 'ops' });
  for (let i = 0; i < 120; i++) {
    const u = users[Math.floor(random() * users.length)];
    const member = { userId: u, userName: u, groupId: 'g1', groupName: 'ops' };
    const grant = {
      principalType: 'User',
      principalId: u,
      principalName: u,
      policyType: 'System',
      policyName: random() < 0.5 ? 'ReadOnlyAccess' : 'AliyunARMSReadOnlyAccess',
      attachmentId: randomUUID(),
      ...(random() < 0.3 && { expiresAt: new Date(at + (i + 5) * 1000).toISOString() }),
    };
    const roll = random();
    if (roll < 0.3) add(`user-${u}`, 'UserAddedToGroup', member);
    else if (roll < 0.5) add(`user-${u}`, 'UserRemovedFromGroup', member);
    else if (roll < 0.8) add(`user-${u}`, 'PolicyAttached', grant);
    else add(`user-${u}`, 'PolicyDetached', grant);
  }
  add('user-u3', 'UserDeleted', { userId: 'u3', userName: 'u3' });
  return events;
}

async function rowsAfter(apply: (projection: TemporalProjection) => Promise<void>) {
  const projection = new TemporalProjection();
  await projection.reset(db);
  await db.query(`DELETE FROM projection_progress`);
  await apply(projection);
  const { rows } = await db.query(
    `SELECT kind, subject_id, object_key, expires_at, from_position, to_position, from_cause->>'eventId' AS opened,
            to_cause->>'eventId' AS closed
     FROM audit_intervals ORDER BY from_position, kind, object_key`,
  );
  return rows;
}

describe('temporal projection batches', () => {
  it.each([1, 7, 42])('one batch, random batches and one by one agree (history %i)', async (seed) => {
    const events = history(seed);
    const oneByOne = await rowsAfter(async (p) => {
      for (const e of events) await p.apply(db, e);
    });
    const whole = await rowsAfter((p) => p.applyMany(db, events));
    const split = await rowsAfter(async (p) => {
      for (let i = 0; i < events.length; i += 1 + (i % 13))
        await p.applyMany(db, events.slice(i, i + 1 + (i % 13)));
    });
    expect(whole).toEqual(oneByOne);
    expect(split).toEqual(oneByOne);
    expect(oneByOne.some((r) => r.closed !== null)).toBe(true);
    // Deleting a user closed every interval still open on it.
    expect(oneByOne.filter((r) => r.subject_id === 'u3' && r.closed === null)).toEqual([]);
  });

  it('a redelivered batch changes nothing', async () => {
    const events = history(3);
    const once = await rowsAfter((p) =>
      db.transaction((c) => applyBatch(c, p, events)).then(() => undefined),
    );
    const twice = await rowsAfter(async (p) => {
      await db.transaction((c) => applyBatch(c, p, events.slice(0, 60)));
      await db.transaction((c) => applyBatch(c, p, events));
      await db.transaction((c) => applyBatch(c, p, events.slice(30)));
    });
    expect(twice).toEqual(once);
  });
});
