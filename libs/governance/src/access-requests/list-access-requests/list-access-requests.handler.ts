import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { invalidParameter, toPage } from '#common';
import { Database } from '#event-store';
import type { AccessRequestView } from '../access-request.view.js';
import { type AccessRequestPage, ListAccessRequests } from './list-access-requests.query.js';

interface Row {
  request_id: string;
  submitted_at: Date;
  target_arn: string;
  owned: boolean;
  has_owners: boolean;
  summary: AccessRequestView;
}

/**
 * Lists requests from the access_requests table (written with the events), oldest first, by status and
 * requester, or those waiting for a user's decision. Page keys are (submission time, request id).
 */
@QueryHandler(ListAccessRequests)
export class ListAccessRequestsHandler implements IQueryHandler<ListAccessRequests, AccessRequestPage> {
  constructor(private readonly db: Database) {}

  async execute({ filter, page }: ListAccessRequests): Promise<AccessRequestPage> {
    const [afterTime, afterId] = page.after ? pageKey(page.after) : [null, null];
    const waiting = filter.waitingFor;
    const { rows } = await this.db.query<Row>(
      `SELECT r.request_id, r.submitted_at, r.target_arn, r.summary,
              EXISTS (SELECT 1 FROM owners o WHERE o.target_type = r.owner_target_type
                        AND o.target_id = r.owner_target_id AND o.user_id = $4::uuid) AS owned,
              EXISTS (SELECT 1 FROM owners o WHERE o.target_type = r.owner_target_type
                        AND o.target_id = r.owner_target_id) AS has_owners
       FROM access_requests r
       WHERE ($1::text IS NULL OR r.status = $1)
         AND ($2::text IS NULL OR lower(r.requester_name) = lower($2))
         AND ($3::timestamptz IS NULL OR (r.submitted_at, r.request_id) > ($3::timestamptz, $5::uuid))
         AND ($4::uuid IS NULL OR (r.status = 'Pending' AND r.expires_at > now() AND r.requester_id <> $4::uuid
                                   AND NOT ($4::text = ANY (r.approver_ids))))
       ORDER BY r.submitted_at, r.request_id LIMIT $6`,
      [
        filter.status ?? null,
        filter.requesterName ?? null,
        afterTime,
        waiting?.userId ?? null,
        afterId,
        page.limit + 1,
      ],
    );
    const { items, nextCursor } = toPage(
      rows,
      page.limit,
      (row) => `${row.submitted_at.toISOString()}|${row.request_id}`,
    );
    const visible = waiting ? await this.waitingFor(items, waiting.mayApproveByPolicy) : items;
    return { accessRequests: visible.map((row) => row.summary), ...(nextCursor && { nextCursor }) };
  }

  /** An owner decides for an owned target; a target without owners falls to the policy check. */
  private async waitingFor(rows: Row[], byPolicy: (targetArn: string) => Promise<boolean>) {
    const kept: Row[] = [];
    for (const row of rows) {
      if (row.owned || (!row.has_owners && (await byPolicy(row.target_arn)))) kept.push(row);
    }
    return kept;
  }
}

const PAGE_KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/;

/** A cursor this service issued holds (submission time, request id); anything else is a 400, not a 500. */
function pageKey(after: string): [string, string] {
  const match = PAGE_KEY.exec(after);
  if (!match) throw invalidParameter('Cursor', 'cursor is not one this service issued');
  return [match[1], match[2]];
}
