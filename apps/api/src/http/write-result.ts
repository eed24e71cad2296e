/** What a write route returns: the response body and the global position of its last event. */
export class Written<T> {
  constructor(
    readonly body: T,
    readonly position: number,
    /** What an `Idempotency-Key` replay answers, when the body holds a secret shown only once. */
    readonly replayBody?: unknown,
  ) {}
}

export const LEDGER_POSITION = 'Ledger-Position';
export const LEDGER_MIN_POSITION = 'Ledger-Min-Position';
