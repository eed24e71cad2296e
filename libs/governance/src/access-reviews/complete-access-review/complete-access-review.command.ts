import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { ExistingReview } from '../domain/access-review.state.js';

export class CompleteAccessReview extends Command<{ value: ExistingReview; position: number }> {
  constructor(
    readonly reviewId: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
