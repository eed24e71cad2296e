import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';
import type { UserView } from '../user.view.js';

export class ListUsers extends Query<{ users: UserView[]; nextCursor?: string }> {
  constructor(readonly page: PageRequest) {
    super();
  }
}
