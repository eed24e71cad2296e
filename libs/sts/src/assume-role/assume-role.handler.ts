import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GroupCommit } from '#common';
import { EventStore } from '#event-store';
import type { WriteResult } from '#identity';
import { newStsAccessKeyId, StsTokens } from '../tokens/sts-tokens.js';
import { AssumeRole, type AssumedRoleCredentials } from './assume-role.command.js';
import { type AssumeRoleRequest, type RecordedSession, sessionRecorder } from './record-assumptions.js';

/**
 * Records the session (see record-assumptions.ts: the role read under a shared lock on its name, the
 * decision, `RoleAssumed` on the session's own stream and its `role_sessions` row, one transaction), then
 * signs its token. Concurrent AssumeRoles are group-committed: one transaction, and one WAL flush, for all
 * the requests that arrived while the previous batch was committing. Each still answers only once its own
 * event is committed, and with its own refusal when it has one.
 */
@CommandHandler(AssumeRole)
export class AssumeRoleHandler implements ICommandHandler<AssumeRole, WriteResult<AssumedRoleCredentials>> {
  private readonly sessions: GroupCommit<AssumeRoleRequest, RecordedSession>;

  constructor(
    store: EventStore,
    private readonly tokens: StsTokens,
  ) {
    this.sessions = new GroupCommit(sessionRecorder(store));
  }

  async execute(command: AssumeRole): Promise<WriteResult<AssumedRoleCredentials>> {
    const sessionId = randomUUID();
    const { session, position } = await this.sessions.submit({
      command,
      sessionId,
      accessKeyId: newStsAccessKeyId(),
    });
    const { securityToken, accessKeySecret } = this.tokens.issue({
      sessionId,
      accessKeyId: session.accessKeyId,
      roleId: session.roleId,
      roleName: session.roleName,
      roleSessionName: session.roleSessionName,
      callerArn: session.callerArn,
      callerKind: session.callerKind,
      callerPrincipalId: session.callerPrincipalId,
      mfaPresent: command.caller.mfaPresent,
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
