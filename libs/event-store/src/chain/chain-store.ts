import type { SqlClient } from '../sql/database.js';
import type { CommitOrderCheckpoint } from '../event.js';
import { START_OF_LOG } from '../event.js';
import { commitOrderSql } from '../read/commit-order-reader.js';
import { CHAINABLE_COLUMNS, type ChainableRow, GENESIS_HASH, linkHash } from './chain-hash.js';

/** The chain's last link: where the chainer resumes and what a checkpoint signs. */
export interface ChainHead {
  seq: number;
  hash: Buffer;
  checkpoint: CommitOrderCheckpoint;
}

export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS_HASH, checkpoint: START_OF_LOG };

export interface ChainLink {
  seq: number;
  position: number;
  transactionId: string;
  hash: Buffer;
  prevHash: Buffer;
}

export async function readChainHead(client: SqlClient): Promise<ChainHead> {
  const { rows } = await client.query<{ seq: number; global_position: number; tx: string; hash: Buffer }>(
    `SELECT seq, global_position, transaction_id::text AS tx, hash FROM event_chain ORDER BY seq DESC LIMIT 1`,
  );
  const row = rows[0];
  if (!row) return EMPTY_CHAIN;
  return {
    seq: row.seq,
    hash: row.hash,
    checkpoint: { transactionId: row.tx, position: row.global_position },
  };
}

// The commit-order reader's rule: only below the oldest running transaction, so a late committer is chained
// after, never skipped.
const UNCHAINED = { name: 'read-unchained', text: commitOrderSql(CHAINABLE_COLUMNS) };

export async function readUnchained(
  client: SqlClient,
  after: CommitOrderCheckpoint,
  limit: number,
): Promise<ChainableRow[]> {
  const { rows } = await client.query<ChainableRow>(UNCHAINED, [after.transactionId, after.position, limit]);
  return rows;
}

/** Links the rows after `head`, in the order given (commit order). */
export function linkRows(head: ChainHead, rows: readonly ChainableRow[]): ChainLink[] {
  let prevHash = head.hash;
  return rows.map((row, index) => {
    const hash = linkHash(prevHash, row);
    const link = {
      seq: head.seq + index + 1,
      position: row.global_position,
      transactionId: row.transaction_id,
      hash,
      prevHash,
    };
    prevHash = hash;
    return link;
  });
}

export async function insertLinks(client: SqlClient, links: readonly ChainLink[]): Promise<void> {
  if (links.length === 0) return;
  await client.query(
    {
      name: 'insert-chain-links',
      text: `INSERT INTO event_chain (seq, global_position, transaction_id, hash, prev_hash)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::xid8[], $4::bytea[], $5::bytea[])`,
    },
    [
      links.map((l) => l.seq),
      links.map((l) => l.position),
      links.map((l) => l.transactionId),
      links.map((l) => l.hash),
      links.map((l) => l.prevHash),
    ],
  );
}
