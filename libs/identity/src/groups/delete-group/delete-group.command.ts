import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

export class DeleteGroup extends Command<WriteResult<undefined>> {
  constructor(
    readonly groupName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
