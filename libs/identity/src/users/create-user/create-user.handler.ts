import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import { createNamed } from '../../names/create-named.js';
import { decideUser } from '../domain/user.decider.js';
import { type UserCreated, userStreamId } from '../domain/user.events.js';
import { initialUserState } from '../domain/user.state.js';
import { type UserView, userView } from '../user.view.js';
import { CreateUser, type WriteResult } from './create-user.command.js';

@CommandHandler(CreateUser)
export class CreateUserHandler implements ICommandHandler<CreateUser, WriteResult<UserView>> {
  constructor(private readonly store: EventStore) {}

  async execute({ input, meta }: CreateUser): Promise<WriteResult<UserView>> {
    const userId = randomUUID();
    const [created] = decideUser(
      { type: 'CreateUser', userId, accountId: meta.accountId, now: meta.now, ...input },
      initialUserState,
    ) as [UserCreated];
    const position = await createNamed(
      this.store,
      { kind: 'User', name: input.userName, id: userId, streamId: userStreamId(userId) },
      [created],
      meta,
    );
    return {
      position,
      value: userView({ ...created.data, updateDate: created.data.createDate }),
    };
  }
}
