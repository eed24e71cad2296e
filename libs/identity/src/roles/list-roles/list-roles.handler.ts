import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '#event-store';
import { listByNameKey } from '../../read/list-page.js';
import { type RoleRow, type RoleView, roleViewFromRow } from '../role.view.js';
import { ListRoles } from './list-roles.query.js';

@QueryHandler(ListRoles)
export class ListRolesHandler implements IQueryHandler<ListRoles> {
  constructor(private readonly db: Database) {}

  async execute({ page }: ListRoles): Promise<{ roles: RoleView[]; nextCursor?: string }> {
    const { items, nextCursor } = await listByNameKey<RoleRow & Record<string, unknown>>(
      this.db,
      'roles_view',
      'role_name_key',
      page,
    );
    return { roles: items.map(roleViewFromRow), ...(nextCursor && { nextCursor }) };
  }
}
