import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '#common';
import { ConcurrentModificationError, type EventStore } from '#event-store';
import { serviceActorArn } from '#identity';
import { changeAccessRequest } from '../access-request.stream.js';
import type { ExistingAccessRequest } from '../domain/access-request.state.js';
import { endGrant } from '../grant/end-grant.js';

export interface DueOutcome {
  expired: number;
  ended: number;
}

/**
 * Expires every Pending request past its deadline and ends every grant past its expiry, one request per
 * transaction. The due row is taken FOR UPDATE SKIP LOCKED, so two workers never take the same request, and
 * every append is at its stream's expected version, so a restarted or racing worker writes each end once.
 */
export async function processDueAccessRequests(
  store: EventStore,
  accountId: string,
  now: () => Date = () => new Date(),
  maxPerRun = 100,
): Promise<DueOutcome> {
  const outcome = { expired: 0, ended: 0 };
  for (let i = 0; i < maxPerRun; i++) {
    const result = await processOne(store, accountId, now()).catch((error: unknown) => {
      // A join, grant or decision on the same stream won the race: the next run decides on its state.
      if (error instanceof ConcurrentModificationError) return 'retry-later' as const;
      throw error;
    });
    if (result === 'none' || result === 'retry-later') break;
    outcome[result]++;
  }
  return outcome;
}

function processOne(store: EventStore, accountId: string, now: Date): Promise<'none' | 'expired' | 'ended'> {
  return store.transaction(async (tx) => {
    const { rows } = await tx.client.query<{ request_id: string; status: string }>(
      `SELECT request_id, status FROM access_requests
       WHERE (status = 'Pending' AND expires_at <= $1) OR (status = 'Approved' AND grant_expires_at <= $1)
       ORDER BY CASE WHEN status = 'Pending' THEN expires_at ELSE grant_expires_at END
       LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    const due = rows[0];
    if (!due) return 'none';
    const meta = serviceMeta(accountId, now);
    const pending = due.status === 'Pending';
    const type = pending ? 'ExpireAccessRequest' : 'EndAccessRequest';
    // The removal is written before AccessRequestEnded, so the request's last position covers it.
    const ending = pending
      ? undefined
      : async (after: ExistingAccessRequest) => {
          await endGrant(tx, after, meta);
        };
    const change = await changeAccessRequest(tx, due.request_id, { type, now }, meta, ending);
    if (change.events.length === 0) return 'none';
    return pending ? 'expired' : 'ended';
  });
}

function serviceMeta(accountId: string, now: Date): CommandMetadata {
  const requestId = randomUUID();
  return { now, accountId, actorArn: serviceActorArn(accountId), requestId, correlationId: requestId };
}
