import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

/** `DELETE /v1/users/{userName}/mfa-device`: unbinds and forgets the device and its seed. */
export class DeleteMfaDevice extends Command<WriteResult<void>> {
  constructor(
    readonly userName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
