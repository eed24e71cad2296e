import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { MfaDeviceCreated } from '../domain/credential.events.js';
import { MfaSeedCipher } from '../secrets/mfa-seed-cipher.js';
import { mfaEnrollment, newMfaSeed } from '../secrets/totp.js';
import { consoleCredentialRows } from '../store/console-credential.rows.js';
import { writeUserCredentials } from '../user-credentials.writer.js';
import { CreateMfaDevice, type MfaEnrollmentView } from './create-mfa-device.command.js';

@CommandHandler(CreateMfaDevice)
export class CreateMfaDeviceHandler implements ICommandHandler<
  CreateMfaDevice,
  WriteResult<MfaEnrollmentView>
> {
  constructor(
    private readonly store: EventStore,
    private readonly cipher: MfaSeedCipher,
  ) {}

  execute({ userName, meta }: CreateMfaDevice): Promise<WriteResult<MfaEnrollmentView>> {
    const seed = newMfaSeed();
    return writeUserCredentials(this.store, meta, userName, {
      command: () => ({ type: 'CreateMfaDevice', accountId: meta.accountId }),
      apply: async (client, user, events) => {
        const { serialNumber } = (events[0] as MfaDeviceCreated).data;
        const sealed = this.cipher.encrypt(seed, user.userId);
        await consoleCredentialRows.createMfaDevice(client, user.userId, serialNumber, sealed);
        return { serialNumber, ...mfaEnrollment(seed, meta.accountId, user.userName) };
      },
    });
  }
}
