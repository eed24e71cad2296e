import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';
import type { RoleView } from '../role.view.js';

export class ListRoles extends Query<{ roles: RoleView[]; nextCursor?: string }> {
  constructor(readonly page: PageRequest) {
    super();
  }
}
