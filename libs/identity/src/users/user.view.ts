import { arn } from '#common';
import type { UserKind } from './domain/user.events.js';

/** A user as the API shows it (API.md "Identities"). */
export interface UserView {
  userId: string;
  userName: string;
  arn: string;
  kind: UserKind;
  displayName: string;
  email?: string;
  comments?: string;
  createDate: string;
  updateDate: string;
}

export interface UserRow {
  user_id: string;
  account_id: string;
  user_name: string;
  kind: UserKind;
  display_name: string;
  email: string | null;
  comments: string | null;
  create_date: Date;
  update_date: Date;
}

export function userViewFromRow(row: UserRow): UserView {
  return userView({
    userId: row.user_id,
    accountId: row.account_id,
    userName: row.user_name,
    kind: row.kind,
    displayName: row.display_name,
    email: row.email ?? undefined,
    comments: row.comments ?? undefined,
    createDate: row.create_date.toISOString(),
    updateDate: row.update_date.toISOString(),
  });
}

/** One shape for every place that shows a user: optional fields are left out, never null. */
export function userView(user: Omit<UserView, 'arn'> & { accountId: string }): UserView {
  const { accountId, email, comments, ...rest } = user;
  return {
    ...rest,
    arn: arn.user(accountId, user.userName),
    ...(email !== undefined && { email }),
    ...(comments !== undefined && { comments }),
  };
}
