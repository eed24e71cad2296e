import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '#event-store';
import { listByNameKey } from '../../read/list-page.js';
import { type UserRow, type UserView, userViewFromRow } from '../user.view.js';
import { ListUsers } from './list-users.query.js';

@QueryHandler(ListUsers)
export class ListUsersHandler implements IQueryHandler<ListUsers> {
  constructor(private readonly db: Database) {}

  async execute({ page }: ListUsers): Promise<{ users: UserView[]; nextCursor?: string }> {
    const { items, nextCursor } = await listByNameKey<UserRow & Record<string, unknown>>(
      this.db,
      'users_view',
      'user_name_key',
      page,
    );
    return { users: items.map(userViewFromRow), ...(nextCursor && { nextCursor }) };
  }
}
