import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../create-user/create-user.command.js';
import type { UserProfile } from '../domain/user.events.js';
import type { UserView } from '../user.view.js';

export class UpdateUser extends Command<WriteResult<UserView>> {
  constructor(
    readonly userName: string,
    readonly changes: Partial<UserProfile>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
