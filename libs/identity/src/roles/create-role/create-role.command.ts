import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { RoleView } from '../role.view.js';

export interface CreateRoleInput {
  roleName: string;
  assumeRolePolicyDocument: string;
  maxSessionDuration?: number;
  description?: string;
}

export class CreateRole extends Command<WriteResult<RoleView>> {
  constructor(
    readonly input: CreateRoleInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
