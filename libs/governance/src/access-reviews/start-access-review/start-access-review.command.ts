import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { AccessReviewStarted } from '../domain/access-review.events.js';
import type { AccessReviewInput } from '../domain/review-input.js';

export class StartAccessReview extends Command<{ value: AccessReviewStarted['data']; position: number }> {
  constructor(
    readonly input: AccessReviewInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
