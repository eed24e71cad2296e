/** Kafka protocol error types (as kafkajs names them) found on an error, its causes and aggregated errors. */
export function kafkaErrorTypes(error: unknown): Set<string> {
  const types = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (current: unknown, depth: number) => {
    if (current === null || typeof current !== 'object' || seen.has(current) || depth > 6) return;
    seen.add(current);
    const record = current as { type?: unknown; cause?: unknown; errors?: unknown; originalError?: unknown };
    if (typeof record.type === 'string') types.add(record.type);
    visit(record.cause, depth + 1);
    visit(record.originalError, depth + 1);
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return types;
}

/** Errors a retry cannot fix: the broker refuses these messages as they are. */
const PERMANENT_PUBLISH_ERRORS = [
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TOPIC_EXCEPTION',
];

export function isPermanentPublishError(error: unknown): boolean {
  const types = kafkaErrorTypes(error);
  return PERMANENT_PUBLISH_ERRORS.some((type) => types.has(type));
}

/** publish() after close(), or a publish still retrying when close() was called. */
export class PublisherClosedError extends Error {
  override readonly name = 'PublisherClosedError';
}

/** The broker refused the messages for good (e.g. too large); retrying would not help. */
export class PublishRejectedError extends Error {
  override readonly name = 'PublishRejectedError';
}

/** The publisher gave up after its configured maxAttempts (only when a finite maxAttempts was set). */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';
}
