import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toPage } from '#common';
import { Database } from '#event-store';
import { cursorKey } from './event-filter.js';
import { type AuditEventsResult, QueryEvents } from './query-events.query.js';
import { readAuditEvents } from './read-audit-events.js';

@QueryHandler(QueryEvents)
export class QueryEventsHandler implements IQueryHandler<QueryEvents, AuditEventsResult> {
  constructor(private readonly db: Database) {}

  async execute({ page }: QueryEvents): Promise<AuditEventsResult> {
    const rows = await readAuditEvents(this.db, page.filter, page.after, page.limit + 1);
    const { items, nextCursor } = toPage(rows, page.limit, (row) => cursorKey(row.key));
    return { events: items.map((row) => row.event), ...(nextCursor && { nextCursor }) };
  }
}
