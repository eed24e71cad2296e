import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { newAccessKeyId, newAccessKeySecret, secretDigest } from '../secrets/random-credentials.js';
import { accessKeyRows } from '../store/access-key.rows.js';
import { writeUserCredentials } from '../user-credentials.writer.js';
import { CreateAccessKey, type NewAccessKeyView } from './create-access-key.command.js';

@CommandHandler(CreateAccessKey)
export class CreateAccessKeyHandler implements ICommandHandler<
  CreateAccessKey,
  WriteResult<NewAccessKeyView>
> {
  constructor(private readonly store: EventStore) {}

  execute({ userName, meta }: CreateAccessKey): Promise<WriteResult<NewAccessKeyView>> {
    const accessKeyId = newAccessKeyId();
    const accessKeySecret = newAccessKeySecret();
    return writeUserCredentials(this.store, meta, userName, {
      command: () => ({ type: 'CreateAccessKey', accessKeyId, now: meta.now }),
      apply: async (client, user) => {
        await accessKeyRows.insert(client, {
          accessKeyId,
          userId: user.userId,
          userName: user.userName,
          secretHash: secretDigest(accessKeySecret),
          createDate: meta.now,
        });
        return { accessKeyId, accessKeySecret, status: 'Active', createDate: meta.now.toISOString() };
      },
    });
  }
}
