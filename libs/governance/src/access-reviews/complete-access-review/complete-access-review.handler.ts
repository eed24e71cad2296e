import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import { checkReviewId } from '../access-review.stream.js';
import { CompleteAccessReview } from './complete-access-review.command.js';
import { completeReview } from './complete-review.js';

/** Completion on request; repeating it after a crash resumes where the first one stopped. */
@CommandHandler(CompleteAccessReview)
export class CompleteAccessReviewHandler implements ICommandHandler<CompleteAccessReview> {
  constructor(private readonly store: EventStore) {}

  async execute({ reviewId, meta }: CompleteAccessReview) {
    const { review, position } = await completeReview(this.store, checkReviewId(reviewId), meta, 'Request');
    return { value: review, position };
  }
}
