import { DomainError, invalidParameter, missingParameter } from '#common';
import { type DefaultDecision, ITEM_TYPES, type ItemType, type ReviewScope } from './access-review.events.js';

/** What a client asks for (API.md "Access reviews"); checked here, the nested parts parseBody cannot see. */
export interface AccessReviewInput {
  name: string;
  scope: ReviewScope;
  reviewers: { mode: 'owners' | 'users'; userNames?: string[] };
  dueAt: string;
  defaultDecision: DefaultDecision;
  recurrence?: 'Quarterly';
}

const MAX_NAMES = 100;
const MAX_DUE_DAYS = 366;

export function checkReviewInput(raw: Record<string, unknown>, now: Date): AccessReviewInput {
  const scope = checkScope(raw.scope as Record<string, unknown>);
  const reviewers = raw.reviewers as Record<string, unknown>;
  for (const key of Object.keys(reviewers))
    if (key !== 'mode' && key !== 'userNames')
      throw invalidParameter('Reviewers', `Unknown field "reviewers.${key.slice(0, 32)}"`);
  if (reviewers.mode !== 'owners' && reviewers.mode !== 'users')
    throw invalidParameter('Reviewers.Mode', 'reviewers.mode must be owners or users');
  const userNames = names(reviewers.userNames, 'Reviewers.UserNames');
  if (reviewers.mode === 'users' && (!userNames || userNames.length === 0))
    throw missingParameter('Reviewers.UserNames');
  if (reviewers.mode === 'owners' && userNames)
    throw invalidParameter('Reviewers.UserNames', 'reviewers.userNames is only for mode users');
  const due = new Date(String(raw.dueAt));
  if (!/^\d{4}-\d\d-\d\dT/.test(String(raw.dueAt)) || Number.isNaN(due.getTime()))
    throw invalidParameter('DueAt', 'dueAt must be an ISO-8601 date-time');
  if (due <= now || due.getTime() - now.getTime() > MAX_DUE_DAYS * 86_400_000)
    throw invalidParameter('DueAt', `dueAt must be in the future, within ${MAX_DUE_DAYS} days`);
  return {
    name: raw.name as string,
    scope,
    reviewers: { mode: reviewers.mode, ...(userNames && { userNames }) },
    dueAt: due.toISOString(),
    defaultDecision: raw.defaultDecision as DefaultDecision,
    ...(raw.recurrence !== undefined && { recurrence: 'Quarterly' as const }),
  };
}

function checkScope(scope: Record<string, unknown>): ReviewScope {
  const allowed = ['types', 'groupNames', 'policyNames', 'roleNames'];
  for (const key of Object.keys(scope))
    if (!allowed.includes(key)) throw invalidParameter('Scope', `Unknown field "scope.${key.slice(0, 32)}"`);
  const types = scope.types;
  if (!Array.isArray(types) || types.length === 0) throw missingParameter('Scope.Types');
  for (const type of types)
    if (!ITEM_TYPES.includes(type as ItemType))
      throw invalidParameter('Scope.Types', `scope.types holds ${ITEM_TYPES.join(', ')}`);
  const groupNames = names(scope.groupNames, 'Scope.GroupNames');
  const policyNames = names(scope.policyNames, 'Scope.PolicyNames');
  const roleNames = names(scope.roleNames, 'Scope.RoleNames');
  return {
    types: [...new Set(types as ItemType[])].sort(),
    ...(groupNames && { groupNames }),
    ...(policyNames && { policyNames }),
    ...(roleNames && { roleNames }),
  };
}

function names(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_NAMES)
    throw invalidParameter(field, `${field} must be an array of at most ${MAX_NAMES} names`);
  for (const name of value)
    if (typeof name !== 'string' || !/^[A-Za-z0-9._@-]{1,128}$/.test(name))
      throw invalidParameter(field, `${field} holds names of 1 to 128 characters [A-Za-z0-9._@-]`);
  return [...new Set(value as string[])];
}

/** Campaigns of the same scope are compared for "changed since the last certified campaign". */
export function scopeKey(scope: ReviewScope): string {
  const sorted = (list?: string[]) => list?.map((n) => n.toLowerCase()).sort();
  return JSON.stringify({
    types: [...scope.types].sort(),
    groupNames: sorted(scope.groupNames),
    policyNames: sorted(scope.policyNames),
    roleNames: sorted(scope.roleNames),
  });
}

export const unknownReviewer = (userName: string) =>
  new DomainError('EntityNotExist.User', `The reviewer ${userName.slice(0, 64)} does not exist`, 404);
