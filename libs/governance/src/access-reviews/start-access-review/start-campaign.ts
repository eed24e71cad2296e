import { randomUUID } from 'node:crypto';
import { arn, type CommandMetadata } from '#common';
import { type EventStore, type EventStoreTransaction, stampEvents } from '#event-store';
import { decideAccessReview } from '../domain/access-review.decider.js';
import {
  type AccessReviewEvent,
  type AccessReviewStarted,
  accessReviewStreamId,
  type ReviewerRef,
} from '../domain/access-review.events.js';
import { evolveAccessReview, initialAccessReviewState } from '../domain/access-review.state.js';
import { type AccessReviewInput, scopeKey, unknownReviewer } from '../domain/review-input.js';
import type { AccessSnapshot } from '../snapshot/access-snapshot.js';
import { readFrozenSnapshot, readKeyLastUsed } from '../snapshot/read-snapshot.js';
import { itemsDigest, reviewItems } from '../snapshot/review-items.js';

export interface StartedCampaign {
  campaign: AccessReviewStarted['data'];
  position: number;
}

/**
 * Freezes the scope's access at a commit-order checkpoint and records the items in the new review's stream,
 * in the caller's transaction (a completion starts the next quarter's campaign in its own).
 */
export async function startCampaign(
  store: EventStore,
  tx: EventStoreTransaction,
  input: AccessReviewInput,
  meta: CommandMetadata,
  reviewId: string = randomUUID(),
  /** The campaign certified just before, when the caller is completing it (its row is not Completed yet). */
  certified?: Certified,
): Promise<StartedCampaign> {
  // First, before this transaction writes: the snapshot waits for every transaction in flight, its own too.
  const { snapshot, checkpoint } = await readFrozenSnapshot(store, tx.client);
  const key = scopeKey(input.scope);
  const previous = certified ?? (await lastCertified(tx, key));
  const items = reviewItems(snapshot, {
    accountId: meta.accountId,
    now: meta.now,
    scope: input.scope,
    ...(input.reviewers.mode === 'users' && {
      namedReviewers: namedReviewers(snapshot, meta.accountId, input.reviewers.userNames ?? []),
    }),
    keyLastUsed: await readKeyLastUsed(tx.client),
    ...(previous && { previous: previous.grants }),
  });
  const campaign: AccessReviewStarted['data'] = {
    reviewId,
    name: input.name,
    scope: input.scope,
    reviewerMode: input.reviewers.mode,
    ...(input.reviewers.userNames && { reviewerUserNames: input.reviewers.userNames }),
    dueAt: input.dueAt,
    defaultDecision: input.defaultDecision,
    ...(input.recurrence && { recurrence: input.recurrence }),
    createdBy: meta.actorArn,
    startedAt: meta.now.toISOString(),
    snapshot: { ...checkpoint, itemsDigest: itemsDigest(items) },
    ...(previous && { previousCertifiedReviewId: previous.reviewId }),
    items,
  };
  const events = decideAccessReview({ type: 'StartAccessReview', campaign }, initialAccessReviewState);
  const stored = await tx.append(accessReviewStreamId(reviewId), 'none', stampEvents(events, meta));
  await tx.client.query(
    `INSERT INTO access_reviews (review_id, name, status, scope_key, due_at, created_by, created_at,
       recurrence, item_count, snapshot_position)
     VALUES ($1, $2, 'Open', $3, $4, $5, $6, $7, $8, $9)`,
    [
      reviewId,
      input.name,
      key,
      input.dueAt,
      meta.actorArn,
      meta.now,
      input.recurrence ?? null,
      items.length,
      checkpoint.position,
    ],
  );
  return { campaign, position: stored[stored.length - 1].position };
}

export interface Certified {
  reviewId: string;
  /** itemKey → grantRef of what it certified. */
  grants: ReadonlyMap<string, string>;
}

function namedReviewers(snapshot: AccessSnapshot, accountId: string, userNames: string[]): ReviewerRef[] {
  return userNames.map((name) => {
    const found = [...snapshot.users].find(([, userName]) => userName.toLowerCase() === name.toLowerCase());
    if (!found) throw unknownReviewer(name);
    return { userId: found[0], userName: found[1], arn: arn.user(accountId, found[1]) };
  });
}

/** The items of the last completed campaign of this scope: "changed since it was certified" compares to them. */
async function lastCertified(tx: EventStoreTransaction, key: string): Promise<Certified | undefined> {
  const { rows } = await tx.client.query<{ review_id: string }>(
    `SELECT review_id FROM access_reviews WHERE scope_key = $1 AND status = 'Completed'
     ORDER BY completed_at DESC LIMIT 1`,
    [key],
  );
  if (!rows[0]) return undefined;
  const reviewId = rows[0].review_id;
  const state = (await tx.readStream(accessReviewStreamId(reviewId))).reduce(
    (s, e) => evolveAccessReview(s, e as AccessReviewEvent),
    initialAccessReviewState,
  );
  if (state.status === 'absent') return undefined;
  return { reviewId, grants: new Map(state.campaign.items.map((i) => [i.itemKey, i.grantRef])) };
}
