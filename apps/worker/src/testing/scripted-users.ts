import { randomUUID } from 'node:crypto';
import type { Database, EventStore, NewEvent } from '#event-store';
import type { UserCreated, UserUpdated } from '#identity';
import { stamp, userCreated, userDeleted, userUpdated } from './user-traffic.js';

export interface ScriptedAppend {
  streamId: string;
  events: NewEvent[];
}

/**
 * A fixed history, built once so that every run appends the very same events: 24 users, two rounds of
 * updates (some appended two at a time), four deletions, and events of a type the users view ignores.
 */
export function scriptedUserHistory(accountId = '1000000000000001'): ScriptedAppend[] {
  const appends: ScriptedAppend[] = [];
  const users = Array.from({ length: 24 }, (_, i) => ({ id: randomUUID(), name: `scripted-${i}` }));
  for (const user of users)
    appends.push({ streamId: `user-${user.id}`, events: [userCreated(accountId, user.id, user.name)] });
  users.slice(0, 16).forEach((user, i) => {
    const updates = [userUpdated(accountId, user.id, user.name, i)];
    if (i % 3 === 0) updates.push(userUpdated(accountId, user.id, user.name, 100 + i));
    appends.push({ streamId: `user-${user.id}`, events: updates });
  });
  for (const user of users.slice(12, 16)) {
    appends.push({ streamId: `user-${user.id}`, events: [userDeleted(accountId, user.id, user.name)] });
  }
  for (let i = 0; i < 6; i++) {
    const event = stamp(accountId, { type: 'TestHappened', schemaVersion: 1, data: { i } });
    appends.push({ streamId: `audit-${i}`, events: [event] });
  }
  return appends;
}

export async function appendHistory(store: EventStore, history: ScriptedAppend[]): Promise<number> {
  for (const { streamId, events } of history) await store.append(streamId, 'any', events);
  return history.reduce((sum, append) => sum + append.events.length, 0);
}

export interface UserRow {
  user_id: string;
  account_id: string;
  user_name: string;
  user_name_key: string;
  kind: string;
  display_name: string;
  email: string | null;
  comments: string | null;
  create_date: string;
  update_date: string;
}

/** The users view as the history says it must be: an oracle independent of the projection's SQL. */
export function expectedUsers(history: ScriptedAppend[]): UserRow[] {
  const rows = new Map<string, UserRow>();
  for (const event of history.flatMap((append) => append.events)) {
    if (event.type === 'UserCreated') {
      const data = event.data as UserCreated['data'];
      rows.set(data.userId, {
        user_id: data.userId,
        account_id: data.accountId,
        user_name: data.userName,
        user_name_key: data.userName.toLowerCase(),
        kind: data.kind,
        display_name: data.displayName,
        email: data.email ?? null,
        comments: data.comments ?? null,
        create_date: new Date(data.createDate).toISOString(),
        update_date: new Date(data.createDate).toISOString(),
      });
    } else if (event.type === 'UserUpdated') {
      const { userId, changes } = event.data as UserUpdated['data'];
      const row = rows.get(userId)!;
      row.display_name = changes.displayName ?? row.display_name;
      if ('comments' in changes) row.comments = changes.comments ?? null;
      if ('email' in changes) row.email = changes.email ?? null;
      row.update_date = event.occurredAt.toISOString();
    } else if (event.type === 'UserDeleted') {
      rows.delete((event.data as { userId: string }).userId);
    }
  }
  return [...rows.values()].sort(byUserId);
}

const byUserId = (a: UserRow, b: UserRow) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0);

/** Every row and column of the users view, in the same order as `expectedUsers`. */
export async function usersView(db: Database): Promise<UserRow[]> {
  const { rows } = await db.query<
    Omit<UserRow, 'create_date' | 'update_date'> & Record<`${'create' | 'update'}_date`, Date>
  >(
    `SELECT user_id::text, account_id, user_name, user_name_key, kind, display_name, email, comments,
            create_date, update_date
     FROM users_view`,
  );
  return rows
    .map((row) => ({
      ...row,
      create_date: row.create_date.toISOString(),
      update_date: row.update_date.toISOString(),
    }))
    .sort(byUserId);
}
