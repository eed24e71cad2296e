import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { RecordedTrustChange } from '../store/record-trust-change.js';

/** A reviewer's rejection (with its reason) or the proposer's cancellation. */
export class EndTrustChange extends Command<RecordedTrustChange> {
  constructor(
    readonly changeId: string,
    readonly ending: { type: 'RejectTrustChange'; reason: string } | { type: 'CancelTrustChange' },
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
