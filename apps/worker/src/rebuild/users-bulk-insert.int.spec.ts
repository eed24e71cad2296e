/**
 * The users projection's bulk path (a rebuild's batches of creations): a plain insert while no name or id
 * conflicts, else the general path; the read model equals applying the same events one by one.
 */
import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '#event-store';
import type { UserCreated } from '#identity';
import { UsersProjection } from '#projections';
import { usersView } from '../testing/scripted-users.js';
import { type TestInfrastructure, openTestInfrastructure } from '../testing/test-infrastructure.js';
import { userCreated } from '../testing/user-traffic.js';

let test: TestInfrastructure;
const users = new UsersProjection();

beforeEach(async () => {
  test = await openTestInfrastructure('users_bulk');
});

afterEach(async () => {
  await test.close();
});

/** `count` creations, one second apart; those at the given indexes take the name `taken`. */
function creations(count: number, sameName: number[]): StoredEvent[] {
  const start = Date.parse('2026-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const userId = randomUUID();
    const event = userCreated(test.infra.accountId, userId, sameName.includes(i) ? 'taken' : `bulk-${i}`);
    const data = {
      ...(event.data as UserCreated['data']),
      createDate: new Date(start + i * 1000).toISOString(),
    };
    return {
      ...event,
      data,
      streamId: `user-${userId}`,
      streamVersion: 1,
      position: i + 1,
      transactionId: String(1000 + i),
    };
  });
}

async function oneByOne(events: StoredEvent[]) {
  await test.infra.db.transaction(async (client) => {
    await users.reset(client);
    for (const event of events) await users.apply(client, event);
  });
  return usersView(test.infra.db);
}

async function atOnce(events: StoredEvent[]) {
  await test.infra.db.transaction(async (client) => {
    await users.reset(client);
    await users.applyMany!(client, events);
  });
  return usersView(test.infra.db);
}

it('inserts a conflict-free batch at once, as one by one', async () => {
  const events = creations(250, []);
  const bulk = await atOnce(events);
  expect(bulk).toHaveLength(250);
  expect(bulk).toEqual(await oneByOne(events));
});

it('falls back on a name conflict in the batch: the newer creation takes the name, as one by one', async () => {
  const events = creations(250, [10, 240]);
  const bulk = await atOnce(events);
  expect(bulk).toHaveLength(249);
  expect(bulk.find((row) => row.user_name === 'taken')?.user_id).toBe(
    (events[240].data as UserCreated['data']).userId,
  );
  expect(bulk).toEqual(await oneByOne(events));
});

it('falls back on a conflict with a row already in the view', async () => {
  const earlier = creations(1, [0]);
  const later = creations(150, [120]);
  await test.infra.db.transaction(async (client) => {
    await users.reset(client);
    await users.apply(client, earlier[0]);
    await users.applyMany!(client, later);
  });
  const bulk = await usersView(test.infra.db);
  expect(bulk).toHaveLength(150);
  expect(bulk.find((row) => row.user_name === 'taken')?.user_id).toBe(
    (later[120].data as UserCreated['data']).userId,
  );
  expect(bulk).toEqual(await oneByOne([...earlier, ...later]));
});
