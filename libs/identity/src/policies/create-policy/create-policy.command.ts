import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { PolicyView } from '../policy.view.js';

export interface CreatePolicyInput {
  policyName: string;
  policyDocument: string;
  description?: string;
}

export class CreatePolicy extends Command<WriteResult<PolicyView>> {
  constructor(
    readonly input: CreatePolicyInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
