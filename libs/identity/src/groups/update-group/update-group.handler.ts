import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { retryOnConflict } from '../../shared/retry-on-conflict.js';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { decideGroup, requireActiveGroup } from '../domain/group.decider.js';
import { evolveGroup } from '../domain/group.state.js';
import { loadGroupByName } from '../group.stream.js';
import { type GroupView, groupView } from '../group.view.js';
import { UpdateGroup } from './update-group.command.js';

@CommandHandler(UpdateGroup)
export class UpdateGroupHandler implements ICommandHandler<UpdateGroup, WriteResult<GroupView>> {
  constructor(private readonly store: EventStore) {}

  execute({ groupName, changes, meta }: UpdateGroup): Promise<WriteResult<GroupView>> {
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const group = await loadGroupByName(tx, groupName, 'SHARE');
        const events = decideGroup({ type: 'UpdateGroup', changes }, group.state);
        const stored = await tx.append(group.streamId, group.expectedVersion, stampEvents(events, meta));
        const after = requireActiveGroup(events.reduce((s, e) => evolveGroup(s, e, meta.now), group.state));
        return {
          position: stored.at(-1)?.position ?? group.position,
          value: groupView({ ...after, accountId: meta.accountId }),
        };
      }),
    );
  }
}
