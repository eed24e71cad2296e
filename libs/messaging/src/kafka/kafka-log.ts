import type { MessagingLogger, MessagingLogLevel } from '../logger.js';
import { KafkaLogLevel, type KafkaLogLevelValue, type LogCreator, type LogEntry } from './kafkajs.js';

/**
 * kafkajs log fields that may be written out. Anything else (kafkajs puts request payloads, offsets maps and
 * occasionally messages in its log entries) is dropped, so a message value can never reach the logs.
 */
const SAFE_FIELDS = new Set([
  'broker',
  'clientId',
  'groupId',
  'memberId',
  'leaderId',
  'groupGenerationId',
  'generationId',
  'topic',
  'partition',
  'offset',
  'retryCount',
  'retryTime',
  'correlationId',
  'apiName',
  'apiKey',
  'apiVersion',
  'error',
  'stack',
  'duration',
  'nodeId',
]);

/** Entries kafkajs writes at WARN that are expected by design here (we bound its retries on purpose). */
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

function safeValue(value: unknown): unknown {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value.length > 2000 ? `${value.slice(0, 2000)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/** The subset of a kafkajs log entry that is safe to log. */
export function safeKafkaLogFields(entry: LogEntry): Record<string, unknown> {
  const fields: Record<string, unknown> = { component: 'kafkajs', namespace: entry.namespace };
  for (const [key, value] of Object.entries(entry.log)) {
    if (!SAFE_FIELDS.has(key)) continue;
    if (key === 'stack' && entry.level > KafkaLogLevel.ERROR) continue;
    const safe = safeValue(value);
    if (safe !== undefined) fields[key] = safe;
  }
  return fields;
}

/**
 * A kafkajs logCreator that forwards to a MessagingLogger, never including message values. While a broker is down
 * kafkajs repeats the same connection error many times a second; an entry equal to one written less than
 * `repeatWindowMs` ago is counted instead and the count is reported (`repeated`) with the next one written.
 */
export function kafkaLogCreator(
  logger: MessagingLogger,
  repeatWindowMs = 10_000,
  now: () => number = Date.now,
): LogCreator {
  const recent = new Map<string, { at: number; repeated: number }>();
  return () => (entry: LogEntry) => {
    const message = String(entry.log.message ?? '');
    const fields = safeKafkaLogFields(entry);
    const key = `${entry.level}|${entry.namespace}|${message}|${String(fields.error ?? '')}`;
    const time = now();
    const last = recent.get(key);
    if (last && time - last.at < repeatWindowMs) {
      last.repeated++;
      return;
    }
    if (last && last.repeated > 0) fields.repeated = last.repeated;
    recent.set(key, { at: time, repeated: 0 });
    if (recent.size > 500) {
      for (const [oldKey, value] of recent) if (time - value.at >= repeatWindowMs) recent.delete(oldKey);
    }
    switch (entry.level) {
      case KafkaLogLevel.ERROR:
      case KafkaLogLevel.NOTHING:
        logger.error(fields, message);
        break;
      case KafkaLogLevel.WARN:
        if (EXPECTED_WARNINGS.includes(message)) logger.debug(fields, message);
        else logger.warn(fields, message);
        break;
      case KafkaLogLevel.INFO:
        logger.info(fields, message);
        break;
      default:
        logger.debug(fields, message);
    }
  };
}

export function toKafkaLogLevel(level: MessagingLogLevel): KafkaLogLevelValue {
  switch (level) {
    case 'error':
      return KafkaLogLevel.ERROR;
    case 'warn':
      return KafkaLogLevel.WARN;
    case 'info':
      return KafkaLogLevel.INFO;
    default:
      return KafkaLogLevel.DEBUG;
  }
}
