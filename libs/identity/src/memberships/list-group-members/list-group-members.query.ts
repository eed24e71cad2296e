import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';

export interface GroupMemberView {
  userId: string;
  userName: string;
  joinDate: string;
}

/** ListUsersForGroup. */
export class ListGroupMembers extends Query<{ users: GroupMemberView[]; nextCursor?: string }> {
  constructor(
    readonly groupName: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
