import { Query } from '@nestjs/cqrs';
import type { AccessRequestView } from '../access-request.view.js';

export interface AccessRequestHistoryEntry {
  type: string;
  position: number;
  occurredAt: string;
  actorArn: string;
  data: unknown;
}

export interface AccessRequestDetail extends AccessRequestView {
  /** Every event of the request, in order: who submitted, approved, denied, and when it ended. */
  history: AccessRequestHistoryEntry[];
}

export class GetAccessRequest extends Query<AccessRequestDetail> {
  constructor(readonly requestId: string) {
    super();
  }
}
