import { once } from 'node:events';
import { applyDecorators, Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { invalidParameter } from '#common';
import { Database } from '#event-store';
import {
  EXPORT_CONTENT_TYPES,
  type ExportFormat,
  exportHeader,
  exportLines,
  parseEventFilter,
  parseEventPage,
  QueryEvents,
  streamAuditEvents,
} from '#audit';
import { RamAction } from '../../http/route-permission.js';

const EVENTS = 'acs:ram::{account}:audit/events';

/** The filters both routes take, in the OpenAPI document (docs/audit-integrity.md defines each). */
const FilterQueries = () =>
  applyDecorators(
    ApiQuery({ name: 'streamId', required: false }),
    ApiQuery({ name: 'principalArn', required: false, description: 'events about this principal' }),
    ApiQuery({ name: 'actorArn', required: false }),
    ApiQuery({ name: 'type', required: false, description: 'event types, comma-separated' }),
    ApiQuery({ name: 'from', required: false, description: 'ISO-8601 instant, inclusive' }),
    ApiQuery({ name: 'to', required: false, description: 'ISO-8601 instant, exclusive' }),
  );

function exportFormat(value: unknown): ExportFormat {
  if (value === undefined || value === '') return 'jsonl';
  if (value === 'jsonl' || value === 'csv') return value;
  throw invalidParameter('Format', 'format must be jsonl or csv');
}

/** The immutable event history (API.md "Audit history"), page by page or as a streamed export. */
@ApiTags('audit')
@Controller('v1/audit/events')
export class AuditEventsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly db: Database,
  ) {}

  @Get()
  @RamAction('audit:QueryEvents', EVENTS)
  @FilterQueries()
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiQuery({ name: 'after', required: false, description: 'nextCursor of the previous page' })
  list(@Query() query: Record<string, unknown>) {
    return this.queries.execute(new QueryEvents(parseEventPage(query)));
  }

  /** JSON Lines or CSV, written batch by batch as it is read, so an export of any size stays small in memory. */
  @Get('export')
  @RamAction('audit:ExportEvents', EVENTS)
  @FilterQueries()
  @ApiQuery({ name: 'format', required: false, enum: ['jsonl', 'csv'] })
  @ApiProduces(EXPORT_CONTENT_TYPES.jsonl, EXPORT_CONTENT_TYPES.csv)
  async export(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const { format: rawFormat, ...filterQuery } = query;
    const format = exportFormat(rawFormat);
    const filter = parseEventFilter(filterQuery);
    res.status(200);
    res.setHeader('content-type', EXPORT_CONTENT_TYPES[format]);
    res.setHeader('content-disposition', `attachment; filename="audit-events.${format}"`);
    res.setHeader('cache-control', 'no-store');
    try {
      const write = async (chunk: string) => {
        if (chunk && !res.write(chunk)) await once(res, 'drain');
      };
      await write(exportHeader(format));
      for await (const events of streamAuditEvents(this.db, filter)) await write(exportLines(format, events));
      res.end();
    } catch (error) {
      // The status line is gone already: cut the body short so the client sees an incomplete export.
      res.destroy(error instanceof Error ? error : undefined);
    }
  }
}
