import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { AccessReviewItemDecided, Decision } from '../domain/access-review.events.js';

export class DecideAccessReviewItem extends Command<{
  value: AccessReviewItemDecided['data'] | undefined;
  position: number;
}> {
  constructor(
    readonly reviewId: string,
    readonly itemId: string,
    readonly decision: { decision: Decision; comment?: string },
    /** The caller's user id: only a RAM user can be an assigned reviewer. */
    readonly callerUserId: string | undefined,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
