import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { arn, entityNotExist } from '#common';
import { EventStore, stampEvents } from '#event-store';
import { type ExistingRole, retryOnConflict } from '#identity';
import { parseTrustPolicyDocument } from '#policy';
import { sessionSources } from '../acting-parties.js';
import { analyzeTrustChange } from '../analysis/trust-change-analysis.js';
import { decideTrustChange } from '../domain/trust-change.decider.js';
import { trustChangeStreamId } from '../domain/trust-change.events.js';
import type { TrustChangeSettings } from '../domain/trust-change.settings.js';
import {
  evolveTrustChange,
  type ExistingTrustChange,
  initialTrustChangeState,
} from '../domain/trust-change.state.js';
import { graphAt, PERMISSION_GRAPH, type PermissionGraphPort } from '../permission-graph.port.js';
import { saveTrustChange, type TrustChangeView, toView } from '../store/trust-change.rows.js';
import { TRUST_CHANGE_SETTINGS } from '../trust-change.config.js';
import { loadRole } from '../trust-change.stream.js';
import { ProposeTrustChange } from './propose-trust-change.command.js';

/** Records a proposal against the role's current trust-policy version, with its analysis. */
@CommandHandler(ProposeTrustChange)
export class ProposeTrustChangeHandler implements ICommandHandler<ProposeTrustChange> {
  constructor(
    private readonly store: EventStore,
    @Inject(PERMISSION_GRAPH) private readonly permissions: PermissionGraphPort,
    @Inject(TRUST_CHANGE_SETTINGS) private readonly settings: TrustChangeSettings,
  ) {}

  async execute({
    roleName,
    input,
    meta,
  }: ProposeTrustChange): Promise<{ value: TrustChangeView; position: number }> {
    const after = parseTrustPolicyDocument(input.assumeRolePolicyDocument);
    const changeId = randomUUID();
    // Caught up before the transaction: waiting inside it would hold back the commit-order reader it waits for.
    const live = await graphAt(this.permissions, meta.accountId, this.store, meta.now);
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const role = await loadRole(tx, roleName);
        if (role.state.status !== 'active') throw entityNotExist('Role', roleName.slice(0, 64));
        const current: ExistingRole = role.state;
        const graph = live.with({
          trust: {
            roleId: current.roleId,
            document: parseTrustPolicyDocument(current.assumeRolePolicyDocument),
          },
        });
        const roleNode = graph.byArn(arn.role(meta.accountId, current.roleName));
        if (!roleNode) throw entityNotExist('Role', current.roleName);
        const analysis = analyzeTrustChange(graph, roleNode, after, {
          privilegedTrustChangeApprovals: this.settings.requiredApprovals.high,
        });
        const events = decideTrustChange(
          {
            type: 'ProposeTrustChange',
            changeId,
            roleId: current.roleId,
            roleName: current.roleName,
            proposerArn: meta.actorArn,
            proposerSources: sessionSources(live.model, meta.actorArn, meta.now),
            assumeRolePolicyDocument: input.assumeRolePolicyDocument,
            justification: input.justification,
            baseVersion: current.trustPolicyVersion,
            analysis,
            requiredApprovals: this.settings.requiredApprovals[analysis.riskLevel],
            expiresAt: new Date(meta.now.getTime() + this.settings.expirySeconds * 1000),
            now: meta.now,
          },
          initialTrustChangeState,
        );
        const stored = await tx.append(trustChangeStreamId(changeId), 'none', stampEvents(events, meta));
        const change = events.reduce(evolveTrustChange, initialTrustChangeState) as ExistingTrustChange;
        await saveTrustChange(tx.client, change);
        return { value: toView(change, meta.accountId), position: stored[stored.length - 1]!.position };
      }),
    );
  }
}
