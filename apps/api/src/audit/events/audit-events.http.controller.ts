import { once } from 'node:events';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
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
  list(@Query() query: Record<string, unknown>) {
    return this.queries.execute(new QueryEvents(parseEventPage(query)));
  }

  /** JSON Lines or CSV, written batch by batch as it is read, so an export of any size stays small in memory. */
  @Get('export')
  @RamAction('audit:ExportEvents', EVENTS)
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
