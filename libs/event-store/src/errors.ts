/** Another writer changed the stream since the caller read it (HTTP 409 ConcurrentModification). */
export class ConcurrentModificationError extends Error {
  readonly code = 'ConcurrentModification';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | 'none' | 'any',
  ) {
    super(`Stream ${streamId} was modified concurrently (expected version ${String(expectedVersion)})`);
  }
}
