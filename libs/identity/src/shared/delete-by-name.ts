import type { CommandMetadata } from '#common';
import {
  type DomainEvent,
  type EventStore,
  type EventStoreTransaction,
  type SqlClient,
  stampEvents,
} from '#event-store';
import { type NameKind, releaseName } from '../names/name-reservations.js';
import type { WriteResult } from '../users/create-user/create-user.command.js';
import { type Dependent, refuseWhileReferenced } from './constraint-tables.js';
import { retryOnConflict } from './retry-on-conflict.js';
import type { LoadedByName } from './stream-state.js';

export interface DeleteByName<S> {
  kind: NameKind;
  name: string;
  load: (tx: EventStoreTransaction, name: string, mode: 'UPDATE') => Promise<LoadedByName<S>>;
  decide: (state: S) => DomainEvent[];
  /** References that make the delete a 409 while they exist. */
  dependents: readonly Dependent[];
  /** Rows of other tables that go with the principal (e.g. console credentials). */
  cleanUp?: (client: SqlClient, id: string) => Promise<void>;
}

/**
 * Deletes a named principal: its name row is locked FOR UPDATE before the constraint tables are read, so a
 * racing join, key creation or attach (which hold it FOR SHARE) is either seen here or finds the name gone.
 * The name is released: a principal created later under it is a new one, with a new id, inheriting nothing.
 */
export async function deleteByName<S>(
  store: EventStore,
  spec: DeleteByName<S>,
  meta: CommandMetadata,
): Promise<WriteResult<undefined>> {
  const stored = await retryOnConflict(() =>
    store.transaction(async (tx) => {
      const target = await spec.load(tx, spec.name, 'UPDATE');
      const events = spec.decide(target.state);
      await refuseWhileReferenced(tx.client, target.id, spec.dependents);
      await spec.cleanUp?.(tx.client, target.id);
      await releaseName(tx.client, spec.kind, spec.name);
      return tx.append(target.streamId, target.expectedVersion, stampEvents(events, meta));
    }),
  );
  return { position: stored[stored.length - 1].position, value: undefined };
}
