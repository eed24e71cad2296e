import { arn } from '#common';

/** A group as the API shows it. */
export interface GroupView {
  groupId: string;
  groupName: string;
  arn: string;
  comments?: string;
  createDate: string;
  updateDate: string;
}

export interface GroupRow {
  group_id: string;
  account_id: string;
  group_name: string;
  comments: string | null;
  create_date: Date;
  update_date: Date;
}

export function groupViewFromRow(row: GroupRow): GroupView {
  return groupView({
    groupId: row.group_id,
    accountId: row.account_id,
    groupName: row.group_name,
    comments: row.comments ?? undefined,
    createDate: row.create_date.toISOString(),
    updateDate: row.update_date.toISOString(),
  });
}

/** One shape for every place that shows a group: optional fields are left out, never null. */
export function groupView(group: Omit<GroupView, 'arn'> & { accountId: string }): GroupView {
  const { accountId, comments, ...rest } = group;
  return {
    ...rest,
    arn: arn.group(accountId, group.groupName),
    ...(comments !== undefined && { comments }),
  };
}
