import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { releaseName } from '../../names/name-reservations.js';
import { type Dependent, refuseWhileReferenced } from '../../shared/constraint-tables.js';
import { retryOnConflict } from '../../shared/retry-on-conflict.js';
import { loadUserByName } from '../../shared/user-stream.js';
import type { WriteResult } from '../create-user/create-user.command.js';
import { decideUser } from '../domain/user.decider.js';
import { DeleteUser } from './delete-user.command.js';

const USER_DEPENDENTS: Dependent[] = [
  {
    table: 'group_memberships',
    column: 'user_id',
    code: 'DeleteConflict.User.Group',
    message: 'The user is still in groups; remove it from them first',
  },
  {
    table: 'access_key_index',
    column: 'user_id',
    code: 'DeleteConflict.User.AccessKey',
    message: 'The user still has access keys; delete them first',
  },
  {
    table: 'policy_attachments',
    column: 'principal_id',
    principalType: 'User',
    code: 'DeleteConflict.User.Policy',
    message: 'The user still has policies attached; detach them first',
  },
];

/**
 * Deletes a user that is in no group and has no access keys or policies. The name row is locked FOR UPDATE
 * before the constraint tables are read, so a racing join, key creation or attach (which hold it FOR SHARE)
 * is either seen here or finds the user gone. The name is released: a user created later under it is a new
 * principal with a new id and inherits nothing.
 */
@CommandHandler(DeleteUser)
export class DeleteUserHandler implements ICommandHandler<DeleteUser, WriteResult<undefined>> {
  constructor(private readonly store: EventStore) {}

  async execute({ userName, meta }: DeleteUser): Promise<WriteResult<undefined>> {
    const stored = await retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const user = await loadUserByName(tx, userName, 'UPDATE');
        const events = decideUser({ type: 'DeleteUser' }, user.state);
        await refuseWhileReferenced(tx.client, user.id, USER_DEPENDENTS);
        await releaseName(tx.client, 'User', userName);
        return tx.append(user.streamId, user.expectedVersion, stampEvents(events, meta));
      }),
    );
    return { position: stored[stored.length - 1].position, value: undefined };
  }
}
