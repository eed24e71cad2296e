import { randomUUID } from 'node:crypto';
import type { SqlClient } from '#event-store';
import { stampEvents, type NewEvent } from '#event-store';
import { type UserCreated, type UserUpdated, userStreamId } from '#identity';

export const BENCH_ACCOUNT = '1000000000000001';
const ROOT_ARN = `acs:ram::${BENCH_ACCOUNT}:root`;

function stamp(event: UserCreated | UserUpdated): NewEvent {
  const now = new Date();
  return stampEvents([event], {
    now,
    accountId: BENCH_ACCOUNT,
    actorArn: ROOT_ARN,
    requestId: randomUUID(),
    correlationId: randomUUID(),
    sourceIp: '127.0.0.1',
  })[0];
}

/** A UserCreated event as the create-user handler stores it, for a fresh user of its own stream. */
export function userCreated(label: string): { streamId: string; event: NewEvent } {
  const userId = randomUUID();
  const event: UserCreated = {
    type: 'UserCreated',
    schemaVersion: 1,
    data: {
      userId,
      userName: `bench-${label}`,
      kind: 'human',
      accountId: BENCH_ACCOUNT,
      createDate: new Date().toISOString(),
      displayName: `Bench user ${label}`,
    },
  };
  return { streamId: userStreamId(userId), event: stamp(event) };
}

export function userUpdated(userId: string, userName: string, sequence: number): NewEvent {
  const event: UserUpdated = {
    type: 'UserUpdated',
    schemaVersion: 1,
    data: { userId, userName, changes: { displayName: `Bench user ${userName} v${sequence}` } },
  };
  return stamp(event);
}

// One UserCreated per new user stream (version 1), built by the server: the same envelope as userCreated().
const FILL_SQL = `
  INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
  SELECT 'user-' || u.user_id, 1, gen_random_uuid(), 'UserCreated', 1,
         jsonb_build_object('userId', u.user_id, 'userName', 'bench-' || u.n, 'kind', 'human',
                            'accountId', $3::text, 'createDate', u.at_text, 'displayName', 'Bench user ' || u.n),
         jsonb_build_object('actorArn', $4::text, 'requestId', gen_random_uuid(),
                            'correlationId', gen_random_uuid(), 'sourceIp', '127.0.0.1'),
         u.at
  FROM (SELECT n, gen_random_uuid() AS user_id, clock_timestamp() AS at,
               to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at_text
        FROM generate_series($1::int, $2::int) AS n) u`;

/**
 * Fills the events table with `count` UserCreated events straight in SQL (not through the API), `chunk` per
 * transaction so that the log holds many transaction ids, as it does after real traffic.
 */
export async function fillUserCreated(
  client: SqlClient,
  count: number,
  options: { chunk?: number; onProgress?: (done: number) => void } = {},
): Promise<void> {
  const chunk = options.chunk ?? 10_000;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    await client.query(FILL_SQL, [from, to, BENCH_ACCOUNT, ROOT_ARN]);
    options.onProgress?.(to);
  }
  await client.query('VACUUM (ANALYZE) events');
}
