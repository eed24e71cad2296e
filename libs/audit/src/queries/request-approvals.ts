import type { SqlClient } from '#event-store';
import type { Cause } from '../temporal/interval-changes.js';

/**
 * Adds to each cause made through an access request who approved that request (the grant event carries only
 * the request id; the approval lives on the request's stream). Mutates and returns the causes.
 */
export async function withRequestApprovals(db: SqlClient, causes: Cause[]): Promise<Cause[]> {
  const ids = [...new Set(causes.flatMap((c) => (c.accessRequestId ? [c.accessRequestId] : [])))];
  if (ids.length === 0) return causes;
  const { rows } = await db.query<{ access_request_id: string; approvers: string[]; approved_at: Date }>(
    `SELECT access_request_id, approvers, approved_at FROM audit_request_approvals
     WHERE access_request_id = ANY($1::text[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.access_request_id, r]));
  for (const cause of causes) {
    const approval = cause.accessRequestId ? byId.get(cause.accessRequestId) : undefined;
    if (approval)
      cause.requestApproval = {
        approvers: approval.approvers,
        approvedAt: approval.approved_at.toISOString(),
      };
  }
  return causes;
}
