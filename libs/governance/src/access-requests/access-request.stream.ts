import type { CommandMetadata } from '#common';
import { type EventStoreTransaction, stampEvents } from '#event-store';
import { readStreamState } from '#identity';
import { type AccessRequestCommand, decideAccessRequest } from './domain/access-request.decider.js';
import { type AccessRequestEvent, accessRequestStreamId } from './domain/access-request.events.js';
import {
  type AccessRequestState,
  evolveAccessRequest,
  type ExistingAccessRequest,
  initialAccessRequestState,
} from './domain/access-request.state.js';
import { recordAccessRequest } from './access-requests.table.js';

export const loadAccessRequest = (tx: EventStoreTransaction, requestId: string) =>
  readStreamState<AccessRequestState>(
    tx,
    accessRequestStreamId(requestId),
    (state, event, at) => evolveAccessRequest(state, event as AccessRequestEvent, at),
    initialAccessRequestState,
  );

export interface RequestChange {
  events: AccessRequestEvent[];
  before: AccessRequestState;
  after: ExistingAccessRequest;
  position: number;
}

/**
 * Decides a command on the request's stream and appends at its expected version (a racing decision on the
 * same request fails and is retried on the state the winner left), keeping the request's row in step.
 */
export async function changeAccessRequest(
  tx: EventStoreTransaction,
  requestId: string,
  command: AccessRequestCommand,
  meta: CommandMetadata,
  /**
   * Identity changes the decision brings (a grant, a removal), written before the request's own events so
   * that the request's last position covers them: a read carrying it sees the access as the request says.
   */
  effects?: (after: ExistingAccessRequest, events: readonly AccessRequestEvent[]) => Promise<void>,
): Promise<RequestChange> {
  const loaded = await loadAccessRequest(tx, requestId);
  const events = decideAccessRequest(command, loaded.state);
  const after = events.reduce(
    (state, e) => evolveAccessRequest(state, e, meta.now),
    loaded.state,
  ) as ExistingAccessRequest;
  if (events.length > 0) await effects?.(after, events);
  const stored = await tx.append(
    accessRequestStreamId(requestId),
    loaded.expectedVersion,
    stampEvents(events, meta),
  );
  if (events.length > 0) await recordAccessRequest(tx.client, after, meta.now);
  return { events, before: loaded.state, after, position: stored.at(-1)?.position ?? loaded.position };
}
