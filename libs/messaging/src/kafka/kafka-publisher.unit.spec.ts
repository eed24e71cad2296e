import type { OutboundMessage } from '../ports.js';
import { isPermanentPublishError, kafkaErrorTypes } from './kafka-errors.js';
import { splitByBytes } from './kafka-publisher.js';

const message = (key: string, size: number): OutboundMessage => ({
  key,
  value: 'x'.repeat(size),
  headers: { h: 'v' },
});

describe('splitByBytes', () => {
  it('keeps order and puts consecutive messages together up to the limit', () => {
    const messages = Array.from({ length: 10 }, (_, i) => message(`k${i}`, 100));
    const chunks = splitByBytes(messages, 450);
    expect(chunks.flat()).toEqual(messages);
    expect(chunks.map((chunk) => chunk.length)).toEqual([2, 2, 2, 2, 2]);
  });

  it('sends a message larger than the limit alone', () => {
    const chunks = splitByBytes([message('a', 10), message('b', 5000), message('c', 10)], 1000);
    expect(chunks.map((chunk) => chunk.map((m) => m.key))).toEqual([['a'], ['b'], ['c']]);
  });

  it('returns one chunk for a small publish and none for an empty one', () => {
    expect(splitByBytes([message('a', 1), message('b', 1)], 1024)).toHaveLength(1);
    expect(splitByBytes([], 1024)).toEqual([]);
  });
});

describe('publish error classification', () => {
  it('finds protocol error types through causes and aggregated errors', () => {
    const inner = Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });
    const wrapped = Object.assign(new Error('retries exceeded'), { cause: { errors: [inner] } });
    expect([...kafkaErrorTypes(wrapped)]).toEqual(['MESSAGE_TOO_LARGE']);
    expect(isPermanentPublishError(wrapped)).toBe(true);
  });

  it('treats connection and leadership errors as worth retrying', () => {
    expect(isPermanentPublishError(new Error('Connection error: connect ECONNREFUSED'))).toBe(false);
    expect(isPermanentPublishError(Object.assign(new Error('x'), { type: 'NOT_LEADER_FOR_PARTITION' }))).toBe(
      false,
    );
  });
});
