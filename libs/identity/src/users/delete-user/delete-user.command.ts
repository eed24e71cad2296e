import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../create-user/create-user.command.js';

export class DeleteUser extends Command<WriteResult<undefined>> {
  constructor(
    readonly userName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
