import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { LoginProfileSet } from '../domain/credential.events.js';
import { hashPassword } from '../secrets/password-hash.js';
import { consoleCredentialRows } from '../store/console-credential.rows.js';
import { writeUserCredentials } from '../user-credentials.writer.js';
import { type LoginProfileView, SetLoginProfile } from './set-login-profile.command.js';

@CommandHandler(SetLoginProfile)
export class SetLoginProfileHandler implements ICommandHandler<
  SetLoginProfile,
  WriteResult<LoginProfileView>
> {
  constructor(private readonly store: EventStore) {}

  async execute({ userName, input, meta }: SetLoginProfile): Promise<WriteResult<LoginProfileView>> {
    // Hashing takes tens of milliseconds: done before the transaction, so no lock is held meanwhile.
    const passwordHash = await hashPassword(input.password);
    return writeUserCredentials(this.store, meta, userName, {
      command: () => ({ type: 'SetLoginProfile', ...input, now: meta.now }),
      apply: async (client, user, events) => {
        const { data } = events[0] as LoginProfileSet;
        const row = { ...user, passwordHash, mfaBindRequired: data.mfaBindRequired, setAt: meta.now };
        await consoleCredentialRows.setLoginProfile(client, row);
        // A new password ends the sessions signed in with the old one.
        await consoleCredentialRows.revokeSessions(client, user.userId);
        return {
          userName: user.userName,
          mfaBindRequired: data.mfaBindRequired,
          passwordSetAt: data.passwordSetAt,
        };
      },
    });
  }
}
