import { entityNotExist } from '#common';
import type { DomainEvent, EventStoreTransaction, ExpectedVersion } from '#event-store';
import { lockName, type NameKind } from '../names/name-reservations.js';

export interface StreamState<S> {
  state: S;
  /** What the next append must expect, so a concurrent writer makes it fail instead of both committing. */
  expectedVersion: ExpectedVersion;
  /** Global position of the stream's last event: a write that changes nothing answers with it. */
  position: number;
}

export interface LoadedByName<S> extends StreamState<S> {
  id: string;
  streamId: string;
}

type Evolve<S> = (state: S, event: DomainEvent, occurredAt: Date) => S;

/** Reads a stream inside the transaction and folds it into the decider's state. */
export async function readStreamState<S>(
  tx: EventStoreTransaction,
  streamId: string,
  evolve: Evolve<S>,
  initial: S,
): Promise<StreamState<S>> {
  const events = await tx.readStream(streamId);
  const state = events.reduce((s, e) => evolve(s, e, e.occurredAt), initial);
  const last = events[events.length - 1];
  return { state, expectedVersion: last ? last.streamVersion : 'none', position: last?.position ?? 0 };
}

/**
 * Resolves a name under its row lock (docs/identity-design.md, lock order user → group → role → policy),
 * then reads the owner's stream. FOR UPDATE to delete the owner; FOR SHARE to act while it must keep
 * existing (update, join, leave, attach).
 */
export async function loadByName<S>(
  tx: EventStoreTransaction,
  target: { kind: NameKind; name: string; mode: 'UPDATE' | 'SHARE' },
  streamIdOf: (id: string) => string,
  evolve: Evolve<S>,
  initial: S,
): Promise<LoadedByName<S>> {
  const id = await lockName(tx.client, target.kind, target.name, target.mode);
  if (id === undefined) throw entityNotExist(target.kind, target.name.slice(0, 64));
  const streamId = streamIdOf(id);
  return { id, streamId, ...(await readStreamState(tx, streamId, evolve, initial)) };
}
