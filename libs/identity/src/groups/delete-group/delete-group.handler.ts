import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import { type Dependent, ownedBy } from '../../shared/constraint-tables.js';
import { deleteByName } from '../../shared/delete-by-name.js';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { decideGroup } from '../domain/group.decider.js';
import { loadGroupByName } from '../group.stream.js';
import { DeleteGroup } from './delete-group.command.js';

const GROUP_DEPENDENTS: Dependent[] = [
  {
    table: 'group_memberships',
    column: 'group_id',
    code: 'DeleteConflict.Group.User',
    message: 'The group still has members; remove them first',
  },
  {
    table: 'policy_attachments',
    column: 'principal_id',
    principalType: 'Group',
    code: 'DeleteConflict.Group.Policy',
    message: 'The group still has policies attached; detach them first',
  },
  ownedBy('Group'),
];

/** Deletes a group without members or policies; no membership can outlive its group (see deleteByName). */
@CommandHandler(DeleteGroup)
export class DeleteGroupHandler implements ICommandHandler<DeleteGroup, WriteResult<undefined>> {
  constructor(private readonly store: EventStore) {}

  execute({ groupName, meta }: DeleteGroup): Promise<WriteResult<undefined>> {
    return deleteByName(
      this.store,
      {
        kind: 'Group',
        name: groupName,
        load: loadGroupByName,
        decide: (state) => decideGroup({ type: 'DeleteGroup' }, state),
        dependents: GROUP_DEPENDENTS,
      },
      meta,
    );
  }
}
