import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toPage } from '#common';
import { Database } from '#event-store';
import { type UserRow, type UserView, userViewFromRow } from '../user.view.js';
import { ListUsers } from './list-users.query.js';

@QueryHandler(ListUsers)
export class ListUsersHandler implements IQueryHandler<ListUsers> {
  constructor(private readonly db: Database) {}

  async execute({ page }: ListUsers): Promise<{ users: UserView[]; nextCursor?: string }> {
    const { rows } = await this.db.query<UserRow & { user_name_key: string }>(
      `SELECT * FROM users_view WHERE $1::text IS NULL OR user_name_key > $1 ORDER BY user_name_key LIMIT $2`,
      [page.after ?? null, page.limit + 1],
    );
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.user_name_key);
    return { users: items.map(userViewFromRow), ...(nextCursor && { nextCursor }) };
  }
}
