import type { Database, SqlClient } from '../sql/database.js';
import { CHAINABLE_COLUMNS, type ChainableRow, GENESIS_HASH, linkHash } from './chain-hash.js';

export type ChainBreak =
  /** The event a link covers is gone (a deleted row). */
  | 'EventMissing'
  /** The event no longer hashes to its link (an edited payload, type, time, stream or position). */
  | 'HashMismatch'
  /** A link does not point at the previous link's hash, or a link is missing (an edited chain). */
  | 'ChainBroken'
  /** An event sorts inside the chained part of the log but has no link (inserted into the past). */
  | 'EventOutsideChain';

export interface ChainVerification {
  verified: boolean;
  /** Links verified, in commit order (all links when verified). */
  events: number;
  /** Hex hash of the last verified link; the genesis hash (zeros) for an empty chain. */
  headHash: string;
  headPosition?: number;
  /** Committed events not yet chained: the chainer is behind, which is not tampering. */
  unchainedEvents: number;
  firstBrokenPosition?: number;
  reason?: ChainBreak;
}

interface VerifiedLinkRow extends Partial<ChainableRow> {
  seq: number;
  link_position: number;
  hash: Buffer;
  prev_hash: Buffer;
  present: boolean;
}

// Each link with its event (if still there), in chain order, one batch at a time from the last seq seen.
const LINKS_SQL = `
  SELECT c.seq, c.global_position AS link_position, c.hash, c.prev_hash, e.global_position IS NOT NULL AS present,
         ${CHAINABLE_COLUMNS}
  FROM event_chain c LEFT JOIN events e ON e.global_position = c.global_position
  WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`;

/**
 * Recomputes every link from the events as they are now, in batches, so it stays fast on a long log. Also
 * counts events without a link: behind the chain's head they were inserted into the past (tampering), after
 * it they are the tail the chainer has not reached yet.
 */
export async function verifyChain(client: SqlClient, batchSize = 5000): Promise<ChainVerification> {
  let prevHash: Buffer = GENESIS_HASH;
  let seq = 0;
  let headPosition: number | undefined;
  const broken = (position: number, reason: ChainBreak) => ({ position, reason });
  let failure: { position: number; reason: ChainBreak } | undefined;
  while (!failure) {
    const { rows } = await client.query<VerifiedLinkRow>(LINKS_SQL, [seq, batchSize]);
    for (const row of rows) {
      if (row.seq !== seq + 1 || !row.prev_hash.equals(prevHash))
        failure = broken(row.link_position, 'ChainBroken');
      else if (!row.present) failure = broken(row.link_position, 'EventMissing');
      else if (!linkHash(prevHash, row as ChainableRow).equals(row.hash))
        failure = broken(row.link_position, 'HashMismatch');
      if (failure) break;
      seq = row.seq;
      prevHash = row.hash;
      headPosition = row.link_position;
    }
    if (rows.length < batchSize) break;
  }
  const outside = await eventsOutsideChain(client);
  if (!failure && outside.inside !== undefined) failure = broken(outside.inside, 'EventOutsideChain');
  return {
    verified: !failure,
    events: seq,
    headHash: prevHash.toString('hex'),
    ...(headPosition !== undefined && { headPosition }),
    unchainedEvents: outside.count,
    ...(failure && { firstBrokenPosition: failure.position, reason: failure.reason }),
  };
}

async function eventsOutsideChain(client: SqlClient): Promise<{ count: number; inside?: number }> {
  const { rows } = await client.query<{ count: number; inside: number | null }>(`
    WITH head AS (SELECT transaction_id, global_position FROM event_chain ORDER BY seq DESC LIMIT 1)
    SELECT count(*)::int AS count,
           min(e.global_position) FILTER (
             WHERE (e.transaction_id, e.global_position) <= (head.transaction_id, head.global_position)
           ) AS inside
    FROM events e LEFT JOIN head ON true
    WHERE NOT EXISTS (SELECT 1 FROM event_chain c WHERE c.global_position = e.global_position)`);
  return { count: rows[0].count, ...(rows[0].inside !== null && { inside: rows[0].inside }) };
}

/** The link at a chain length, to compare with an exported checkpoint. */
export async function chainLinkAt(
  client: SqlClient,
  seq: number,
): Promise<{ position: number; hash: string } | undefined> {
  const { rows } = await client.query<{ global_position: number; hash: Buffer }>(
    `SELECT global_position, hash FROM event_chain WHERE seq = $1`,
    [seq],
  );
  return rows[0] && { position: rows[0].global_position, hash: rows[0].hash.toString('hex') };
}

/**
 * Runs chain reads in one snapshot: the links, the unlinked events and a checkpoint's link are then counted
 * at the same instant, while the chainer keeps linking beside them.
 */
export function inChainSnapshot<T>(db: Database, work: (client: SqlClient) => Promise<T>): Promise<T> {
  return db.transaction(async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return work(client);
  });
}
