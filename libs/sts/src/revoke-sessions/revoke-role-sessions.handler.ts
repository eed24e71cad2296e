import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import {
  decideRole,
  loadRoleByName,
  retryOnConflict,
  type RoleSessionsRevoked,
  type WriteResult,
} from '#identity';
import { recordRevocation, revocationCutOff } from '../sessions/role-sessions.rows.js';
import { RevokeRoleSessions, type RoleSessionsRevocation } from './revoke-role-sessions.command.js';

/**
 * Appends `RoleSessionsRevoked` to the role stream and, in the same transaction, the cut-off that STS
 * authentication reads on every request: once this commits, no older session of the role is accepted.
 */
@CommandHandler(RevokeRoleSessions)
export class RevokeRoleSessionsHandler implements ICommandHandler<
  RevokeRoleSessions,
  WriteResult<RoleSessionsRevocation>
> {
  constructor(private readonly store: EventStore) {}

  execute({ roleName, meta }: RevokeRoleSessions): Promise<WriteResult<RoleSessionsRevocation>> {
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const role = await loadRoleByName(tx, roleName, 'SHARE');
        const revokedBefore = await revocationCutOff(tx.client, role.id, meta.now);
        const events = decideRole({ type: 'RevokeRoleSessions', revokedBefore }, role.state);
        const stored = await tx.append(role.streamId, role.expectedVersion, stampEvents(events, meta));
        const { data } = events[0] as RoleSessionsRevoked;
        await recordRevocation(tx.client, data.roleId, data.revokedBefore);
        return { value: data, position: stored[stored.length - 1].position };
      }),
    );
  }
}
