import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { retryOnConflict } from '#identity';
import { decideOwner } from '../domain/owner.decider.js';
import { recordOwners } from '../owners.table.js';
import { lockActiveUser, lockOwnerTarget } from '../owner-target.js';
import { ChangeOwner, type ChangeOwnerResult } from './change-owner.command.js';

/**
 * Adds or removes an owner on the target's stream at its expected version, with the owners row in the same
 * transaction. Lock order (docs/identity-design.md): the user's name row, then the target's, both FOR SHARE.
 */
@CommandHandler(ChangeOwner)
export class ChangeOwnerHandler implements ICommandHandler<ChangeOwner, ChangeOwnerResult> {
  constructor(private readonly store: EventStore) {}

  execute({ change, targetType, targetName, userName, meta }: ChangeOwner): Promise<ChangeOwnerResult> {
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const user = await lockActiveUser(tx, userName);
        const target = await lockOwnerTarget(tx, targetType, targetName);
        const owner = { userId: user.state.userId, userName: user.state.userName };
        const events = decideOwner({ type: change, targetType, user: owner }, target.state);
        const stored = await tx.append(target.streamId, target.expectedVersion, stampEvents(events, meta));
        await recordOwners(tx.client, events);
        const name = target.state.status === 'absent' ? targetName : target.state.targetName;
        return {
          changed: events.length > 0,
          position: stored.at(-1)?.position ?? target.position,
          value: { targetType, targetName: name, ...owner },
        };
      }),
    );
  }
}
