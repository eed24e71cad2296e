import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { AttachmentView } from '../attachment.view.js';
import type { GrantTarget } from '../change-grants.js';

export interface AttachPolicyResult extends WriteResult<AttachmentView> {
  /** false: the policy was already attached and nothing was written (HTTP 200 instead of 201). */
  created: boolean;
}

export class AttachPolicy extends Command<AttachPolicyResult> {
  constructor(
    readonly target: GrantTarget,
    readonly expiresAt: Date | undefined,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
