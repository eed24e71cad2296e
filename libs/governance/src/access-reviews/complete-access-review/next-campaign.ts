import { createHash } from 'node:crypto';
import type { CommandMetadata } from '#common';
import type { EventStore, EventStoreTransaction } from '#event-store';
import { serviceActorArn } from '#identity';
import type { ExistingReview } from '../domain/access-review.state.js';
import { startCampaign } from '../start-access-review/start-campaign.js';

const QUARTER_MONTHS = 3;

/**
 * Starts the next quarter's campaign of a recurring one, as the service, compared with the one finishing. Its id is derived from the
 * finishing campaign's, so however many completers race, one successor can exist (its stream expects none).
 */
export async function startNextCampaign(
  store: EventStore,
  tx: EventStoreTransaction,
  review: ExistingReview,
  meta: CommandMetadata,
): Promise<string> {
  const { campaign } = review;
  const reviewId = successorId(campaign.reviewId);
  await startCampaign(
    store,
    tx,
    {
      name: campaign.name,
      scope: campaign.scope,
      reviewers: {
        mode: campaign.reviewerMode,
        ...(campaign.reviewerUserNames && { userNames: campaign.reviewerUserNames }),
      },
      dueAt: nextDueAt(new Date(campaign.dueAt), meta.now).toISOString(),
      defaultDecision: campaign.defaultDecision,
      recurrence: 'Quarterly',
    },
    { ...meta, actorArn: serviceActorArn(meta.accountId) },
    reviewId,
    { reviewId: campaign.reviewId, grants: new Map(campaign.items.map((i) => [i.itemKey, i.grantRef])) },
  );
  return reviewId;
}

/**
 * Three months after the last due date, on the same day of the month or the month's last day (31 January →
 * 30 April, not 1 May); a quarter already past (the service was down) is skipped.
 */
export function nextDueAt(dueAt: Date, now: Date): Date {
  for (let quarters = 1; ; quarters++) {
    const next = addMonths(dueAt, quarters * QUARTER_MONTHS);
    if (next > now) return next;
  }
}

function addMonths(date: Date, months: number): Date {
  const next = new Date(date);
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return next;
}

export function successorId(reviewId: string): string {
  const hex = createHash('sha256').update(`${reviewId}:next`).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `a${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
