import type { SqlClient } from '#event-store';

/**
 * A generated identity history, written straight into the events table by the server (generate_series), in
 * the shapes the identity deciders write. Every user stream has `perUser` events: UserCreated, then joins
 * (every 16th version) and leaves of half of them, grants (every 8th; one in four time-bound) and revocations
 * of half of them, and profile updates in between (events the temporal projection ignores). Groups hold
 * grants too; a third of the custom policies switch their default version halfway through.
 */
export const BENCH_ACCOUNT = '1000000000000002';
export const SYSTEM_POLICIES = [
  'AliyunARMSReadOnlyAccess',
  'ReadOnlyAccess',
  'AliyunRAMReadOnlyAccess',
  'AliyunSTSAssumeRoleAccess',
];
export const HISTORY_START = Date.parse('2026-01-01T00:00:00Z');

export interface HistoryShape {
  users: number;
  perUser: number;
  groups: number;
  policies: number;
}

const ACTOR = `'acs:ram::${BENCH_ACCOUNT}:root'`;
const META = `jsonb_build_object('actorArn', ${ACTOR}, 'requestId', gen_random_uuid(), 'correlationId', gen_random_uuid())`;
const id = (kind: string, n: string) => `md5('${kind}' || ${n})::uuid::text`;
const policyDoc = (n: string, actions: string) =>
  `'{"Version":"1","Statement":[{"Effect":"Allow","Action":${actions},"Resource":"acs:arms:*:*:alert/p' || ${n} || '-*"},{"Effect":"Deny","Action":"arms:DeleteAlert","Resource":"*"}]}'`;
const V1_ACTIONS = `["arms:Get*","arms:List*"]`;
const V2_ACTIONS = `["arms:*"]`;

// The policy a grant names: k < 4 a system policy, else custom policy k - 4.
const grantData = (
  principal: string,
  principalId: string,
  principalName: string,
  k: string,
  extra = `'{}'::jsonb`,
) => `
  jsonb_build_object('principalType', '${principal}', 'principalId', ${principalId}, 'principalName', ${principalName},
    'attachmentId', gen_random_uuid()) ||
  CASE WHEN ${k} < 4 THEN jsonb_build_object('policyType', 'System',
         'policyName', (ARRAY['${SYSTEM_POLICIES.join("','")}'])[${k} + 1])
       ELSE jsonb_build_object('policyType', 'Custom', 'policyName', 'p' || (${k} - 4), 'policyId', ${id('policy', `(${k} - 4)`)}) END
  || ${extra}`;

/** Custom policies (v1 default) and groups with their grants, at the start of the history. */
export async function writeCatalogue(db: SqlClient, shape: HistoryShape): Promise<void> {
  const at = `to_timestamp(${HISTORY_START / 1000})`;
  await db.query(`
    INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
    SELECT 'policy-' || ${id('policy', 'p')}, 1, gen_random_uuid(), 'PolicyCreated', 1,
      jsonb_build_object('policyId', ${id('policy', 'p')}, 'policyName', 'p' || p, 'accountId', '${BENCH_ACCOUNT}',
        'versionId', 'v1', 'policyDocument', ${policyDoc('p', V1_ACTIONS)}, 'createDate', ${at}), ${META}, ${at}
    FROM generate_series(0, ${shape.policies - 1}) AS p`);
  await db.query(`
    INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
    SELECT 'group-' || ${id('group', 'g')}, j, gen_random_uuid(),
      CASE WHEN j = 1 THEN 'GroupCreated' ELSE 'PolicyAttached' END, 1,
      CASE WHEN j = 1 THEN jsonb_build_object('groupId', ${id('group', 'g')}, 'groupName', 'g' || g,
                             'accountId', '${BENCH_ACCOUNT}', 'createDate', ${at})
           ELSE ${grantData('Group', id('group', 'g'), `'g' || g`, `((g * 7 + j * 13) % ${shape.policies + 4})`)} END,
      ${META}, ${at}
    FROM generate_series(0, ${shape.groups - 1}) AS g, generate_series(1, 4) AS j ORDER BY g, j`);
}

/** Versions [from, to] of every user stream, in time order (all users' version j, then j + 1, ...). */
export async function writeUserVersions(
  db: SqlClient,
  shape: HistoryShape,
  from: number,
  to: number,
): Promise<void> {
  const user = id('user', 'u');
  // One millisecond per event: whole milliseconds, as events carry them.
  const at = `to_timestamp(${HISTORY_START / 1000}) + (j * ${shape.users} + u) * interval '1 ms'`;
  const group = (jj: string) => `((u + ${jj}) % ${shape.groups})`;
  const policy = (jj: string) => `((u * 31 + ${jj}) % ${shape.policies + 4})`;
  const membership = (jj: string) =>
    `jsonb_build_object('userId', ${user}, 'userName', 'u' || u, 'groupId', ${id('group', group(jj))}, 'groupName', 'g' || ${group(jj)})`;
  await db.query(`
    INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
    SELECT 'user-' || ${user}, j, gen_random_uuid(), k.type, 1, t.data, ${META}, ${at}
    FROM generate_series(${from}, ${to}) AS j, generate_series(0, ${shape.users - 1}) AS u,
    LATERAL (SELECT CASE
        WHEN j = 1 THEN 'UserCreated' WHEN j % 16 = 2 THEN 'UserAddedToGroup' WHEN j % 32 = 10 THEN 'UserRemovedFromGroup'
        WHEN j % 8 = 4 THEN 'PolicyAttached' WHEN j % 16 = 8 THEN 'PolicyDetached' ELSE 'UserUpdated' END AS type) k,
    LATERAL (SELECT CASE k.type
        WHEN 'UserCreated' THEN jsonb_build_object('userId', ${user}, 'userName', 'u' || u, 'kind', 'human',
          'accountId', '${BENCH_ACCOUNT}', 'createDate', ${at}, 'displayName', 'User ' || u)
        WHEN 'UserAddedToGroup' THEN ${membership('j')}
        WHEN 'UserRemovedFromGroup' THEN ${membership('(j - 8)')}
        WHEN 'PolicyAttached' THEN ${grantData('User', user, `'u' || u`, policy('j'), `CASE WHEN j % 32 = 20 THEN jsonb_build_object('expiresAt', to_char((${at} + interval '30 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ELSE '{}'::jsonb END`)}
        WHEN 'PolicyDetached' THEN ${grantData('User', user, `'u' || u`, policy('(j - 4)'))}
        ELSE jsonb_build_object('userId', ${user}, 'userName', 'u' || u, 'changes', jsonb_build_object('displayName', 'User ' || u || ' v' || j))
      END AS data) t
    ORDER BY j, u`);
}

/** A third of the custom policies get a v2 (set as default) at the instant user version `j` is written. */
export async function writeVersionSwitch(db: SqlClient, shape: HistoryShape, j: number): Promise<void> {
  const at = `to_timestamp(${HISTORY_START / 1000}) + ${j * shape.users} * interval '1 ms'`;
  await db.query(`
    INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
    SELECT 'policy-' || ${id('policy', 'p')}, 2, gen_random_uuid(), 'PolicyVersionCreated', 1,
      jsonb_build_object('policyId', ${id('policy', 'p')}, 'policyName', 'p' || p, 'versionId', 'v2',
        'policyDocument', ${policyDoc('p', V2_ACTIONS)}, 'setAsDefault', true), ${META}, ${at}
    FROM generate_series(0, ${shape.policies - 1}) AS p WHERE p % 3 = 0`);
}

export const userName = (u: number) => `u${u}`;
export const historyEnd = (shape: HistoryShape) => HISTORY_START + (shape.perUser + 1) * shape.users;
