import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { RecordedTrustChange } from '../store/record-trust-change.js';

export class ApproveTrustChange extends Command<RecordedTrustChange> {
  constructor(
    readonly changeId: string,
    readonly comment: string | undefined,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
