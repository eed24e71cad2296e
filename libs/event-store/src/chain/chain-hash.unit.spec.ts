import { type ChainableRow, GENESIS_HASH, linkHash } from './chain-hash.js';

const row: ChainableRow = {
  event_id: '5f1c8a56-6a8e-4b8c-9d0a-3e2f1b7c6d5e',
  stream_id: 'user-1',
  stream_version: 1,
  global_position: 7,
  transaction_id: '812',
  event_type: 'UserCreated',
  schema_version: 1,
  data_text: '{"userId": "1", "userName": "alice"}',
  metadata_text: '{"actorArn": "acs:ram::1000000000000001:root"}',
  occurred_us: '1764432000123456',
};

describe('hash chain links', () => {
  it('is SHA-256 over the previous hash and the canonical event, the same every time', () => {
    const first = linkHash(GENESIS_HASH, row);
    expect(first).toHaveLength(32);
    expect(linkHash(GENESIS_HASH, { ...row })).toEqual(first);
    expect(linkHash(first, row)).not.toEqual(first);
  });

  it.each(Object.keys(row) as (keyof ChainableRow)[])('changes when %s changes', (field) => {
    const value = row[field];
    const changed = { ...row, [field]: typeof value === 'number' ? value + 1 : `${value}0` };
    expect(linkHash(GENESIS_HASH, changed)).not.toEqual(linkHash(GENESIS_HASH, row));
  });

  it('keeps fields apart: moving text from one field to the next changes the hash', () => {
    const moved = { ...row, stream_id: 'user-', event_type: `1${row.event_type}` };
    expect(linkHash(GENESIS_HASH, moved)).not.toEqual(linkHash(GENESIS_HASH, row));
  });
});
