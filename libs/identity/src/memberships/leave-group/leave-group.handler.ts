import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { retryOnConflict } from '../../shared/retry-on-conflict.js';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { decideMembership } from '../domain/membership.decider.js';
import { loadMembership } from '../membership.stream.js';
import { LeaveGroup } from './leave-group.command.js';

/** RemoveUserFromGroup: decided on the user's stream like a join, and the membership row goes with it. */
@CommandHandler(LeaveGroup)
export class LeaveGroupHandler implements ICommandHandler<LeaveGroup, WriteResult<undefined>> {
  constructor(private readonly store: EventStore) {}

  execute({ groupName, userName, meta }: LeaveGroup): Promise<WriteResult<undefined>> {
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const { user, group } = await loadMembership(tx, userName, groupName);
        const events = decideMembership({ type: 'RemoveUserFromGroup', group }, user.state);
        const stored = await tx.append(user.streamId, user.expectedVersion, stampEvents(events, meta));
        await tx.client.query(`DELETE FROM group_memberships WHERE group_id = $1 AND user_id = $2`, [
          group.groupId,
          user.id,
        ]);
        return { position: stored[stored.length - 1].position, value: undefined };
      }),
    );
  }
}
