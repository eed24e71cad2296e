import type { MessagingLogger } from '../logger.js';
import { kafkaLogCreator, safeKafkaLogFields } from './kafka-log.js';
import { KafkaLogLevel, type LogEntry } from './kafkajs.js';

type Line = { level: string; fields: Record<string, unknown>; message: string };

function recorder(): { logger: MessagingLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push({ level, fields, message });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

function entry(level: number, log: Record<string, unknown>, namespace = 'Producer'): LogEntry {
  return { namespace, level, label: 'X', log: { timestamp: 'now', message: 'm', ...log } } as LogEntry;
}

describe('kafkajs log creator', () => {
  it('never passes message values, payloads or unknown fields on', () => {
    const fields = safeKafkaLogFields(
      entry(KafkaLogLevel.ERROR, {
        message: 'Failed to send',
        topic: 'access-ledger.events',
        partition: 2,
        messages: [{ key: 'user-1', value: '{"password":"secret"}' }],
        value: 'secret',
        payload: { value: 'secret' },
        error: new Error('boom'),
      }),
    );
    expect(JSON.stringify(fields)).not.toContain('secret');
    expect(fields).toEqual({
      component: 'kafkajs',
      namespace: 'Producer',
      topic: 'access-ledger.events',
      partition: 2,
      error: 'Error: boom',
    });
  });

  it('keeps stacks for errors only', () => {
    expect(safeKafkaLogFields(entry(KafkaLogLevel.ERROR, { stack: 'at x' })).stack).toBe('at x');
    expect(safeKafkaLogFields(entry(KafkaLogLevel.WARN, { stack: 'at x' })).stack).toBeUndefined();
  });

  it('maps levels, and demotes the warning about bounded idempotent retries that we choose on purpose', () => {
    const { logger, lines } = recorder();
    const log = kafkaLogCreator(logger)(KafkaLogLevel.WARN);
    log(entry(KafkaLogLevel.ERROR, { message: 'e' }));
    log(entry(KafkaLogLevel.WARN, { message: 'w' }));
    log(entry(KafkaLogLevel.INFO, { message: 'i' }));
    log(entry(KafkaLogLevel.DEBUG, { message: 'd' }));
    log(
      entry(KafkaLogLevel.WARN, {
        message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      }),
    );
    expect(lines.map((line) => `${line.level}:${line.message.slice(0, 8)}`)).toEqual([
      'error:e',
      'warn:w',
      'info:i',
      'debug:d',
      'debug:Limiting',
    ]);
  });

  it('writes a repeated entry once per window and reports how often it was repeated', () => {
    const { logger, lines } = recorder();
    let time = 0;
    const log = kafkaLogCreator(logger, 10_000, () => time)(KafkaLogLevel.WARN);
    const refused = () =>
      log(entry(KafkaLogLevel.ERROR, { message: 'Connection error: connect ECONNREFUSED' }, 'Connection'));
    for (let i = 0; i < 50; i++) {
      refused();
      time += 100;
    }
    expect(lines).toHaveLength(1);
    time = 10_100;
    refused();
    expect(lines).toHaveLength(2);
    expect(lines[1]!.fields.repeated).toBe(49);
  });
});
