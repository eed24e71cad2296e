import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { MfaDeviceBound } from '../domain/credential.events.js';
import { MfaSeedCipher } from '../secrets/mfa-seed-cipher.js';
import { areConsecutiveCodes } from '../secrets/totp.js';
import { consoleCredentialRows } from '../store/console-credential.rows.js';
import { writeUserCredentials } from '../user-credentials.writer.js';
import { BindMfaDevice } from './bind-mfa-device.command.js';

type Bound = { serialNumber: string; bindDate: string };

@CommandHandler(BindMfaDevice)
export class BindMfaDeviceHandler implements ICommandHandler<BindMfaDevice, WriteResult<Bound>> {
  constructor(
    private readonly store: EventStore,
    private readonly cipher: MfaSeedCipher,
  ) {}

  execute({ userName, input, meta }: BindMfaDevice): Promise<WriteResult<Bound>> {
    return writeUserCredentials(this.store, meta, userName, {
      command: async (state, client) => {
        let codesMatch = false;
        // Only a device waiting to be bound has codes worth checking; otherwise the decider refuses first.
        if (state.user.status === 'active' && state.mfaDevice && !state.mfaDevice.bound) {
          const sealed = await consoleCredentialRows.sealedSeed(client, state.user.userId);
          const seed = sealed && this.cipher.decrypt(sealed, state.user.userId);
          codesMatch = !!seed && areConsecutiveCodes(seed, input.code1, input.code2, meta.now);
        }
        return { type: 'BindMfaDevice', codesMatch, now: meta.now };
      },
      apply: async (client, user, events) => {
        await consoleCredentialRows.bindMfaDevice(client, user.userId);
        const { serialNumber, bindDate } = (events[0] as MfaDeviceBound).data;
        return { serialNumber, bindDate };
      },
    });
  }
}
