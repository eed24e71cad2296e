import { createHash } from 'node:crypto';
import { arn } from '#common';
import type { ItemEvidence, ReviewerRef, ReviewItem, ReviewScope } from '../domain/access-review.events.js';
import type { AccessSnapshot } from './access-snapshot.js';
import { type Draft, itemDrafts } from './item-drafts.js';

export interface ItemContext {
  accountId: string;
  now: Date;
  scope: ReviewScope;
  /** Named reviewers (mode users); undefined: each target's owners. */
  namedReviewers?: ReviewerRef[];
  /** AccessKey id → last use, from `access_key_index` (authentication keeps it, not the log). */
  keyLastUsed: ReadonlyMap<string, string>;
  /** itemKey → grantRef of the last certified campaign with the same scope. */
  previous?: ReadonlyMap<string, string>;
}

/** The review's items: the snapshot's access within the scope, with reviewers and evidence. Pure. */
export function reviewItems(snapshot: AccessSnapshot, ctx: ItemContext): ReviewItem[] {
  return itemDrafts(snapshot, ctx)
    .sort((a, b) => a.itemKey.localeCompare(b.itemKey))
    .map((draft) => finish(draft, snapshot, ctx));
}

/** A stable id per access: the same access keeps its item id from one campaign to the next. */
export const itemIdOf = (itemKey: string) => createHash('sha256').update(itemKey).digest('hex').slice(0, 16);

/** What the snapshot certifies, in a form anyone can recompute from the log up to the checkpoint. */
export function itemsDigest(items: readonly Pick<ReviewItem, 'itemKey' | 'grantRef'>[]): string {
  const text = items.map((i) => `${i.itemKey}=${i.grantRef}`).join('\n');
  return createHash('sha256').update(text).digest('hex');
}

function finish(draft: Draft, snapshot: AccessSnapshot, ctx: ItemContext): ReviewItem {
  const { grant, lastUsedDate, ageDays, ownerTargets, ...item } = draft;
  const candidates = ctx.namedReviewers ?? ownersOf(snapshot, ctx.accountId, ownerTargets);
  const reviewers = candidates.filter((r) => !item.subjectUserIds.includes(r.userId));
  const approvers = grant.accessRequestId ? snapshot.requestApprovers.get(grant.accessRequestId) : undefined;
  const previous = ctx.previous?.get(item.itemKey);
  const evidence: ItemEvidence = {
    obtainedVia: grant.accessRequestId ? 'AccessRequest' : 'DirectGrant',
    ...(grant.accessRequestId && { accessRequestId: grant.accessRequestId }),
    ...(approvers && { approvers }),
    grantedBy: grant.actorArn,
    grantedAt: grant.occurredAt,
    grantPosition: grant.position,
    ...(lastUsedDate && { lastUsedDate }),
    ...(ageDays !== undefined && { ageDays }),
    ...(ctx.previous && {
      changeSinceLastCertified:
        previous === undefined ? 'New' : previous === item.grantRef ? 'Unchanged' : 'Changed',
    }),
  };
  return {
    itemId: itemIdOf(item.itemKey),
    ...item,
    reviewers,
    ...(reviewers.length === 0 && { flag: 'NoEligibleReviewer' as const }),
    evidence,
  };
}

function ownersOf(snapshot: AccessSnapshot, accountId: string, targets: string[]): ReviewerRef[] {
  const found = new Map<string, ReviewerRef>();
  for (const target of targets) {
    for (const [userId, userName] of snapshot.owners.get(target) ?? []) {
      if (snapshot.users.has(userId))
        found.set(userId, { userId, userName, arn: arn.user(accountId, userName) });
    }
  }
  return [...found.values()].sort((a, b) => a.userName.localeCompare(b.userName));
}
