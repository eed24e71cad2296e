import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { GroupProfile } from '../domain/group.events.js';
import type { GroupView } from '../group.view.js';

/** `position` is the group's last event when nothing changed, so a read after it still sees the group. */
export class UpdateGroup extends Command<WriteResult<GroupView>> {
  constructor(
    readonly groupName: string,
    readonly changes: GroupProfile,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
