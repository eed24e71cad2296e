import { type PageRequest, toPage } from '#common';
import { outcomeOf } from '../domain/access-review.decider.js';
import type { ReviewItem } from '../domain/access-review.events.js';
import type { ExistingReview } from '../domain/access-review.state.js';

/** GET /v1/access-reviews/{id}: the campaign, its snapshot, and progress overall and per reviewer. */
export function reviewSummary(state: ExistingReview) {
  const { items: _items, ...campaign } = state.campaign;
  const items = [...state.items.values()];
  const decided = (item: ReviewItem) => state.decisions.has(item.itemId);
  const reviewers = new Map<
    string,
    { userName: string; arn: string; assigned: number; decided: number; decidedByReviewer: number }
  >();
  for (const item of items) {
    for (const r of item.reviewers) {
      const entry = reviewers.get(r.userId) ?? {
        userName: r.userName,
        arn: r.arn,
        assigned: 0,
        decided: 0,
        decidedByReviewer: 0,
      };
      entry.assigned++;
      if (decided(item)) entry.decided++;
      if (state.decisions.get(item.itemId)?.reviewer.userId === r.userId) entry.decidedByReviewer++;
      reviewers.set(r.userId, entry);
    }
  }
  const decisions = [...state.decisions.values()];
  return {
    ...campaign,
    status: state.status,
    progress: {
      items: items.length,
      decided: decisions.length,
      keep: decisions.filter((d) => d.decision === 'Keep').length,
      revoke: decisions.filter((d) => d.decision === 'Revoke').length,
      flagged: items.filter((i) => i.flag).length,
      percentComplete: items.length === 0 ? 100 : Math.round((100 * decisions.length) / items.length),
    },
    reviewers: [...reviewers.values()].map((r) => ({
      ...r,
      percentComplete: r.assigned === 0 ? 100 : Math.round((100 * r.decided) / r.assigned),
    })),
    ...(state.completion && {
      completion: {
        completedBy: state.completion.completedBy,
        trigger: state.completion.trigger,
        startedAt: state.completion.startedAt,
      },
    }),
    ...(state.completed && {
      completedAt: state.completed.completedAt,
      outcomes: state.completed.outcomes,
      ...(state.completed.nextReviewId && { nextReviewId: state.completed.nextReviewId }),
    }),
  };
}

/** One item with its current decision and, once completion ran, what was done. */
export function itemView(item: ReviewItem, state: ExistingReview) {
  const decided = state.decisions.get(item.itemId);
  const applied = state.applied.get(item.itemId);
  const resolution = state.resolutions.get(item.itemId);
  return {
    ...item,
    decision: decided
      ? {
          decision: decided.decision,
          ...(decided.comment !== undefined && { comment: decided.comment }),
          reviewer: decided.reviewer,
          decidedAt: decided.decidedAt,
        }
      : null,
    ...(applied && {
      applied: { decision: applied.decision, source: applied.source },
      outcome: outcomeOf(applied, state),
    }),
    ...(resolution?.revocation && {
      revocation: { ...resolution.revocation, actorArn: resolution.actorArn, at: resolution.resolvedAt },
    }),
  };
}

export interface ItemFilter {
  reviewer?: string;
  decision?: 'Keep' | 'Revoke' | 'Undecided';
}

/**
 * `?reviewer=` (user name) and `?decision=Keep|Revoke|Undecided`, one page of them in item id order (the
 * cursor, API.md "Pagination"). The filter runs before the page, so a page is full whatever it skips.
 */
export function itemsPage(state: ExistingReview, filter: ItemFilter, page: PageRequest) {
  const items = [...state.items.values()]
    .filter((item) => page.after === undefined || item.itemId > page.after)
    .filter(
      (item) =>
        filter.reviewer === undefined ||
        item.reviewers.some((r) => r.userName.toLowerCase() === filter.reviewer!.toLowerCase()),
    )
    .filter((item) => {
      if (filter.decision === undefined) return true;
      const decided = state.decisions.get(item.itemId)?.decision;
      return filter.decision === 'Undecided' ? decided === undefined : decided === filter.decision;
    })
    .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
    .slice(0, page.limit + 1);
  const { items: onPage, nextCursor } = toPage(items, page.limit, (item) => item.itemId);
  return { items: onPage.map((item) => itemView(item, state)), ...(nextCursor && { nextCursor }) };
}
