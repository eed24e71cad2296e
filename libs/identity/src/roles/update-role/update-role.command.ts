import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { RoleSettings } from '../domain/role.events.js';
import type { ExistingRole } from '../domain/role.state.js';

export class UpdateRole extends Command<WriteResult<ExistingRole>> {
  constructor(
    readonly roleName: string,
    readonly changes: Partial<RoleSettings>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
