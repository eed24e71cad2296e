import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toPage } from '#common';
import { Database } from '#event-store';
import { principalIdByName } from '#identity';
import { ListOwners, type OwnerPage } from './list-owners.query.js';

/** A target's owners, read from the owners table (written with the events, so never behind them). */
@QueryHandler(ListOwners)
export class ListOwnersHandler implements IQueryHandler<ListOwners, OwnerPage> {
  constructor(private readonly db: Database) {}

  async execute({ targetType, targetName, page }: ListOwners): Promise<OwnerPage> {
    const targetId = await principalIdByName(this.db, targetType, targetName);
    const { rows } = await this.db.query<{ user_id: string; user_name: string }>(
      `SELECT user_id, user_name FROM owners WHERE target_type = $1 AND target_id = $2
         AND ($3::text IS NULL OR lower(user_name) > $3) ORDER BY lower(user_name) LIMIT $4`,
      [targetType, targetId, page.after ?? null, page.limit + 1],
    );
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.user_name.toLowerCase());
    const owners = items.map((row) => ({
      targetType,
      targetName,
      userId: row.user_id,
      userName: row.user_name,
    }));
    return { owners, ...(nextCursor && { nextCursor }) };
  }
}
