import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { entityNotExist } from '#common';
import { Database } from '#event-store';
import { type GroupRow, type GroupView, groupViewFromRow } from '../group.view.js';
import { GetGroup } from './get-group.query.js';

@QueryHandler(GetGroup)
export class GetGroupHandler implements IQueryHandler<GetGroup, GroupView> {
  constructor(private readonly db: Database) {}

  async execute({ groupName }: GetGroup): Promise<GroupView> {
    const { rows } = await this.db.query<GroupRow>(
      `SELECT * FROM groups_view WHERE group_name_key = lower($1)`,
      [groupName],
    );
    if (!rows[0]) throw entityNotExist('Group', groupName.slice(0, 64));
    return groupViewFromRow(rows[0]);
  }
}
