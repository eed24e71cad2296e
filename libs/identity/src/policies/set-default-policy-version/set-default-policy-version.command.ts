import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { PolicyVersionView } from '../policy.view.js';

export class SetDefaultPolicyVersion extends Command<WriteResult<PolicyVersionView>> {
  constructor(
    readonly policyName: string,
    readonly versionId: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
