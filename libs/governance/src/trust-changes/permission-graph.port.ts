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

/** The account's graph at `now`, once the permission state has caught up with `position`. */
export async function graphAt(
  port: PermissionGraphPort,
  accountId: string,
  position: number,
  now: Date,
): Promise<AccessGraph> {
  await port.waitFor(position);
  return new AccessGraph(port.model, accountId, now);
}
