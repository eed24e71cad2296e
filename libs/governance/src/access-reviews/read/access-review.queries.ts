import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';
import type { ExistingReview } from '../domain/access-review.state.js';

/** The campaign folded from its stream: always current, no projection lag. */
export class GetAccessReview extends Query<ExistingReview> {
  constructor(readonly reviewId: string) {
    super();
  }
}

export interface AccessReviewListEntry {
  reviewId: string;
  name: string;
  status: string;
  dueAt: string;
  createdBy: string;
  createdAt: string;
  completedAt?: string;
  recurrence?: string;
  itemCount: number;
  snapshotPosition: number;
}

export class ListAccessReviews extends Query<{ items: AccessReviewListEntry[]; nextCursor?: string }> {
  constructor(
    readonly page: PageRequest,
    readonly status?: string,
  ) {
    super();
  }
}
