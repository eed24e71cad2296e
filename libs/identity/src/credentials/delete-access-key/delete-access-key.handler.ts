import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { accessKeyRows } from '../store/access-key.rows.js';
import { writeUserCredentials } from '../user-credentials.writer.js';
import { DeleteAccessKey } from './delete-access-key.command.js';

@CommandHandler(DeleteAccessKey)
export class DeleteAccessKeyHandler implements ICommandHandler<DeleteAccessKey, WriteResult<void>> {
  constructor(private readonly store: EventStore) {}

  execute({ userName, accessKeyId, meta }: DeleteAccessKey): Promise<WriteResult<void>> {
    return writeUserCredentials(this.store, meta, userName, {
      command: () => ({ type: 'DeleteAccessKey', accessKeyId }),
      apply: (client) => accessKeyRows.delete(client, accessKeyId),
    });
  }
}
