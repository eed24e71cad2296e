import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { entityNotExist } from '#common';
import { Database } from '#event-store';
import { type UserRow, type UserView, userViewFromRow } from '../user.view.js';
import { GetUser } from './get-user.query.js';

@QueryHandler(GetUser)
export class GetUserHandler implements IQueryHandler<GetUser, UserView> {
  constructor(private readonly db: Database) {}

  async execute({ userName }: GetUser): Promise<UserView> {
    const { rows } = await this.db.query<UserRow>(
      `SELECT * FROM users_view WHERE user_name_key = lower($1)`,
      [userName],
    );
    if (!rows[0]) throw entityNotExist('User', userName.slice(0, 64));
    return userViewFromRow(rows[0]);
  }
}
