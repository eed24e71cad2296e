import type { SqlClient, StoredEvent } from '#event-store';
import type { Projection } from '#projections';
import {
  type Cause,
  type IntervalKey,
  type OpenedInterval,
  TEMPORAL_EVENT_TYPES,
  causeOf,
  intervalChanges,
} from './interval-changes.js';

interface Row extends OpenedInterval {
  fromTime: string;
  fromPosition: number;
  fromCause: Cause;
  toTime?: string;
  toPosition?: number;
  toCause?: Cause;
}

interface Ending {
  toTime: string;
  toPosition: number;
  toCause: Cause;
}

const keyOf = (k: IntervalKey) => `${k.subjectId}\u0000${k.kind}\u0000${k.objectKey}`;

/**
 * The temporal projection: validity intervals of everything that decides access, for "access at T", who-can,
 * timelines and diffs. A batch is folded in memory first (an interval opened and closed in the same batch is
 * written once, closed), then closes of rows from earlier batches run as one UPDATE and new rows as one INSERT:
 * a rebuild of millions of events costs a few statements per batch, and `apply` is the same path for one event.
 */
export class TemporalProjection implements Projection {
  readonly name = 'audit-temporal';
  readonly handles = TEMPORAL_EVENT_TYPES;

  apply(client: SqlClient, event: StoredEvent): Promise<void> {
    return this.applyMany(client, [event]);
  }

  async applyMany(client: SqlClient, events: readonly StoredEvent[]): Promise<void> {
    const pending = new Map<string, Row>();
    const inserts: Row[] = [];
    const keyCloses: (IntervalKey & Ending)[] = [];
    const subjectCloses: ({ subjectId: string } & Ending)[] = [];
    const closedSubjects = new Set<string>();
    const closedKeys = new Set<string>();
    const approvals: { accessRequestId: string; approvers: string[]; approvedAt: string; eventId: string }[] =
      [];
    for (const event of events) {
      const cause = causeOf(event);
      const ending: Ending = { toTime: cause.occurredAt, toPosition: event.position, toCause: cause };
      for (const change of intervalChanges(event)) {
        if (change.op === 'open') {
          const row: Row = {
            ...change.interval,
            fromTime: cause.occurredAt,
            fromPosition: event.position,
            fromCause: cause,
          };
          pending.set(keyOf(row), row);
          inserts.push(row);
        } else if (change.op === 'close') {
          const key = keyOf(change.key);
          const open = pending.get(key);
          if (open) {
            Object.assign(open, ending);
            pending.delete(key);
          } else if (!closedKeys.has(key) && !closedSubjects.has(change.key.subjectId)) {
            closedKeys.add(key);
            keyCloses.push({ ...change.key, ...ending });
          }
        } else if (change.op === 'close-subject') {
          for (const [key, open] of pending)
            if (open.subjectId === change.subjectId) {
              Object.assign(open, ending);
              pending.delete(key);
            }
          if (!closedSubjects.has(change.subjectId)) {
            closedSubjects.add(change.subjectId);
            subjectCloses.push({ subjectId: change.subjectId, ...ending });
          }
        } else {
          const { accessRequestId, approvers } = change;
          approvals.push({
            accessRequestId,
            approvers,
            approvedAt: change.approvedAt ?? cause.occurredAt,
            eventId: event.eventId,
          });
        }
      }
    }
    // Closes first: they address rows of earlier batches only (this batch's rows were closed in memory).
    if (keyCloses.length > 0) await closeByKey(client, keyCloses);
    if (subjectCloses.length > 0) await closeBySubject(client, subjectCloses);
    if (inserts.length > 0) await insertRows(client, inserts);
    if (approvals.length > 0) {
      await client.query(
        `INSERT INTO audit_request_approvals (access_request_id, approvers, approved_at, event_id)
         SELECT r.access_request_id, r.approvers, r.approved_at, r.event_id
         FROM jsonb_to_recordset($1::jsonb)
           AS r(access_request_id text, approvers jsonb, approved_at timestamptz, event_id uuid)
         ON CONFLICT (access_request_id) DO NOTHING`,
        [
          JSON.stringify(
            approvals.map((a) => ({
              access_request_id: a.accessRequestId,
              approvers: a.approvers,
              approved_at: a.approvedAt,
              event_id: a.eventId,
            })),
          ),
        ],
      );
    }
  }

  async reset(client: SqlClient): Promise<void> {
    await client.query(`TRUNCATE audit_intervals, audit_request_approvals`);
  }
}

const ENDING_COLUMNS = `to_time timestamptz, to_position bigint, to_cause jsonb`;

async function closeByKey(client: SqlClient, closes: (IntervalKey & Ending)[]): Promise<void> {
  await client.query(
    `UPDATE audit_intervals a SET to_time = c.to_time, to_position = c.to_position, to_cause = c.to_cause
     FROM jsonb_to_recordset($1::jsonb) AS c(subject_id text, kind text, object_key text, ${ENDING_COLUMNS})
     WHERE a.subject_id = c.subject_id AND a.kind = c.kind AND a.object_key = c.object_key
       AND a.to_position IS NULL`,
    [
      JSON.stringify(
        closes.map((c) => ({
          subject_id: c.subjectId,
          kind: c.kind,
          object_key: c.objectKey,
          ...ending(c),
        })),
      ),
    ],
  );
}

async function closeBySubject(client: SqlClient, closes: ({ subjectId: string } & Ending)[]): Promise<void> {
  await client.query(
    `UPDATE audit_intervals a SET to_time = c.to_time, to_position = c.to_position, to_cause = c.to_cause
     FROM jsonb_to_recordset($1::jsonb) AS c(subject_id text, ${ENDING_COLUMNS})
     WHERE a.subject_id = c.subject_id AND a.to_position IS NULL`,
    [JSON.stringify(closes.map((c) => ({ subject_id: c.subjectId, ...ending(c) })))],
  );
}

async function insertRows(client: SqlClient, rows: Row[]): Promise<void> {
  await client.query(
    `INSERT INTO audit_intervals (kind, subject_type, subject_id, subject_name, object_key, object_name, detail,
       expires_at, from_time, from_position, from_cause, to_time, to_position, to_cause)
     SELECT kind, subject_type, subject_id, subject_name, object_key, object_name, detail, expires_at,
       from_time, from_position, from_cause, to_time, to_position, to_cause
     FROM jsonb_to_recordset($1::jsonb) AS r(kind text, subject_type text, subject_id text, subject_name text,
       object_key text, object_name text, detail jsonb, expires_at timestamptz, from_time timestamptz,
       from_position bigint, from_cause jsonb, ${ENDING_COLUMNS})`,
    [
      JSON.stringify(
        rows.map((r) => ({
          kind: r.kind,
          subject_type: r.subjectType,
          subject_id: r.subjectId,
          subject_name: r.subjectName,
          object_key: r.objectKey,
          object_name: r.objectName ?? null,
          detail: r.detail,
          expires_at: r.expiresAt ?? null,
          from_time: r.fromTime,
          from_position: r.fromPosition,
          from_cause: r.fromCause,
          ...(r.toCause && ending(r as Ending)),
        })),
      ),
    ],
  );
}

const ending = (e: Ending) => ({ to_time: e.toTime, to_position: e.toPosition, to_cause: e.toCause });
