import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { releaseName } from '../../names/name-reservations.js';
import { type Dependent, refuseWhileReferenced } from '../../shared/constraint-tables.js';
import { retryOnConflict } from '../../shared/retry-on-conflict.js';
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
];

/**
 * Deletes a group that has no members and no policies. The name row is locked FOR UPDATE first: a join or
 * attach holds it FOR SHARE, so either it committed and its row is seen here, or it waits and then finds
 * the group gone. No membership can outlive its group.
 */
@CommandHandler(DeleteGroup)
export class DeleteGroupHandler implements ICommandHandler<DeleteGroup, WriteResult<undefined>> {
  constructor(private readonly store: EventStore) {}

  async execute({ groupName, meta }: DeleteGroup): Promise<WriteResult<undefined>> {
    const stored = await retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const group = await loadGroupByName(tx, groupName, 'UPDATE');
        const events = decideGroup({ type: 'DeleteGroup' }, group.state);
        await refuseWhileReferenced(tx.client, group.id, GROUP_DEPENDENTS);
        await releaseName(tx.client, 'Group', groupName);
        return tx.append(group.streamId, group.expectedVersion, stampEvents(events, meta));
      }),
    );
    return { position: stored[stored.length - 1].position, value: undefined };
  }
}
