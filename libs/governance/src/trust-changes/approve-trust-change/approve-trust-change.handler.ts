import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { arn, entityNotExist } from '#common';
import { EventStore, stampEvents } from '#event-store';
import { decideRole, retryOnConflict } from '#identity';
import { parseTrustPolicyDocument } from '#policy';
import { sessionSources } from '../acting-parties.js';
import { gainsFromChange } from '../analysis/trust-change-analysis.js';
import { decideTrustChange } from '../domain/trust-change.decider.js';
import { graphAt, PERMISSION_GRAPH, type PermissionGraphPort } from '../permission-graph.port.js';
import { type RecordedTrustChange, recordTrustChange, settle } from '../store/record-trust-change.js';
import { loadRole, loadTrustChange } from '../trust-change.stream.js';
import { ApproveTrustChange } from './approve-trust-change.command.js';

/**
 * Counts a reviewer's approval and, with the last one required, applies the change: TrustPolicyChangeApplied
 * on the change and TrustPolicyChanged on the role in one transaction, each at its stream's expected version,
 * so two approvals landing at once apply it exactly once (the loser re-reads and finds it applied).
 */
@CommandHandler(ApproveTrustChange)
export class ApproveTrustChangeHandler implements ICommandHandler<ApproveTrustChange> {
  constructor(
    private readonly store: EventStore,
    @Inject(PERMISSION_GRAPH) private readonly permissions: PermissionGraphPort,
  ) {}

  async execute({ changeId, comment, meta }: ApproveTrustChange): Promise<RecordedTrustChange> {
    // Caught up before the transaction: waiting inside it would hold back the commit-order reader it waits for.
    const live = await graphAt(this.permissions, meta.accountId, this.store, meta.now);
    const recorded = await retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const loaded = await loadTrustChange(tx, changeId);
        const role = await loadRole(tx, loaded.change.roleName);
        if (role.state.status !== 'active' || role.id !== loaded.change.roleId)
          throw entityNotExist('Role', loaded.change.roleName);
        const current = role.state;
        const graph = live.with({
          trust: {
            roleId: current.roleId,
            document: parseTrustPolicyDocument(current.assumeRolePolicyDocument),
          },
        });
        const roleNode = graph.byArn(arn.role(meta.accountId, current.roleName))!;
        const after = parseTrustPolicyDocument(loaded.change.assumeRolePolicyDocument);
        const events = decideTrustChange(
          {
            type: 'ApproveTrustChange',
            reviewerArn: meta.actorArn,
            reviewerSources: sessionSources(live.model, meta.actorArn, meta.now),
            reviewerBenefits:
              roleNode !== undefined && gainsFromChange(graph, roleNode, after, meta.actorArn),
            currentTrustVersion: current.trustPolicyVersion,
            ...(comment !== undefined && { comment }),
            now: meta.now,
          },
          loaded.change,
        );
        const applied = events.find((e) => e.type === 'TrustPolicyChangeApplied');
        if (applied) {
          const roleEvents = decideRole(
            {
              type: 'ChangeTrustPolicy',
              assumeRolePolicyDocument: loaded.change.assumeRolePolicyDocument,
              expectedTrustPolicyVersion: loaded.change.baseVersion,
              changeId,
              proposerArn: loaded.change.proposerArn,
              approvers: applied.data.approvers,
            },
            current,
          );
          await tx.append(role.streamId, role.expectedVersion, stampEvents(roleEvents, meta));
        }
        return recordTrustChange(tx, loaded, events, meta);
      }),
    );
    return settle(recorded);
  }
}
