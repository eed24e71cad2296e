import { type BatchWriter, GroupCommit, type Outcome } from './group-commit.js';

/** A writer that records each batch it is given and answers from `answer`, after a tick (a commit). */
function recordingWriter(answer: (item: number) => Outcome<string> | 'break-the-batch') {
  const batches: number[][] = [];
  const write: BatchWriter<number, string> = async (items) => {
    batches.push([...items]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const outcomes = items.map(answer);
    if (outcomes.includes('break-the-batch')) throw new Error(`batch [${items.join(',')}] failed`);
    return outcomes as Outcome<string>[];
  };
  return { batches, write };
}

const settle = (promises: Promise<string>[]) =>
  Promise.allSettled(promises).then((all) =>
    all.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
  );

describe('GroupCommit', () => {
  it('writes a lone request at once, and the requests that arrive meanwhile together in the next batch', async () => {
    const { batches, write } = recordingWriter((n) => ({ ok: true, value: `session-${n}` }));
    const group = new GroupCommit(write);
    const answers = await settle([1, 2, 3, 4].map((n) => group.submit(n)));
    expect(answers).toEqual(['session-1', 'session-2', 'session-3', 'session-4']);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('answers each request with its own refusal without touching the others of its batch', async () => {
    const { batches, write } = recordingWriter((n) =>
      n % 2 === 0 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: `session-${n}` },
    );
    const group = new GroupCommit(write);
    const answers = await settle([1, 2, 3, 4, 5].map((n) => group.submit(n)));
    expect(answers).toEqual(['session-1', 'refused 2', 'session-3', 'refused 4', 'session-5']);
    expect(batches).toHaveLength(2);
  });

  it('writes each request of a failed batch again alone: only the one that breaks it fails', async () => {
    const { batches, write } = recordingWriter((n) =>
      n === 3 ? 'break-the-batch' : { ok: true, value: `session-${n}` },
    );
    const group = new GroupCommit(write);
    const answers = await settle([1, 2, 3, 4].map((n) => group.submit(n)));
    expect(answers).toEqual(['session-1', 'session-2', 'batch [3] failed', 'session-4']);
    expect(batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('caps a batch at maxBatch requests and keeps writing until the queue is empty', async () => {
    const { batches, write } = recordingWriter((n) => ({ ok: true, value: `session-${n}` }));
    const group = new GroupCommit(write, { maxBatch: 2 });
    const answers = await settle([1, 2, 3, 4, 5, 6].map((n) => group.submit(n)));
    expect(answers).toHaveLength(6);
    expect(batches).toEqual([[1], [2, 3], [4, 5], [6]]);
    // Nothing left behind: a later request starts a batch of its own.
    expect(await group.submit(7)).toBe('session-7');
    expect(batches[batches.length - 1]).toEqual([7]);
  });

  it('reads: each request gets the value at its index of the batch read it went in', async () => {
    const reads: number[][] = [];
    const group = GroupCommit.reads(async (items: readonly number[]) => {
      reads.push([...items]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return items.map((n) => `key-${n}`);
    });
    const answers = await settle([1, 2, 3].map((n) => group.submit(n)));
    expect(answers).toEqual(['key-1', 'key-2', 'key-3']);
    expect(reads).toEqual([[1], [2, 3]]);
  });
});
