import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { GrantTarget } from '../change-grants.js';

export class DetachPolicy extends Command<WriteResult<undefined>> {
  constructor(
    readonly target: GrantTarget,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
