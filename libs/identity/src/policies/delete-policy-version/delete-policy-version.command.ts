import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

export class DeletePolicyVersion extends Command<WriteResult<undefined>> {
  constructor(
    readonly policyName: string,
    readonly versionId: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
