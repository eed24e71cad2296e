import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { releaseName } from '../../names/name-reservations.js';
import { type Dependent, ownedBy, refuseWhileReferenced } from '../../shared/constraint-tables.js';
import { retryOnConflict } from '../../shared/retry-on-conflict.js';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { decideRole } from '../domain/role.decider.js';
import { loadRoleByName } from '../role.stream.js';
import { DeleteRole } from './delete-role.command.js';

const ROLE_DEPENDENTS: Dependent[] = [
  {
    table: 'policy_attachments',
    column: 'principal_id',
    principalType: 'Role',
    code: 'DeleteConflict.Role.Policy',
    message: 'The role still has policies attached; detach them first',
  },
  ownedBy('Role'),
];

/**
 * Deletes a role without policies. Its name is released, so a role re-created under the same name is a new
 * principal (new roleId) that inherits no trust entry, token or grant.
 */
@CommandHandler(DeleteRole)
export class DeleteRoleHandler implements ICommandHandler<DeleteRole, WriteResult<undefined>> {
  constructor(private readonly store: EventStore) {}

  async execute({ roleName, meta }: DeleteRole): Promise<WriteResult<undefined>> {
    const stored = await retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const role = await loadRoleByName(tx, roleName, 'UPDATE');
        const events = decideRole({ type: 'DeleteRole' }, role.state);
        await refuseWhileReferenced(tx.client, role.id, ROLE_DEPENDENTS);
        await releaseName(tx.client, 'Role', roleName);
        return tx.append(role.streamId, role.expectedVersion, stampEvents(events, meta));
      }),
    );
    return { position: stored[stored.length - 1].position, value: undefined };
  }
}
