import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { TrustChangeView } from '../store/trust-change.rows.js';

export interface ProposeTrustChangeInput {
  assumeRolePolicyDocument: string;
  justification: string;
}

export class ProposeTrustChange extends Command<{ value: TrustChangeView; position: number }> {
  constructor(
    readonly roleName: string,
    readonly input: ProposeTrustChangeInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
