import type { Response } from 'express';
import { type ExistingReview, reportRows, toCsv } from '#governance';

/**
 * The auditor's record: the campaign, its snapshot (checkpoint and items digest) and one row per item. CSV is
 * the same rows, RFC 4180, with the review id in the file name.
 */
export function sendReport(state: ExistingReview, format: 'json' | 'csv', res: Response) {
  const rows = reportRows(state);
  if (format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="access-review-${state.campaign.reviewId}.csv"`,
    );
    return toCsv(rows);
  }
  const { reviewId, name, snapshot, startedAt, dueAt, defaultDecision } = state.campaign;
  return {
    reviewId,
    name,
    status: state.status,
    startedAt,
    dueAt,
    defaultDecision,
    snapshot,
    ...(state.completed && { completedAt: state.completed.completedAt, outcomes: state.completed.outcomes }),
    items: rows,
  };
}
