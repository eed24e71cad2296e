import type { KafkaMessage } from './kafkajs.js';
import { decodeHeaders, toInboundMessage } from './message-mapping.js';

describe('message mapping', () => {
  it('decodes Buffer and string headers, the last of a repeated header winning', () => {
    expect(
      decodeHeaders({
        'event-id': Buffer.from('e-1'),
        'event-type': 'UserCreated',
        repeated: [Buffer.from('first'), 'second'],
        empty: [],
        missing: undefined,
      }),
    ).toEqual({ 'event-id': 'e-1', 'event-type': 'UserCreated', repeated: 'second' });
    expect(decodeHeaders(undefined)).toEqual({});
  });

  it('maps a kafkajs message, with null key and tombstone value', () => {
    const message = {
      key: null,
      value: null,
      offset: '9007199254740993',
      timestamp: '0',
      attributes: 0,
      headers: { a: Buffer.from('ü') },
    } as KafkaMessage;
    expect(toInboundMessage('t', 4, message)).toEqual({
      topic: 't',
      partition: 4,
      offset: '9007199254740993',
      key: null,
      value: '',
      headers: { a: 'ü' },
    });
    expect(
      toInboundMessage('t', 0, {
        ...message,
        key: Buffer.from('user-1'),
        value: Buffer.from('{"x":1}'),
      } as KafkaMessage),
    ).toMatchObject({
      key: 'user-1',
      value: '{"x":1}',
    });
  });
});
