import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { retryOnConflict } from '#identity';
import { decideAccessReview } from '../domain/access-review.decider.js';
import { type AccessReviewItemDecided, accessReviewStreamId } from '../domain/access-review.events.js';
import { checkReviewId, loadReview } from '../access-review.stream.js';
import { DecideAccessReviewItem } from './decide-item.command.js';

/** A reviewer's Keep / Revoke, replacing their earlier one; racing decisions serialize on the stream. */
@CommandHandler(DecideAccessReviewItem)
export class DecideAccessReviewItemHandler implements ICommandHandler<DecideAccessReviewItem> {
  constructor(private readonly store: EventStore) {}

  execute({ reviewId, itemId, decision, callerUserId, meta }: DecideAccessReviewItem) {
    const id = checkReviewId(reviewId);
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const review = await loadReview(tx, id);
        const events = decideAccessReview(
          {
            type: 'DecideItem',
            itemId,
            ...decision,
            caller: { arn: meta.actorArn, ...(callerUserId && { userId: callerUserId }) },
            now: meta.now,
          },
          review.state,
        );
        const current = review.state.status === 'absent' ? undefined : review.state.decisions.get(itemId);
        if (events.length === 0) return { value: current, position: review.position };
        const stored = await tx.append(
          accessReviewStreamId(id),
          review.expectedVersion,
          stampEvents(events, meta),
        );
        return { value: events[0].data as AccessReviewItemDecided['data'], position: stored[0].position };
      }),
    );
  }
}
