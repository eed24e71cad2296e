import { invalidParameter, type PageRequest, parsePageRequest } from '#common';
import type { CommitOrderCheckpoint } from '#event-store';
import { parseInstant } from '../queries/audit-parameters.js';

export type NamedPrincipalKind = 'User' | 'Group' | 'Role';

/** A principal ARN; user, group and role ARNs also carry the kind and name their ids are found by. */
export interface PrincipalMatch {
  arn: string;
  named?: { kind: NamedPrincipalKind; name: string };
}

export interface AuditEventFilter {
  streamId?: string;
  principal?: PrincipalMatch;
  actorArn?: string;
  types?: string[];
  /** Inclusive lower bound on occurredAt. */
  from?: Date;
  /** Exclusive upper bound on occurredAt. */
  to?: Date;
}

export interface AuditEventPage {
  filter: AuditEventFilter;
  limit: number;
  after?: CommitOrderCheckpoint;
}

const KINDS: Record<string, NamedPrincipalKind> = { user: 'User', group: 'Group', role: 'Role' };
const ARN = /^acs:[a-z-]*:[^:]*:\d*:[^\s]+$/;
const NAMED_ARN = /^acs:ram::\d+:(user|group|role)\/([A-Za-z0-9._@-]{1,64})$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9]{0,99}$/;

function text(field: string, value: unknown, max = 512): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max)
    throw invalidParameter(field, `${field} must be a string of at most ${max} characters`);
  return value;
}

function arnParam(field: string, value: unknown): string | undefined {
  const arn = text(field, value);
  if (arn !== undefined && !ARN.test(arn)) throw invalidParameter(field, `${field} must be an ARN (acs:...)`);
  return arn;
}

export function parsePrincipalMatch(value: unknown): PrincipalMatch | undefined {
  const arn = arnParam('PrincipalArn', value);
  if (arn === undefined) return undefined;
  const named = NAMED_ARN.exec(arn);
  return named ? { arn, named: { kind: KINDS[named[1]], name: named[2] } } : { arn };
}

/** `streamId`, `principalArn`, `actorArn`, `type` (comma-separated), `from`, `to` of GET /v1/audit/events. */
export function parseEventFilter(query: Record<string, unknown>): AuditEventFilter {
  const types = text('Type', query.type, 2000)?.split(',');
  if (types?.some((type) => !EVENT_TYPE.test(type)))
    throw invalidParameter('Type', 'type must be event type names separated by commas');
  const from = query.from === undefined ? undefined : parseInstant('From', query.from);
  const to = query.to === undefined ? undefined : parseInstant('To', query.to);
  if (from && to && from > to) throw invalidParameter('To', 'to must not be before from');
  const filter: AuditEventFilter = {
    streamId: text('StreamId', query.streamId, 200),
    principal: parsePrincipalMatch(query.principalArn),
    actorArn: arnParam('ActorArn', query.actorArn),
    types,
    from,
    to,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as AuditEventFilter;
}

/** `limit` (default 100, at most 1000) and the opaque `after` cursor (a commit-order key). */
export function parseEventPage(query: Record<string, unknown>): AuditEventPage {
  const page: PageRequest = parsePageRequest({ limit: query.limit, cursor: query.after });
  return {
    filter: parseEventFilter(query),
    limit: page.limit,
    ...(page.after !== undefined && { after: checkpointFromKey(page.after) }),
  };
}

export const cursorKey = (checkpoint: CommitOrderCheckpoint) =>
  `${checkpoint.transactionId}:${checkpoint.position}`;

function checkpointFromKey(key: string): CommitOrderCheckpoint {
  const match = /^(\d{1,20}):(\d{1,16})$/.exec(key);
  if (!match) throw invalidParameter('After', 'after is not a cursor this service issued');
  return { transactionId: match[1], position: Number(match[2]) };
}
