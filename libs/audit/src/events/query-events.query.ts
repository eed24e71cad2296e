import { Query } from '@nestjs/cqrs';
import type { AuditEventPage } from './event-filter.js';
import type { AuditEvent } from './read-audit-events.js';

export interface AuditEventsResult {
  events: AuditEvent[];
  nextCursor?: string;
}

/** GET /v1/audit/events: one page of the history in commit order. */
export class QueryEvents extends Query<AuditEventsResult> {
  constructor(readonly page: AuditEventPage) {
    super();
  }
}
