import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';
import type { AccessRequestView } from '../access-request.view.js';
import type { AccessRequestStatus } from '../domain/access-request.state.js';

export interface AccessRequestPage {
  accessRequests: AccessRequestView[];
  nextCursor?: string;
}

export interface AccessRequestFilter {
  status?: AccessRequestStatus;
  requesterName?: string;
  /**
   * Requests waiting for this user's decision: Pending, not theirs, not yet approved by them, and either
   * they own the target or the target has no owners and `mayApproveByPolicy` allows them.
   */
  waitingFor?: { userId: string; mayApproveByPolicy: (targetArn: string) => Promise<boolean> };
}

export class ListAccessRequests extends Query<AccessRequestPage> {
  constructor(
    readonly filter: AccessRequestFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}
