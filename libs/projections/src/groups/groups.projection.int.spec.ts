/**
 * Name keys in the read models when events of different streams arrive out of commit order (Kafka
 * partitions are per stream): a re-created name's creation may come before the old principal's delete.
 */
import { randomUUID } from 'node:crypto';
import { Database, type StoredEvent, runMigrations } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform';
import { CreateProjectionProgress1764400001000 } from '../migrations/1764400001000-create-projection-progress.js';
import { CreateGroupViews1764400010100 } from '../migrations/1764400010100-create-group-views.js';
import { UsersProjection } from '../users/users.projection.js';
import { GroupsProjection } from './groups.projection.js';

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase('groups-projection');
  await runMigrations(database.url, [CreateProjectionProgress1764400001000, CreateGroupViews1764400010100]);
  db = new Database(database.url, { max: 2 });
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const stored = (type: string, data: unknown, occurredAt = new Date()): StoredEvent =>
  ({ type, data, occurredAt, schemaVersion: 1, eventId: randomUUID() }) as unknown as StoredEvent;

const groupCreated = (groupId: string, groupName: string, createDate: string) =>
  stored('GroupCreated', { groupId, groupName, accountId: '1234567890123456', createDate });
const userCreated = (userId: string, userName: string, createDate: string) =>
  stored('UserCreated', {
    userId,
    userName,
    kind: 'human',
    accountId: '1234567890123456',
    createDate,
    displayName: userName,
  });

async function applyAll(projection: GroupsProjection | UsersProjection, events: StoredEvent[]) {
  for (const event of events) await projection.apply(db, event);
}

describe('group and user read models under out-of-order streams', () => {
  const [older, newer] = ['2026-03-01T10:00:00.000Z', '2026-03-01T11:00:00.000Z'];

  it.each([
    ['delete late', (a: StoredEvent[], b: StoredEvent[], del: StoredEvent) => [...a, ...b, del]],
    ['old creation late', (a: StoredEvent[], b: StoredEvent[], del: StoredEvent) => [...b, ...a, del]],
    ['commit order', (a: StoredEvent[], b: StoredEvent[], del: StoredEvent) => [...a, del, ...b]],
  ])('a re-created group name ends with the newer group (%s)', async (_, order) => {
    const [oldId, newId] = [randomUUID(), randomUUID()];
    const name = `g-${oldId.slice(0, 8)}`;
    const del = stored('GroupDeleted', { groupId: oldId, groupName: name });
    await applyAll(
      new GroupsProjection(),
      order([groupCreated(oldId, name, older)], [groupCreated(newId, name.toUpperCase(), newer)], del),
    );
    const { rows } = await db.query(`SELECT group_id FROM groups_view WHERE group_name_key = lower($1)`, [
      name,
    ]);
    expect(rows).toEqual([{ group_id: newId }]);
  });

  it.each([
    ['delete late', (a: StoredEvent[], b: StoredEvent[], del: StoredEvent) => [...a, ...b, del]],
    ['old creation late', (a: StoredEvent[], b: StoredEvent[], del: StoredEvent) => [...b, ...a, del]],
  ])('a re-created user name ends with the newer user (%s), one by one and in a batch', async (_, order) => {
    for (const batch of [false, true]) {
      const [oldId, newId] = [randomUUID(), randomUUID()];
      const name = `u-${oldId.slice(0, 8)}`;
      const del = stored('UserDeleted', { userId: oldId, userName: name });
      const events = order([userCreated(oldId, name, older)], [userCreated(newId, name, newer)], del);
      const users = new UsersProjection();
      if (batch) await users.applyMany(db, events);
      else await applyAll(users, events);
      const { rows } = await db.query(`SELECT user_id FROM users_view WHERE user_name_key = $1`, [name]);
      expect(rows).toEqual([{ user_id: newId }]);
    }
  });

  it('records a membership once, drops it on leave, and a deleted group leaves no rows', async () => {
    const groupId = randomUUID();
    const userId = randomUUID();
    const projection = new GroupsProjection();
    const membership = { userId, userName: 'Ann', groupId, groupName: 'Crew' };
    await applyAll(projection, [
      stored('UserAddedToGroup', membership),
      groupCreated(groupId, 'Crew', older),
      stored('UserAddedToGroup', membership),
    ]);
    const members = await db.query(
      `SELECT user_name_key, group_name_key FROM group_members_view WHERE group_id = $1`,
      [groupId],
    );
    expect(members.rows).toEqual([{ user_name_key: 'ann', group_name_key: 'crew' }]);
    await applyAll(projection, [
      stored('UserRemovedFromGroup', membership),
      stored('GroupDeleted', { groupId, groupName: 'Crew' }),
    ]);
    expect((await db.query(`SELECT 1 FROM group_members_view WHERE group_id = $1`, [groupId])).rows).toEqual(
      [],
    );
    expect((await db.query(`SELECT 1 FROM groups_view WHERE group_id = $1`, [groupId])).rows).toEqual([]);
  });
});
