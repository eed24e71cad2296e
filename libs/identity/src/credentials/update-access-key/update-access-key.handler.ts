import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { type AccessKeyView, accessKeyView } from '../access-key.view.js';
import { accessKeyRows } from '../store/access-key.rows.js';
import { writeUserCredentials } from '../user-credentials.writer.js';
import { UpdateAccessKey } from './update-access-key.command.js';

@CommandHandler(UpdateAccessKey)
export class UpdateAccessKeyHandler implements ICommandHandler<UpdateAccessKey, WriteResult<AccessKeyView>> {
  constructor(private readonly store: EventStore) {}

  execute({ userName, accessKeyId, status, meta }: UpdateAccessKey): Promise<WriteResult<AccessKeyView>> {
    return writeUserCredentials(this.store, meta, userName, {
      command: () => ({ type: 'UpdateAccessKey', accessKeyId, status }),
      apply: async (client, user) => {
        await accessKeyRows.setStatus(client, accessKeyId, status);
        const row = (await accessKeyRows.ofUser(client, user.userId)).find(
          (k) => k.access_key_id === accessKeyId,
        );
        return accessKeyView(row!);
      },
    });
  }
}
