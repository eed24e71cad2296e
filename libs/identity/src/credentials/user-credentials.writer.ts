import type pg from 'pg';
import type { CommandMetadata } from '#common';
import { type EventStore, stampEvents } from '#event-store';
import { loadByName } from '../shared/stream-state.js';
import { retryOnConflict } from '../shared/retry-on-conflict.js';
import { userStreamId } from '../users/domain/user.events.js';
import type { WriteResult } from '../users/create-user/create-user.command.js';
import { type CredentialCommand, decideCredentials } from './domain/credential.decider.js';
import type { CredentialEvent } from './domain/credential.events.js';
import {
  type CredentialOwner,
  type CredentialState,
  evolveCredentials,
  initialCredentialState,
} from './domain/credential.state.js';

export interface CredentialChange<T> {
  /** The command to decide, given the user's current state (and the transaction, to read sealed rows). */
  command(state: CredentialState, client: pg.PoolClient): CredentialCommand | Promise<CredentialCommand>;
  /** The credential rows to write with the events, and the response value. */
  apply(client: pg.PoolClient, user: CredentialOwner, events: CredentialEvent[]): Promise<T>;
}

/**
 * Decides a credential change on the user's stream and writes its events together with the secret rows, in
 * one transaction. The user's name row is held FOR SHARE (a racing user delete waits, then sees the new
 * key), and the append's expected version makes racing changes of one user serial: a loser re-reads and
 * decides again, so two racing creates cannot make a third AccessKey.
 */
export function writeUserCredentials<T>(
  store: EventStore,
  meta: CommandMetadata,
  userName: string,
  change: CredentialChange<T>,
): Promise<WriteResult<T>> {
  return retryOnConflict(() =>
    store.transaction(async (tx) => {
      const user = await loadByName(
        tx,
        { kind: 'User', name: userName, mode: 'SHARE' },
        userStreamId,
        evolveCredentials,
        initialCredentialState,
      );
      const events = decideCredentials(await change.command(user.state, tx.client), user.state);
      const value = await change.apply(tx.client, user.state.user as CredentialOwner, events);
      if (events.length === 0) return { value, position: user.position };
      const stored = await tx.append(user.streamId, user.expectedVersion, stampEvents(events, meta));
      return { value, position: stored[stored.length - 1].position };
    }),
  );
}
