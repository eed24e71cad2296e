import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toPage } from '#common';
import { Database } from '#event-store';
import { type GroupRow, type GroupView, groupViewFromRow } from '../group.view.js';
import { ListGroups } from './list-groups.query.js';

@QueryHandler(ListGroups)
export class ListGroupsHandler implements IQueryHandler<ListGroups> {
  constructor(private readonly db: Database) {}

  async execute({ page }: ListGroups): Promise<{ groups: GroupView[]; nextCursor?: string }> {
    const { rows } = await this.db.query<GroupRow & { group_name_key: string }>(
      `SELECT * FROM groups_view WHERE $1::text IS NULL OR group_name_key > $1 ORDER BY group_name_key LIMIT $2`,
      [page.after ?? null, page.limit + 1],
    );
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.group_name_key);
    return { groups: items.map(groupViewFromRow), ...(nextCursor && { nextCursor }) };
  }
}
