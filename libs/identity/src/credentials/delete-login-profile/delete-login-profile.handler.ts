import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { consoleCredentialRows } from '../store/console-credential.rows.js';
import { writeUserCredentials } from '../user-credentials.writer.js';
import { DeleteLoginProfile } from './delete-login-profile.command.js';

@CommandHandler(DeleteLoginProfile)
export class DeleteLoginProfileHandler implements ICommandHandler<DeleteLoginProfile, WriteResult<void>> {
  constructor(private readonly store: EventStore) {}

  execute({ userName, meta }: DeleteLoginProfile): Promise<WriteResult<void>> {
    return writeUserCredentials(this.store, meta, userName, {
      command: () => ({ type: 'DeleteLoginProfile' }),
      apply: async (client, user) => {
        await consoleCredentialRows.deleteLoginProfile(client, user.userId);
        await consoleCredentialRows.revokeSessions(client, user.userId);
      },
    });
  }
}
