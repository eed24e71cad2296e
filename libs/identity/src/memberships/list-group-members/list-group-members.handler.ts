import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { entityNotExist, toPage } from '#common';
import { Database } from '#event-store';
import { type GroupMemberView, ListGroupMembers } from './list-group-members.query.js';

interface MemberRow {
  user_id: string;
  user_name: string;
  user_name_key: string;
  join_date: Date;
}

@QueryHandler(ListGroupMembers)
export class ListGroupMembersHandler implements IQueryHandler<ListGroupMembers> {
  constructor(private readonly db: Database) {}

  async execute({
    groupName,
    page,
  }: ListGroupMembers): Promise<{ users: GroupMemberView[]; nextCursor?: string }> {
    const group = await this.db.query<{ group_id: string }>(
      `SELECT group_id FROM groups_view WHERE group_name_key = lower($1)`,
      [groupName],
    );
    if (!group.rows[0]) throw entityNotExist('Group', groupName.slice(0, 64));
    const { rows } = await this.db.query<MemberRow>(
      `SELECT user_id, user_name, user_name_key, join_date FROM group_members_view
       WHERE group_id = $1 AND ($2::text IS NULL OR user_name_key > $2) ORDER BY user_name_key LIMIT $3`,
      [group.rows[0].group_id, page.after ?? null, page.limit + 1],
    );
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.user_name_key);
    return {
      users: items.map((row) => ({
        userId: row.user_id,
        userName: row.user_name,
        joinDate: row.join_date.toISOString(),
      })),
      ...(nextCursor && { nextCursor }),
    };
  }
}
