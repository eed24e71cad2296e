import { exportHeader, exportLines } from './export-format.js';
import type { AuditEvent } from './read-audit-events.js';

const event: AuditEvent = {
  eventId: 'e-1',
  type: 'UserUpdated',
  schemaVersion: 1,
  streamId: 'user-1',
  streamVersion: 2,
  position: 9,
  occurredAt: '2026-11-29T16:00:00.000Z',
  actor: { arn: 'acs:ram::1000000000000001:root', requestId: 'r-1' },
  correlationId: 'c-1',
  data: { comments: 'says "hi",\nthen leaves' },
};

describe('audit export formats', () => {
  it('writes one JSON document per line', () => {
    const lines = exportLines('jsonl', [event, event]).split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0])).toEqual(event);
    expect(exportHeader('jsonl')).toBe('');
  });

  it('writes RFC 4180 CSV: CRLF records, fields with quotes, commas or line breaks quoted', () => {
    expect(exportHeader('csv')).toMatch(/^position,occurredAt,actorArn,.*,data\r\n$/);
    const record = exportLines('csv', [event]);
    expect(record.endsWith('\r\n')).toBe(true);
    expect(record).toContain(',,'); // no sourceIp, no causationId: empty fields
    const data = JSON.stringify(event.data).replaceAll('"', '""');
    expect(record).toContain(`"${data}"\r\n`);
  });
});
