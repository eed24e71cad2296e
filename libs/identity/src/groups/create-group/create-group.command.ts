import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { GroupView } from '../group.view.js';

export interface CreateGroupInput {
  groupName: string;
  comments?: string;
}

export class CreateGroup extends Command<WriteResult<GroupView>> {
  constructor(
    readonly input: CreateGroupInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
