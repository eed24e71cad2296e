import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { entityNotExist } from '#common';
import { Database } from '#event-store';
import { type RoleRow, type RoleView, roleViewFromRow } from '../role.view.js';
import { GetRole } from './get-role.query.js';

@QueryHandler(GetRole)
export class GetRoleHandler implements IQueryHandler<GetRole, RoleView> {
  constructor(private readonly db: Database) {}

  async execute({ roleName }: GetRole): Promise<RoleView> {
    const { rows } = await this.db.query<RoleRow>(
      `SELECT * FROM roles_view WHERE role_name_key = lower($1)`,
      [roleName],
    );
    if (!rows[0]) throw entityNotExist('Role', roleName.slice(0, 64));
    return roleViewFromRow(rows[0]);
  }
}
