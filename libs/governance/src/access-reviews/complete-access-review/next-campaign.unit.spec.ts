import { nextDueAt, successorId } from './next-campaign.js';

describe('the next quarterly campaign', () => {
  const at = (iso: string) => new Date(iso);

  it('is due three months later, on the same day or the last day of a shorter month', () => {
    const now = at('2026-01-01T00:00:00.000Z');
    expect(nextDueAt(at('2026-01-15T09:00:00.000Z'), now)).toEqual(at('2026-04-15T09:00:00.000Z'));
    expect(nextDueAt(at('2026-01-31T09:00:00.000Z'), now)).toEqual(at('2026-04-30T09:00:00.000Z'));
    expect(nextDueAt(at('2027-11-30T09:00:00.000Z'), now)).toEqual(at('2028-02-29T09:00:00.000Z'));
  });

  it('skips quarters already past, counting from the original day', () => {
    const due = at('2026-01-31T09:00:00.000Z');
    expect(nextDueAt(due, at('2026-06-01T00:00:00.000Z'))).toEqual(at('2026-07-31T09:00:00.000Z'));
  });

  it('has one id per predecessor, so racing completers start only one', () => {
    const id = successorId('9c2f6a52-4f7e-4c1e-9b8a-0d1e2f3a4b5c');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(successorId('9c2f6a52-4f7e-4c1e-9b8a-0d1e2f3a4b5c')).toBe(id);
    expect(successorId('0c2f6a52-4f7e-4c1e-9b8a-0d1e2f3a4b5c')).not.toBe(id);
  });
});
