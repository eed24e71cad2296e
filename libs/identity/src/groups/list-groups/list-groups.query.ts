import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';
import type { GroupView } from '../group.view.js';

export class ListGroups extends Query<{ groups: GroupView[]; nextCursor?: string }> {
  constructor(readonly page: PageRequest) {
    super();
  }
}
