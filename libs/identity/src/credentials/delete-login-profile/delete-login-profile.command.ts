import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

/** `DELETE /v1/users/{userName}/login-profile`: no more console sign-in; open console sessions end. */
export class DeleteLoginProfile extends Command<WriteResult<void>> {
  constructor(
    readonly userName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
