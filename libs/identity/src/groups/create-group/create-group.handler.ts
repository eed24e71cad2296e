import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import { createNamed } from '../../names/create-named.js';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { decideGroup } from '../domain/group.decider.js';
import { type GroupCreated, groupStreamId } from '../domain/group.events.js';
import { initialGroupState } from '../domain/group.state.js';
import { type GroupView, groupView } from '../group.view.js';
import { CreateGroup } from './create-group.command.js';

@CommandHandler(CreateGroup)
export class CreateGroupHandler implements ICommandHandler<CreateGroup, WriteResult<GroupView>> {
  constructor(private readonly store: EventStore) {}

  async execute({ input, meta }: CreateGroup): Promise<WriteResult<GroupView>> {
    const groupId = randomUUID();
    const [created] = decideGroup(
      { type: 'CreateGroup', groupId, accountId: meta.accountId, now: meta.now, ...input },
      initialGroupState,
    ) as [GroupCreated];
    const position = await createNamed(
      this.store,
      { kind: 'Group', name: input.groupName, id: groupId, streamId: groupStreamId(groupId) },
      [created],
      meta,
    );
    return {
      position,
      value: groupView({ ...created.data, updateDate: created.data.createDate }),
    };
  }
}
