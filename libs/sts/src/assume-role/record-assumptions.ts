import { entityNotExist } from '#common';
import { EventStore, type EventStoreTransaction, stampEvents } from '#event-store';
import { evolveRoleOnly, initialRoleState, readStreamState, roleStreamId, type RoleState } from '#identity';
import { recordRoleSessions } from '../sessions/role-sessions.rows.js';
import { type RoleAssumed, sessionStreamId } from '../sessions/role-assumed.events.js';
import type { AssumeRole } from './assume-role.command.js';
import { decideAssumeRole } from './domain/assume-role.decider.js';
import type { BatchWriter, Outcome } from './group-commit.js';

/** One AssumeRole waiting to be written: the command plus the ids chosen for its session. */
export interface AssumeRoleRequest {
  command: AssumeRole;
  sessionId: string;
  accessKeyId: string;
}

export interface RecordedSession {
  session: RoleAssumed['data'];
  position: number;
}

/**
 * Writes a batch of AssumeRoles in one transaction of four statements whatever its size: the batch's role
 * names locked and their streams' versions read (one statement, see `RoleStates`), then each request decided
 * on its own (its refusal is its outcome, not the batch's), then every session's `RoleAssumed` appended to
 * its own stream at version 1 (one multi-stream append) and the `role_sessions` rows of exactly the sessions
 * whose event went in (one insert). Event and row commit together or not at all.
 */
export function sessionRecorder(store: EventStore): BatchWriter<AssumeRoleRequest, RecordedSession> {
  const roles = new RoleStates();
  return (requests) =>
    store.transaction(async (tx) => {
      const states = await roles.lockAndRead(
        tx,
        requests.map((r) => r.command.input.roleName),
      );
      const decided = requests.map((request) => decide(request, states.get(request.command.input.roleName)!));
      const toAppend = decided.flatMap((outcome, i) =>
        outcome.ok
          ? [
              {
                streamId: sessionStreamId(requests[i].sessionId),
                expectedVersion: 'none' as const,
                events: stampEvents([outcome.value], requests[i].command.meta),
              },
            ]
          : [],
      );
      const appended = await tx.appendToStreams(toAppend);
      let next = 0;
      const recorded = decided.map((outcome): Outcome<RecordedSession> => {
        if (!outcome.ok) return outcome;
        const append = appended[next++];
        if (!append.ok) return append;
        return { ok: true, value: { session: outcome.value.data, position: append.stored[0].position } };
      });
      await recordRoleSessions(
        tx.client,
        recorded.flatMap((r) => (r.ok ? [r.value.session] : [])),
      );
      return recorded;
    });
}

/** A role's state as folded here from its stream up to `version`. */
interface KnownRole {
  roleId: string;
  version: number;
  state: RoleState;
}

const KNOWN_ROLES_MAX = 1000;

/**
 * The roles AssumeRole decides on, authoritative and mostly without reading their streams: in the batch's
 * transaction each role name is locked `FOR SHARE` (in name order, so two batches lock alike: a concurrent
 * delete waits for the commit, or has won and the requests for that role answer EntityNotExist) and, in the
 * same statement, its owner and its stream's current version are read. A role folded here before at that
 * very version is taken from memory (a stream only grows, so the same version is the same events); any
 * other is read from its stream in the transaction, as before, and kept.
 */
class RoleStates {
  private readonly known = new Map<string, KnownRole>();

  async lockAndRead(
    tx: EventStoreTransaction,
    roleNames: readonly string[],
  ): Promise<Map<string, Outcome<RoleState>>> {
    const names = [...new Set(roleNames)].sort(
      (a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b),
    );
    const { rows } = await tx.client.query<{ name: string; owner_id: string; version: number | null }>(
      {
        name: 'assume-role-lock-roles',
        text: `SELECT r.name, n.owner_id,
                      (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = r.known_stream) AS version
               FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(name, known_stream, ord)
               JOIN name_reservations n ON n.kind = 'Role' AND n.name_key = lower(r.name)
               ORDER BY r.ord
               FOR SHARE OF n`,
      },
      [names, names.map((name) => this.streamOf(name))],
    );
    const states = new Map<string, Outcome<RoleState>>();
    for (const row of rows) {
      let role = this.known.get(row.name);
      if (!role || role.roleId !== row.owner_id || role.version !== row.version) {
        const read = await readStreamState(tx, roleStreamId(row.owner_id), evolveRoleOnly, initialRoleState);
        role = {
          roleId: row.owner_id,
          version: read.expectedVersion === 'none' ? 0 : Number(read.expectedVersion),
          state: read.state,
        };
        if (this.known.size >= KNOWN_ROLES_MAX) this.known.clear();
        this.known.set(row.name, role);
      }
      states.set(row.name, { ok: true, value: role.state });
    }
    for (const name of names) {
      if (!states.has(name))
        states.set(name, { ok: false, error: entityNotExist('Role', name.slice(0, 64)) });
    }
    return states;
  }

  private streamOf(name: string): string | null {
    const role = this.known.get(name);
    return role ? roleStreamId(role.roleId) : null;
  }
}

function decide(request: AssumeRoleRequest, role: Outcome<RoleState>): Outcome<RoleAssumed> {
  if (!role.ok) return role;
  const { input, caller, meta } = request.command;
  try {
    const [assumed] = decideAssumeRole(
      {
        ...input,
        sessionId: request.sessionId,
        accessKeyId: request.accessKeyId,
        accountId: meta.accountId,
        caller,
        sourceIp: meta.sourceIp,
        now: meta.now,
      },
      role.value,
    );
    return { ok: true, value: assumed };
  } catch (error) {
    // The decision is pure: whatever it throws is this request's answer alone.
    return { ok: false, error };
  }
}
