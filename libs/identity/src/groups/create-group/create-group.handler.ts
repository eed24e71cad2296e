import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { reserveName } from '../../names/name-reservations.js';
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
    const stored = await this.store.transaction(async (tx) => {
      await reserveName(tx.client, 'Group', input.groupName, groupId);
      return tx.append(groupStreamId(groupId), 'none', stampEvents([created], meta));
    });
    return {
      position: stored[stored.length - 1].position,
      value: groupView({ ...created.data, updateDate: created.data.createDate }),
    };
  }
}
