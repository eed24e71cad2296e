import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toPage } from '#common';
import { EventStore } from '#event-store';
import { checkReviewId, loadReview, requireReview } from '../access-review.stream.js';
import { type AccessReviewListEntry, GetAccessReview, ListAccessReviews } from './access-review.queries.js';

@QueryHandler(GetAccessReview)
export class GetAccessReviewHandler implements IQueryHandler<GetAccessReview> {
  constructor(private readonly store: EventStore) {}

  async execute({ reviewId }: GetAccessReview) {
    const id = checkReviewId(reviewId);
    const { state } = await this.store.transaction((tx) => loadReview(tx, id));
    return requireReview(state);
  }
}

interface ListRow {
  review_id: string;
  name: string;
  status: string;
  due_at: Date;
  created_by: string;
  created_at: Date;
  completed_at: Date | null;
  recurrence: string | null;
  item_count: number;
  snapshot_position: string;
}

/** Newest first; the cursor is the last row's creation time and id. */
@QueryHandler(ListAccessReviews)
export class ListAccessReviewsHandler implements IQueryHandler<ListAccessReviews> {
  constructor(private readonly store: EventStore) {}

  async execute({ page, status }: ListAccessReviews) {
    const [afterTime, afterId] = page.after ? page.after.split('|') : [];
    const { rows } = await this.store.db.query<ListRow>(
      `SELECT * FROM access_reviews
       WHERE ($1::text IS NULL OR status = $1)
         AND ($2::timestamptz IS NULL OR (created_at, review_id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, review_id DESC LIMIT $4`,
      [status ?? null, afterTime ?? null, afterId ?? null, page.limit + 1],
    );
    const entries = rows.map((r): AccessReviewListEntry => ({
      reviewId: r.review_id,
      name: r.name,
      status: r.status,
      dueAt: r.due_at.toISOString(),
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      ...(r.completed_at && { completedAt: r.completed_at.toISOString() }),
      ...(r.recurrence && { recurrence: r.recurrence }),
      itemCount: r.item_count,
      snapshotPosition: Number(r.snapshot_position),
    }));
    return toPage(entries, page.limit, (e) => `${e.createdAt}|${e.reviewId}`);
  }
}
