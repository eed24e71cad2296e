import { DomainError } from '#common';
import { EventStore, type EventStoreTransaction, stampEvents } from '#event-store';
import { loadRoleByName, type RoleState } from '#identity';
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
 * Writes a batch of AssumeRoles in one transaction. Each role named in the batch is read once from its
 * stream under a shared lock on its name (in name order, so two batches lock alike): a concurrent delete
 * waits for the commit, or has won and the requests for that role answer EntityNotExist. Each request is
 * decided on its own (its refusal is its outcome, not the batch's), and each session still gets its own
 * stream (`RoleAssumed` at version 1) and its own `role_sessions` row (one insert for all of them).
 */
export function sessionRecorder(store: EventStore): BatchWriter<AssumeRoleRequest, RecordedSession> {
  return (requests) =>
    store.transaction(async (tx) => {
      const roles = await loadRoles(tx, requests);
      const outcomes = requests.map((request) => decide(request, roles.get(request.command.input.roleName)!));
      const recorded: Outcome<RecordedSession>[] = [];
      for (const [i, outcome] of outcomes.entries()) {
        if (!outcome.ok) {
          recorded.push(outcome);
          continue;
        }
        const stamped = stampEvents([outcome.value], requests[i].command.meta);
        const [stored] = await tx.append(sessionStreamId(requests[i].sessionId), 'none', stamped);
        recorded.push({ ok: true, value: { session: outcome.value.data, position: stored.position } });
      }
      await recordRoleSessions(
        tx.client,
        recorded.flatMap((r) => (r.ok ? [r.value.session] : [])),
      );
      return recorded;
    });
}

/** Each role name of the batch, locked and read once; a missing role is the outcome of its requests. */
async function loadRoles(
  tx: EventStoreTransaction,
  requests: readonly AssumeRoleRequest[],
): Promise<Map<string, Outcome<RoleState>>> {
  const names = [...new Set(requests.map((r) => r.command.input.roleName))].sort(
    (a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b),
  );
  const roles = new Map<string, Outcome<RoleState>>();
  for (const name of names) {
    try {
      roles.set(name, { ok: true, value: (await loadRoleByName(tx, name, 'SHARE')).state });
    } catch (error) {
      // Only a refusal: a database error has aborted the transaction and must fail the batch.
      if (!(error instanceof DomainError)) throw error;
      roles.set(name, { ok: false, error });
    }
  }
  return roles;
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
