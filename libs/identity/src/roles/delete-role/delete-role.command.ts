import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

export class DeleteRole extends Command<WriteResult<undefined>> {
  constructor(
    readonly roleName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
