/** What a write route returns: the response body and the global position of its last event. */
export class Written<T> {
  constructor(
    readonly body: T,
    readonly position: number,
  ) {}
}

export const LEDGER_POSITION = 'Ledger-Position';
export const LEDGER_MIN_POSITION = 'Ledger-Min-Position';
