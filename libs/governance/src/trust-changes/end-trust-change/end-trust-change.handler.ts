import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import { retryOnConflict } from '#identity';
import { decideTrustChange, type TrustChangeCommand } from '../domain/trust-change.decider.js';
import { type RecordedTrustChange, recordTrustChange, settle } from '../store/record-trust-change.js';
import { loadTrustChange } from '../trust-change.stream.js';
import { EndTrustChange } from './end-trust-change.command.js';

@CommandHandler(EndTrustChange)
export class EndTrustChangeHandler implements ICommandHandler<EndTrustChange> {
  constructor(private readonly store: EventStore) {}

  async execute({ changeId, ending, meta }: EndTrustChange): Promise<RecordedTrustChange> {
    const command: TrustChangeCommand =
      ending.type === 'RejectTrustChange'
        ? { type: 'RejectTrustChange', reviewerArn: meta.actorArn, reason: ending.reason, now: meta.now }
        : { type: 'CancelTrustChange', callerArn: meta.actorArn, now: meta.now };
    const recorded = await retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const loaded = await loadTrustChange(tx, changeId);
        return recordTrustChange(tx, loaded, decideTrustChange(command, loaded.change), meta);
      }),
    );
    return settle(recorded);
  }
}
