import type { InboundMessage } from '../ports.js';
import type { IHeaders, KafkaMessage } from './kafkajs.js';

function headerText(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** kafkajs headers (Buffer | string | repeated) as UTF-8 strings; for a repeated header the last value wins. */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  if (!headers) return decoded;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) decoded[name] = headerText(value[value.length - 1]!);
    } else {
      decoded[name] = headerText(value);
    }
  }
  return decoded;
}

/** A kafkajs message as the port's InboundMessage (a null value, a tombstone, becomes ''). */
export function toInboundMessage(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null || message.key === undefined ? null : message.key.toString('utf8'),
    value: message.value === null || message.value === undefined ? '' : message.value.toString('utf8'),
    headers: decodeHeaders(message.headers),
  };
}
