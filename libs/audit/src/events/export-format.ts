import type { AuditEvent } from './read-audit-events.js';

export type ExportFormat = 'jsonl' | 'csv';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export const CSV_COLUMNS = [
  'position',
  'occurredAt',
  'actorArn',
  'requestId',
  'sourceIp',
  'type',
  'streamId',
  'streamVersion',
  'eventId',
  'schemaVersion',
  'correlationId',
  'causationId',
  'data',
] as const;

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(event: AuditEvent): string {
  const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    position: event.position,
    occurredAt: event.occurredAt,
    actorArn: event.actor.arn,
    requestId: event.actor.requestId,
    sourceIp: event.actor.sourceIp,
    type: event.type,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventId: event.eventId,
    schemaVersion: event.schemaVersion,
    correlationId: event.correlationId,
    causationId: event.causationId,
    data: JSON.stringify(event.data),
  };
  return CSV_COLUMNS.map((column) => csvField(values[column])).join(',');
}

/** The export's header (CSV only). */
export function exportHeader(format: ExportFormat): string {
  return format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '';
}

/** One chunk of the export: a line per event (JSON Lines), or a CSV record per event (CRLF, RFC 4180). */
export function exportLines(format: ExportFormat, events: readonly AuditEvent[]): string {
  if (format === 'jsonl') return events.map((event) => `${JSON.stringify(event)}\n`).join('');
  return events.map((event) => `${csvRow(event)}\r\n`).join('');
}
