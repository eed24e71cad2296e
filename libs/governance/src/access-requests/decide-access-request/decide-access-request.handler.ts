import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandMetadata, DomainError } from '#common';
import { EventStore, type EventStoreTransaction } from '#event-store';
import { retryOnConflict } from '#identity';
import { lockOwners } from '../../owners/owners.table.js';
import { changeAccessRequest, loadAccessRequest } from '../access-request.stream.js';
import { accessRequestView, type AccessRequestView } from '../access-request.view.js';
import type { AccessRequestCommand } from '../domain/access-request.decider.js';
import type { Person } from '../domain/access-request.events.js';
import type { ExistingAccessRequest } from '../domain/access-request.state.js';
import { issueGrant } from '../grant/issue-grant.js';
import { ownerTargetOf } from '../target/resolve-target.js';
import { type AccessRequestDecision, DecideAccessRequest } from './decide-access-request.command.js';

/**
 * Approve, deny or cancel, on the request's stream at its expected version: of two approvals sent at once by
 * the same person one is recorded, the other retries and finds it. The final approval issues the grant in
 * the same transaction. Approvers are the target's owners, checked against the owners rows this transaction
 * locks (an owner removed meanwhile is refused); a target without owners falls to holders of
 * `ram:ApproveAccessRequest` on it.
 */
@CommandHandler(DecideAccessRequest)
export class DecideAccessRequestHandler implements ICommandHandler<DecideAccessRequest> {
  constructor(private readonly store: EventStore) {}

  async execute(command: DecideAccessRequest): Promise<{ value: AccessRequestView; position: number }> {
    const { requestId, decision, caller, meta } = command;
    const byPolicy = decision.type === 'cancel' ? false : await this.mayApproveByPolicy(command);
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const { state } = await loadAccessRequest(tx, requestId);
        if (
          state.status !== 'absent' &&
          decision.type !== 'cancel' &&
          state.requester.userId !== caller.userId
        ) {
          await requireApprover(tx, state, caller, byPolicy);
        }
        const change = await changeAccessRequest(
          tx,
          requestId,
          toCommand(decision, caller, meta),
          meta,
          async (after, events) => {
            if (events.some((e) => e.type === 'AccessRequestApproved')) await issueGrant(tx, after, meta);
          },
        );
        return { value: accessRequestView(change.after), position: change.position };
      }),
    );
  }

  /** Checked before the transaction: a policy check may wait for `Ledger-Min-Position`. */
  private async mayApproveByPolicy({ requestId, mayApproveByPolicy }: DecideAccessRequest): Promise<boolean> {
    const { state } = await this.store.transaction((tx) => loadAccessRequest(tx, requestId));
    return state.status !== 'absent' && (await mayApproveByPolicy(state.targetArn));
  }
}

async function requireApprover(
  tx: EventStoreTransaction,
  request: ExistingAccessRequest,
  caller: Person,
  byPolicy: boolean,
): Promise<void> {
  const target = ownerTargetOf(request.target);
  const owners = target ? await lockOwners(tx.client, target.type, target.id) : [];
  const allowed = owners.length > 0 ? owners.some((o) => o.user_id === caller.userId) : byPolicy;
  if (!allowed) {
    const who =
      owners.length > 0
        ? `an owner of ${request.targetArn}`
        : `allowed ram:ApproveAccessRequest on ${request.targetArn}`;
    throw new DomainError('NoPermission', `Only a user ${who} can decide this request`, 403);
  }
}

function toCommand(
  decision: AccessRequestDecision,
  caller: Person,
  meta: CommandMetadata,
): AccessRequestCommand {
  const now = meta.now;
  switch (decision.type) {
    case 'approve':
      return {
        type: 'ApproveAccessRequest',
        approver: caller,
        now,
        ...(decision.comment !== undefined && { comment: decision.comment }),
      };
    case 'deny':
      return {
        type: 'DenyAccessRequest',
        denier: caller,
        now,
        ...(decision.reason !== undefined && { reason: decision.reason }),
      };
    case 'cancel':
      return { type: 'CancelAccessRequest', caller, now };
  }
}
