import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { entityNotExist, toPage } from '#common';
import { Database } from '#event-store';
import { ListGroupsForUser, type UserGroupView } from './list-groups-for-user.query.js';

interface UserGroupRow {
  group_id: string;
  group_name: string;
  group_name_key: string;
  comments: string | null;
  join_date: Date;
}

@QueryHandler(ListGroupsForUser)
export class ListGroupsForUserHandler implements IQueryHandler<ListGroupsForUser> {
  constructor(private readonly db: Database) {}

  async execute({
    userName,
    page,
  }: ListGroupsForUser): Promise<{ groups: UserGroupView[]; nextCursor?: string }> {
    const user = await this.db.query<{ user_id: string }>(
      `SELECT user_id FROM users_view WHERE user_name_key = lower($1)`,
      [userName],
    );
    if (!user.rows[0]) throw entityNotExist('User', userName.slice(0, 64));
    const { rows } = await this.db.query<UserGroupRow>(
      `SELECT m.group_id, m.group_name, m.group_name_key, g.comments, m.join_date
       FROM group_members_view m LEFT JOIN groups_view g ON g.group_id = m.group_id
       WHERE m.user_id = $1 AND ($2::text IS NULL OR m.group_name_key > $2)
       ORDER BY m.group_name_key LIMIT $3`,
      [user.rows[0].user_id, page.after ?? null, page.limit + 1],
    );
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.group_name_key);
    return {
      groups: items.map((row) => ({
        groupId: row.group_id,
        groupName: row.group_name,
        ...(row.comments !== null && { comments: row.comments }),
        joinDate: row.join_date.toISOString(),
      })),
      ...(nextCursor && { nextCursor }),
    };
  }
}
