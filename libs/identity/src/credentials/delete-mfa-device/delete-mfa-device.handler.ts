import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { consoleCredentialRows } from '../store/console-credential.rows.js';
import { writeUserCredentials } from '../user-credentials.writer.js';
import { DeleteMfaDevice } from './delete-mfa-device.command.js';

@CommandHandler(DeleteMfaDevice)
export class DeleteMfaDeviceHandler implements ICommandHandler<DeleteMfaDevice, WriteResult<void>> {
  constructor(private readonly store: EventStore) {}

  execute({ userName, meta }: DeleteMfaDevice): Promise<WriteResult<void>> {
    return writeUserCredentials(this.store, meta, userName, {
      command: () => ({ type: 'DeleteMfaDevice' }),
      apply: (client, user) => consoleCredentialRows.deleteMfaDevice(client, user.userId),
    });
  }
}
