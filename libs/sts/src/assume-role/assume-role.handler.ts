import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { loadRoleByName, type WriteResult } from '#identity';
import { recordRoleSession } from '../sessions/role-sessions.rows.js';
import { sessionStreamId } from '../sessions/role-assumed.events.js';
import { newStsAccessKeyId, StsTokens } from '../tokens/sts-tokens.js';
import { AssumeRole, type AssumedRoleCredentials } from './assume-role.command.js';
import { decideAssumeRole } from './domain/assume-role.decider.js';

/**
 * Reads the role from its stream under a shared lock on its name (a concurrent delete waits, or wins and
 * this answers EntityNotExist), decides, and records the session: its event on a stream of its own (so
 * sessions never race the role stream's version) and its `role_sessions` row, in one transaction.
 */
@CommandHandler(AssumeRole)
export class AssumeRoleHandler implements ICommandHandler<AssumeRole, WriteResult<AssumedRoleCredentials>> {
  constructor(
    private readonly store: EventStore,
    private readonly tokens: StsTokens,
  ) {}

  async execute({ input, caller, meta }: AssumeRole): Promise<WriteResult<AssumedRoleCredentials>> {
    const sessionId = randomUUID();
    const { session, position } = await this.store.transaction(async (tx) => {
      const role = await loadRoleByName(tx, input.roleName, 'SHARE');
      const [assumed] = decideAssumeRole(
        {
          ...input,
          sessionId,
          accessKeyId: newStsAccessKeyId(),
          accountId: meta.accountId,
          caller,
          sourceIp: meta.sourceIp,
          now: meta.now,
        },
        role.state,
      );
      const stored = await tx.append(sessionStreamId(sessionId), 'none', stampEvents([assumed], meta));
      await recordRoleSession(tx.client, assumed.data);
      return { session: assumed.data, position: stored[0].position };
    });
    const { securityToken, accessKeySecret } = await this.tokens.issue({
      sessionId,
      accessKeyId: session.accessKeyId,
      roleId: session.roleId,
      roleName: session.roleName,
      roleSessionName: session.roleSessionName,
      callerArn: session.callerArn,
      callerKind: session.callerKind,
      callerPrincipalId: session.callerPrincipalId,
      mfaPresent: caller.mfaPresent,
      chained: session.chained,
      ...(session.sessionPolicy !== undefined && { sessionPolicy: session.sessionPolicy }),
      issuedAt: session.issuedAt,
      expiration: session.expiration,
    });
    return {
      value: {
        credentials: {
          accessKeyId: session.accessKeyId,
          accessKeySecret,
          securityToken,
          expiration: session.expiration,
        },
        assumedRoleUser: { arn: session.assumedRoleArn, assumedRoleId: session.assumedRoleId },
      },
      position,
    };
  }
}
