import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { MembershipView } from '../membership.view.js';

export interface JoinGroupResult extends WriteResult<MembershipView> {
  /** False when the user already was a member: nothing was written (HTTP 200 instead of 201). */
  created: boolean;
}

export class JoinGroup extends Command<JoinGroupResult> {
  constructor(
    readonly groupName: string,
    readonly userName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
