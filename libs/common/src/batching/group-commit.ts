/** One request's answer from a batch: its own value or its own error, never a neighbour's. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** Writes a batch in one transaction; throws only when the transaction itself failed. */
export type BatchWriter<I, O> = (items: readonly I[]) => Promise<Outcome<O>[]>;

export interface GroupCommitOptions {
  /** Requests written in one transaction at most (bounds its size and its lock list). */
  maxBatch?: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Application-level group commit: requests arriving while a batch is being written wait and are written
 * together in the next one, so N concurrent requests share one BEGIN/COMMIT (one WAL flush) instead of
 * paying one each. One batch at a time: while it commits the next one fills, which is what makes batches
 * grow with the load (a lone request is written at once, alone). A request's own failure (its decision)
 * comes back in its outcome; when the batch transaction fails as a whole, each of its requests is written
 * again alone, so a request that breaks the transaction fails by itself and never takes its neighbours down.
 * It batches reads as well (`GroupCommit.reads`): a batch is sent only once all its requests arrived, so each
 * request's read still sees every write committed before the request.
 */
export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private writing = false;
  private readonly maxBatch: number;

  constructor(
    private readonly write: BatchWriter<I, O>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 128;
  }

  /**
   * Batched reads (AccessKey and STS-token authentication): `read` answers each item's value at its index.
   * Requests arriving while a read runs go in the next one.
   */
  static reads<I, O>(read: (items: readonly I[]) => Promise<O[]>): GroupCommit<I, O> {
    return new GroupCommit(async (items) => (await read(items)).map((value) => ({ ok: true, value })));
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.writeBatch(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Pending<I, O>[]): Promise<void> {
    let outcomes: Outcome<O>[];
    try {
      outcomes = await this.write(batch.map((p) => p.item));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // Each alone, in its own transaction: whatever broke the shared one now breaks only its own request.
      await Promise.all(batch.map((pending) => this.writeBatch([pending])));
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}
