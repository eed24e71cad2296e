import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';

export interface UserGroupView {
  groupId: string;
  groupName: string;
  comments?: string;
  joinDate: string;
}

export class ListGroupsForUser extends Query<{ groups: UserGroupView[]; nextCursor?: string }> {
  constructor(
    readonly userName: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
