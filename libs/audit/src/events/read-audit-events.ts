import {
  type CommitOrderCheckpoint,
  EVENT_COLUMNS,
  type EventEnvelope,
  type EventRow,
  type SqlClient,
  toEnvelope,
  toStoredEvent,
  UpcasterRegistry,
} from '#event-store';
import type { AuditEventFilter, NamedPrincipalKind, PrincipalMatch } from './event-filter.js';
import { redactSecrets } from './secret-fields.js';

/** One event of the history as the audit API shows it: the Kafka envelope, secret fields blanked. */
export type AuditEvent = EventEnvelope;

/** An audit event with its commit-order key, which the next page starts after. */
export interface KeyedAuditEvent {
  event: AuditEvent;
  key: CommitOrderCheckpoint;
}

// The history as stored: no upcasting, an auditor sees each event under the schema it was written with.
const AS_STORED = new UpcasterRegistry();

class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The ids a user, group or role name has stood for (names can be reused after a deletion, ids cannot). */
async function principalIds(client: SqlClient, kind: NamedPrincipalKind, name: string): Promise<string[]> {
  const key = kind.toLowerCase();
  const { rows } = await client.query<{ id: string }>(
    `SELECT DISTINCT data->>'${key}Id' AS id FROM events
     WHERE event_type = '${kind}Created' AND lower(data->>'${key}Name') = lower($1)`,
    [name],
  );
  return rows.map((row) => row.id).filter(Boolean);
}

/**
 * Events about a principal (docs/audit-integrity.md "principalArn"): on its own stream; naming it by id in
 * their data (memberships, attachments, owners, eligibilities, sessions); or naming its ARN anywhere in
 * their data, also inside an embedded policy document (trust policies, callers, approvers, requesters).
 */
async function principalCondition(client: SqlClient, principal: PrincipalMatch, params: SqlParams) {
  const arn = principal.arn.toLowerCase();
  const conditions = [
    `strpos(lower(e.data::text), ${params.add(`"${arn}"`)}) > 0`,
    `strpos(lower(e.data::text), ${params.add(`\\"${arn}\\"`)}) > 0`,
  ];
  if (principal.named) {
    const { kind } = principal.named;
    const ids = await principalIds(client, kind, principal.named.name);
    if (ids.length > 0) {
      const key = kind.toLowerCase();
      const contained = ids.flatMap((id) => [
        { [`${key}Id`]: id },
        { principalType: kind, principalId: id },
        { targetType: kind, targetId: id },
      ]);
      conditions.push(`e.stream_id = ANY(${params.add(ids.map((id) => `${key}-${id}`))}::text[])`);
      conditions.push(`e.data @> ANY(${params.add(contained.map((c) => JSON.stringify(c)))}::jsonb[])`);
    }
  }
  return `(${conditions.join(' OR ')})`;
}

/**
 * A page of the history in commit order after `after`. Like every commit-order reader it stops below the
 * oldest running transaction, so a later page never finds an event that sorts before this one.
 */
export async function readAuditEvents(
  client: SqlClient,
  filter: AuditEventFilter,
  after: CommitOrderCheckpoint | undefined,
  limit: number,
): Promise<KeyedAuditEvent[]> {
  const params = new SqlParams();
  const where = ['e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())'];
  if (after)
    where.push(
      `(e.transaction_id, e.global_position) > (${params.add(after.transactionId)}::xid8, ${params.add(after.position)}::bigint)`,
    );
  if (filter.streamId !== undefined) where.push(`e.stream_id = ${params.add(filter.streamId)}`);
  if (filter.actorArn !== undefined) where.push(`e.metadata->>'actorArn' = ${params.add(filter.actorArn)}`);
  if (filter.types) where.push(`e.event_type = ANY(${params.add(filter.types)}::text[])`);
  if (filter.from) where.push(`e.occurred_at >= ${params.add(filter.from.toISOString())}`);
  if (filter.to) where.push(`e.occurred_at < ${params.add(filter.to.toISOString())}`);
  if (filter.principal) where.push(await principalCondition(client, filter.principal, params));
  const { rows } = await client.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE ${where.join(' AND ')}
     ORDER BY e.transaction_id, e.global_position LIMIT ${params.add(limit)}`,
    params.values,
  );
  return rows.map((row) => {
    const envelope = toEnvelope(toStoredEvent(row, AS_STORED));
    return {
      event: { ...envelope, data: redactSecrets(envelope.data) },
      key: { transactionId: row.transaction_id, position: row.global_position },
    };
  });
}

/** The whole filtered history in commit order, batch by batch (for exports: never all in memory). */
export async function* streamAuditEvents(
  client: SqlClient,
  filter: AuditEventFilter,
  batchSize = 1000,
): AsyncGenerator<AuditEvent[]> {
  let after: CommitOrderCheckpoint | undefined;
  for (;;) {
    const batch = await readAuditEvents(client, filter, after, batchSize);
    if (batch.length > 0) yield batch.map((keyed) => keyed.event);
    if (batch.length < batchSize) return;
    after = batch[batch.length - 1].key;
  }
}
