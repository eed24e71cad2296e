import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

export interface BindMfaDeviceInput {
  code1: string;
  code2: string;
}

/** `POST /v1/users/{userName}/mfa-device/binding`: two consecutive codes prove the authenticator works. */
export class BindMfaDevice extends Command<WriteResult<{ serialNumber: string; bindDate: string }>> {
  constructor(
    readonly userName: string,
    readonly input: BindMfaDeviceInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
