import { type BatchWriter, entityNotExist, type Outcome } from '#common';
import {
  type AppendCondition,
  EventStore,
  type EventStoreTransaction,
  stampEvents,
  type StreamAppendOutcome,
} from '#event-store';
import {
  type AccessKeyProof,
  accessKeyRows,
  confirmedAccessKeysSql,
  evolveRoleOnly,
  initialRoleState,
  invalidAccessKey,
  proofKey,
  proofParams,
  readStreamState,
  roleStreamId,
  type RoleState,
} from '#identity';
import { insertRoleSessionsSql, recordRoleSessions } from '../sessions/role-sessions.rows.js';
import { type RoleAssumed, sessionStreamId } from '../sessions/role-assumed.events.js';
import type { AssumeRole } from './assume-role.command.js';
import { decideAssumeRole } from './domain/assume-role.decider.js';

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
 * Writes a batch of AssumeRoles. Usually in one statement: when every role of the batch was folded here
 * before, the requests are decided on those states, and one statement locks the role names `FOR SHARE`,
 * checks that each role's stream is still at the version folded, and only then appends every session's
 * `RoleAssumed` (each to its own stream at version 1) and inserts the `role_sessions` rows of the sessions
 * whose event went in (`appendToStreamsIf`). Otherwise (a role not known here, or changed since) in one
 * transaction of four statements whatever the batch's size: the role names locked and their streams'
 * versions read (see `RoleStates`), each request decided, then the same append and insert. Either way a
 * request's refusal is its own outcome, not the batch's, and event and row commit together or not at all.
 * A caller's AccessKey taken from memory (`AccessKeyProof`) is confirmed by the same statement's guard, or
 * first thing in the transaction, where a request whose key no longer holds is refused with
 * `InvalidCredentials` before its decision.
 */
export function sessionRecorder(store: EventStore): BatchWriter<AssumeRoleRequest, RecordedSession> {
  const roles = new RoleStates();
  return async (requests) => {
    const names = requests.map((r) => r.command.input.roleName);
    const known = roles.knownStates(names);
    if (known) {
      const decided = decideAll(requests, known);
      const appends = sessionAppends(requests, decided);
      // A batch of refusals alone writes nothing: it is confirmed against the stored roles below.
      if (appends.length > 0) {
        const condition = roles.unchanged(known, distinctProofs(requests));
        const appended = await store.appendToStreamsIf(appends, condition);
        if (appended) return recordedOutcomes(decided, appended);
      }
    }
    return store.transaction(async (tx) => {
      const confirmed = await accessKeyRows.confirmed(tx.client, distinctProofs(requests));
      const decided = decideAll(requests, await roles.lockAndRead(tx, names), confirmed);
      const appended = await tx.appendToStreams(sessionAppends(requests, decided));
      const recorded = recordedOutcomes(decided, appended);
      await recordRoleSessions(
        tx.client,
        recorded.flatMap((r) => (r.ok ? [r.value.session] : [])),
      );
      return recorded;
    });
  };
}

/**
 * Each request decided on its role's state; with `confirmed` (the proofs read as still holding), a request
 * whose AccessKey no longer holds is refused first. Without it the batch statement's guard confirms them.
 */
const decideAll = (
  requests: readonly AssumeRoleRequest[],
  states: Map<string, Outcome<RoleState>>,
  confirmed?: ReadonlySet<string>,
) =>
  requests.map((request): Outcome<RoleAssumed> =>
    confirmed && !keyHolds(request, confirmed)
      ? { ok: false, error: invalidAccessKey() }
      : decide(request, states.get(request.command.input.roleName)!),
  );

/** The AccessKeys of a batch's callers that were taken from memory, each once. */
function distinctProofs(requests: readonly AssumeRoleRequest[]): AccessKeyProof[] {
  const proofs = new Map<string, AccessKeyProof>();
  for (const { command } of requests) {
    const proof = command.caller.accessKey;
    if (proof) proofs.set(proofKey(proof), proof);
  }
  return [...proofs.values()];
}

const keyHolds = (request: AssumeRoleRequest, confirmed: ReadonlySet<string>) => {
  const proof = request.command.caller.accessKey;
  return !proof || confirmed.has(proofKey(proof));
};

/** Each granted session's `RoleAssumed`, to its own new stream. */
function sessionAppends(requests: readonly AssumeRoleRequest[], decided: readonly Outcome<RoleAssumed>[]) {
  return decided.flatMap((outcome, i) =>
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
}

/** Each request's outcome: its refusal, its append's conflict, or its session at the position it got. */
function recordedOutcomes(
  decided: readonly Outcome<RoleAssumed>[],
  appended: readonly StreamAppendOutcome[],
): Outcome<RecordedSession>[] {
  let next = 0;
  return decided.map((outcome): Outcome<RecordedSession> => {
    if (!outcome.ok) return outcome;
    const append = appended[next++];
    if (!append.ok) return append;
    return { ok: true, value: { session: outcome.value.data, position: append.stored[0].position } };
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
    const names = sortedNames(roleNames);
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

  /** Each role's state as last folded here, when every one of `roleNames` was (undefined otherwise). */
  knownStates(roleNames: readonly string[]): Map<string, Outcome<RoleState>> | undefined {
    const states = new Map<string, Outcome<RoleState>>();
    for (const name of roleNames) {
      const role = this.known.get(name);
      if (!role) return undefined;
      states.set(name, { ok: true, value: role.state });
    }
    return states;
  }

  /**
   * The condition of a batch decided on `knownStates`: each role name still reserved by the same role (locked
   * `FOR SHARE` in lockAndRead's order), its stream still at the version folded here, and every AccessKey
   * taken from memory still holding; alongside the events, the rows of the sessions whose event went in.
   */
  unchanged(states: ReadonlyMap<string, unknown>, proofs: readonly AccessKeyProof[]): AppendCondition {
    const roles = sortedNames([...states.keys()]).map((name) => ({ name, ...this.known.get(name)! }));
    return {
      name: 'assume-role',
      guard: UNCHANGED_ROLES_GUARD,
      alongside: SESSION_ROWS_ALONGSIDE,
      params: [
        roles.map((role) => role.name),
        roles.map((role) => role.roleId),
        roles.map((role) => roleStreamId(role.roleId)),
        roles.map((role) => role.version),
        ...proofParams(proofs),
      ],
    };
  }

  private streamOf(name: string): string | null {
    const role = this.known.get(name);
    return role ? roleStreamId(role.roleId) : null;
  }
}

// RoleStates.unchanged's guard, $4..$7 the roles (name, owner id, stream, version folded) in lock order,
// $8..$10 the callers' AccessKeys taken from memory, each to be confirmed.
const UNCHANGED_ROLES_GUARD = `
  SELECT count(*) = cardinality($4::text[])
         AND (SELECT count(*) FROM (${confirmedAccessKeysSql(8)}) keys) = cardinality($8::text[]) AS ok
  FROM (
    SELECT r.version, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = r.stream) AS current
    FROM unnest($4::text[], $5::text[], $6::text[], $7::int[]) WITH ORDINALITY
      AS r(name, owner_id, stream, version, ord)
    JOIN name_reservations n ON n.kind = 'Role' AND n.name_key = lower(r.name) AND n.owner_id = r.owner_id
    ORDER BY r.ord
    FOR SHARE OF n
  ) locked WHERE coalesce(locked.current, 0) = locked.version`;

// The rows of the sessions whose event went in, from those events' data.
const SESSION_ROWS_ALONGSIDE = `sessions AS (${insertRoleSessionsSql(
  `FROM appended a WHERE a.event_type = 'RoleAssumed'`,
  'a.data',
)})`;

/** Distinct role names in the order every batch locks them, so that two batches lock alike. */
const sortedNames = (roleNames: readonly string[]) =>
  [...new Set(roleNames)].sort(
    (a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b),
  );

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
