import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, type PageRequest, encodeCursor, invalidParameter } from '#common';
import { Database } from '#event-store';
import type { PrincipalRef } from './audit-parameters.js';
import { withRequestApprovals } from './request-approvals.js';
import { type TimelineEntry, timelineOf } from './timeline.js';

export class GetTimeline {
  constructor(
    readonly principal: PrincipalRef,
    readonly page: PageRequest,
  ) {}
}

export interface TimelineView {
  principalArn: string;
  entries: TimelineEntry[];
  nextCursor?: string;
}

/** GET /v1/audit/principals/{principalArn}/timeline: every change to what the principal could do. */
@QueryHandler(GetTimeline)
export class GetTimelineHandler implements IQueryHandler<GetTimeline> {
  constructor(private readonly db: Database) {}

  async execute({ principal, page }: GetTimeline): Promise<TimelineView> {
    const entries = await timelineOf(this.db, principal.kind, principal.name, new Date());
    if (!entries) {
      throw new DomainError(
        `EntityNotExist.${principal.kind}`,
        `The ${principal.kind.toLowerCase()} ${principal.name} never existed`,
        404,
      );
    }
    // The cursor is the count of entries already returned: the history before now never changes.
    const start = page.after === undefined ? 0 : Number(page.after);
    if (!Number.isSafeInteger(start) || start < 0)
      throw invalidParameter('Cursor', 'cursor is not one this service issued');
    const items = entries.slice(start, start + page.limit);
    await withRequestApprovals(
      this.db,
      items.flatMap((e) => (e.cause ? [e.cause] : [])),
    );
    const next = start + page.limit;
    return {
      principalArn: principal.arn,
      entries: items,
      ...(next < entries.length && { nextCursor: encodeCursor(String(next)) }),
    };
  }
}
