import type { EventStore } from '#event-store';
import type { PermissionModel } from '#identity';
import { AccessGraph } from '../escalation/access-graph.js';

/**
 * The API process's in-memory permission state, which trust-change analyses read. `waitFor` returns once
 * the state has applied the event at a position, so an analysis sees at least what the transaction read.
 */
export interface PermissionGraphPort {
  readonly model: PermissionModel;
  waitFor(position: number): Promise<void>;
}

export const PERMISSION_GRAPH = Symbol('PERMISSION_GRAPH');

/**
 * The account's graph at `now`, once the permission state holds everything committed so far (the role's
 * events, and sessions or grants of a moment ago), so an analysis is not behind the request that asks for it.
 */
export async function graphAt(
  port: PermissionGraphPort,
  accountId: string,
  store: EventStore,
  now: Date,
): Promise<AccessGraph> {
  await port.waitFor(await store.headPosition());
  return new AccessGraph(port.model, accountId, now);
}
