import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

/** `DELETE /v1/users/{userName}/access-keys/{accessKeyId}`: the key stops working at once. */
export class DeleteAccessKey extends Command<WriteResult<void>> {
  constructor(
    readonly userName: string,
    readonly accessKeyId: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
