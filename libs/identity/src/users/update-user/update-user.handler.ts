import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { entityNotExist } from '#common';
import { EventStore, stampEvents } from '#event-store';
import { retryOnConflict } from '../../shared/retry-on-conflict.js';
import { loadUserByName } from '../../shared/user-stream.js';
import type { WriteResult } from '../create-user/create-user.command.js';
import { decideUser } from '../domain/user.decider.js';
import { evolveUser } from '../domain/user.state.js';
import { type UserView, userView } from '../user.view.js';
import { UpdateUser } from './update-user.command.js';

@CommandHandler(UpdateUser)
export class UpdateUserHandler implements ICommandHandler<UpdateUser, WriteResult<UserView>> {
  constructor(private readonly store: EventStore) {}

  execute({ userName, changes, meta }: UpdateUser): Promise<WriteResult<UserView>> {
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const user = await loadUserByName(tx, userName, 'SHARE');
        const events = decideUser({ type: 'UpdateUser', changes }, user.state);
        const stored = await tx.append(user.streamId, user.expectedVersion, stampEvents(events, meta));
        const after = events.reduce((s, e) => evolveUser(s, e, meta.now), user.state);
        if (after.status !== 'active') throw entityNotExist('User', userName.slice(0, 64));
        const { status: _status, ...profile } = after;
        return {
          position: stored.at(-1)?.position ?? user.position,
          value: userView({ ...profile, accountId: meta.accountId }),
        };
      }),
    );
  }
}
