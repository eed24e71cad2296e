import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

export class LeaveGroup extends Command<WriteResult<undefined>> {
  constructor(
    readonly groupName: string,
    readonly userName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
