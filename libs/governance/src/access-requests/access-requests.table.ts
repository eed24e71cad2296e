import type { SqlClient } from '#event-store';
import type { AccessTarget } from './domain/access-request.events.js';
import type { ExistingAccessRequest } from './domain/access-request.state.js';
import { accessRequestView } from './access-request.view.js';
import { ownerTargetOf } from './target/resolve-target.js';

/** The id the grant is keyed by: a group or role id, or the policy key of the attachments table. */
export function targetKey(target: AccessTarget): string {
  switch (target.type) {
    case 'GroupMembership':
      return target.groupId;
    case 'RoleAssumption':
      return target.roleId;
    case 'PolicyAttachment':
      return target.policyType === 'System' ? `System:${target.policyName}` : `Custom:${target.policyId}`;
  }
}

export const targetName = (target: AccessTarget) =>
  target.type === 'GroupMembership'
    ? target.groupName
    : target.type === 'RoleAssumption'
      ? target.roleName
      : target.policyName;

/** Writes the request's row from its state after the events, in the transaction that appends them. */
export async function recordAccessRequest(
  client: SqlClient,
  request: ExistingAccessRequest,
  now: Date,
): Promise<void> {
  const { requestId, requester, target, targetArn, status } = request;
  const owners = ownerTargetOf(target);
  await client.query(
    `INSERT INTO access_requests (request_id, requester_id, requester_name, target_type, target_key, target_name,
       target_arn, status, approver_ids, submitted_at, expires_at, grant_expires_at, updated_at, summary,
       owner_target_type, owner_target_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (request_id) DO UPDATE SET status = $8, approver_ids = $9, grant_expires_at = $12,
       updated_at = $13, summary = $14`,
    [
      requestId,
      requester.userId,
      requester.userName,
      target.type,
      targetKey(target),
      targetName(target),
      targetArn,
      status,
      request.approvals.map((a) => a.userId),
      request.submittedAt,
      request.expiresAt,
      request.grant?.expiresAt ?? null,
      now,
      JSON.stringify(accessRequestView(request)),
      owners?.type ?? null,
      owners?.id ?? null,
    ],
  );
}
