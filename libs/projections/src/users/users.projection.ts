import type { SqlClient, StoredEvent } from '#event-store';
import type { UserCreated, UserDeleted, UserUpdated } from '#identity';
import type { Projection } from '../runner/projection.js';

// A name is unique when written, but over Kafka a re-created user's UserCreated (its own stream) may be
// applied before the old user's UserDeleted: the newer creation takes the name, an older one is skipped.
const RELEASE_NAMES = `
  DELETE FROM users_view v
  USING unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS u(user_id, user_name, create_date)
  WHERE v.user_name_key = lower(u.user_name) AND v.user_id <> u.user_id AND v.create_date < u.create_date`;

// The users travel as one JSON array (JSON.stringify is native; eight parameter arrays are escaped element
// by element in JavaScript, which dominated a rebuild's client time). Keys are UserCreated's data's.
const USERS_FROM_JSON = `
  INSERT INTO users_view (user_id, account_id, user_name, user_name_key, kind, display_name, email, comments,
                          create_date, update_date)
  SELECT u."userId", u."accountId", u."userName", lower(u."userName"), u.kind, u."displayName", u.email,
         u.comments, u."createDate", u."createDate"
  FROM json_to_recordset($1::json) AS u("userId" uuid, "accountId" text, "userName" text, kind text,
                                        "displayName" text, email text, comments text, "createDate" timestamptz)
  ORDER BY u."createDate" DESC`;
const INSERT_USERS = `${USERS_FROM_JSON} ON CONFLICT DO NOTHING RETURNING user_id`;

const UNIQUE_VIOLATION = '23505';
// From this many users at once (rebuilds), try a plain insert first: cheaper than ON CONFLICT's speculative
// insertion, and equal to it when nothing conflicts; a conflict rolls it back and takes the general path.
const PLAIN_INSERT_FROM = 100;

/** The current users, one row each, for GET /v1/users and name lookups. */
export class UsersProjection implements Projection {
  readonly name = 'users';
  readonly handles = new Set(['UserCreated', 'UserUpdated', 'UserDeleted']);

  async apply(client: SqlClient, event: StoredEvent): Promise<void> {
    await this.applyMany(client, [event]);
  }

  async applyMany(client: SqlClient, events: readonly StoredEvent[]): Promise<void> {
    // Consecutive creations go in one statement: rebuilds are mostly creations.
    let created: UserCreated['data'][] = [];
    const flush = async () => {
      if (created.length > 0) await insertUsers(client, created);
      created = [];
    };
    for (const event of events) {
      if (event.type === 'UserCreated') {
        created.push((event as StoredEvent<UserCreated['data']>).data);
        continue;
      }
      await flush();
      if (event.type === 'UserUpdated') await updateUser(client, event as StoredEvent<UserUpdated['data']>);
      if (event.type === 'UserDeleted') {
        await client.query(`DELETE FROM users_view WHERE user_id = $1`, [
          (event.data as UserDeleted['data']).userId,
        ]);
      }
    }
    await flush();
  }

  async reset(client: SqlClient): Promise<void> {
    await client.query(`TRUNCATE users_view`);
  }
}

/** Names rarely collide: insert first, and release older holders' names only for the users that did not go in. */
async function insertUsers(client: SqlClient, users: UserCreated['data'][]) {
  if (users.length >= PLAIN_INSERT_FROM && (await insertWithoutConflict(client, users))) return;
  const inserted = await insertNewUsers(client, users);
  const blocked = users.filter((u) => !inserted.has(u.userId.toLowerCase()));
  if (blocked.length === 0) return;
  await client.query(RELEASE_NAMES, [
    blocked.map((u) => u.userId),
    blocked.map((u) => u.userName),
    blocked.map((u) => u.createDate),
  ]);
  await insertNewUsers(client, blocked);
}

/** Inserts all users in a savepoint when none conflicts; false (and nothing inserted) when one does. */
async function insertWithoutConflict(client: SqlClient, users: UserCreated['data'][]): Promise<boolean> {
  await client.query('SAVEPOINT users_plain_insert');
  try {
    await client.query(USERS_FROM_JSON, [JSON.stringify(users)]);
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await client.query('ROLLBACK TO SAVEPOINT users_plain_insert');
    return false;
  }
  await client.query('RELEASE SAVEPOINT users_plain_insert');
  return true;
}

async function insertNewUsers(client: SqlClient, users: UserCreated['data'][]): Promise<Set<string>> {
  const { rows } = await client.query<{ user_id: string }>(INSERT_USERS, [JSON.stringify(users)]);
  return new Set(rows.map((row) => row.user_id));
}

function updateUser(client: SqlClient, event: StoredEvent<UserUpdated['data']>) {
  const { userId, changes } = event.data;
  return client.query(
    `UPDATE users_view SET
       display_name = coalesce($2, display_name),
       email = CASE WHEN $3::boolean THEN $4 ELSE email END,
       comments = CASE WHEN $5::boolean THEN $6 ELSE comments END,
       update_date = $7
     WHERE user_id = $1`,
    [
      userId,
      changes.displayName ?? null,
      'email' in changes,
      changes.email ?? null,
      'comments' in changes,
      changes.comments ?? null,
      event.occurredAt,
    ],
  );
}
