import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import { removeConsoleCredentials } from '../../credentials/store/console-credential.rows.js';
import { type Dependent, OWNER_OF } from '../../shared/constraint-tables.js';
import { deleteByName } from '../../shared/delete-by-name.js';
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
  OWNER_OF,
];

/**
 * Deletes a user in no group and without access keys or policies (see deleteByName); its console
 * credentials are removed in the same transaction.
 */
@CommandHandler(DeleteUser)
export class DeleteUserHandler implements ICommandHandler<DeleteUser, WriteResult<undefined>> {
  constructor(private readonly store: EventStore) {}

  execute({ userName, meta }: DeleteUser): Promise<WriteResult<undefined>> {
    return deleteByName(
      this.store,
      {
        kind: 'User',
        name: userName,
        load: loadUserByName,
        decide: (state) => decideUser({ type: 'DeleteUser' }, state),
        dependents: USER_DEPENDENTS,
        // Login profile, MFA device and console sessions go with the user; nothing is left to a re-created one.
        cleanUp: removeConsoleCredentials,
      },
      meta,
    );
  }
}
