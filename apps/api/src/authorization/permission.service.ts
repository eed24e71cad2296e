import { DomainError, entityNotExist, invalidParameter } from '#common';
import {
  type CommitOrderCheckpoint,
  compareCheckpoints,
  type EventStore,
  LogFollower,
  START_OF_LOG,
} from '#event-store';
import { PERMISSION_EVENT_TYPES, PermissionModel } from '#identity';
import { type EvaluationResult, type RamPrincipalArn, parseRamPrincipalArn } from '#policy';
import { RoleSessionPolicies } from './role-session-policies.js';

export interface AuthorizationQuery {
  principalArn: string;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

const WAIT_MS = 5000;

/**
 * What this process's own appends wake the permission state for at once: every type it applies but
 * `RoleAssumed`. A session (AssumeRole's append, by far the most frequent) feeds only trust-change analyses and
 * the session policies of assumed-role principals in `/v1/authorize` queries: it is applied at the log watch's
 * next poll (25 ms), not after every session batch; a read that must see it waits with `Ledger-Min-Position`,
 * which wakes the follower itself. A caller's own session credentials carry their policy in the token.
 */
const APPLIED_AT_ONCE = new Set([...PERMISSION_EVENT_TYPES].filter((type) => type !== 'RoleAssumed'));

/**
 * This process's in-memory permission state: a PermissionModel fed by the event store in commit order (the
 * same order every process sees), so a check costs no database round trip and a position is comparable.
 */
export class PermissionService {
  private readonly model = new PermissionModel();
  private readonly sessions = new RoleSessionPolicies();
  private readonly follower: LogFollower;
  private applied: CommitOrderCheckpoint = START_OF_LOG;
  private readonly waiters = new Set<() => void>();
  private lastArn: { text: string; parsed: RamPrincipalArn | undefined } = { text: '', parsed: undefined };

  constructor(
    private readonly store: EventStore,
    private readonly accountId: string,
    onError?: (error: unknown) => void,
  ) {
    this.follower = new LogFollower(store, {
      name: 'permission-state',
      batchSize: 1000,
      wakesOnAppendOf: APPLIED_AT_ONCE,
      reads: PERMISSION_EVENT_TYPES,
      onError,
      // The model lives in memory: after a failed batch it resumes from what it already applied.
      loadCheckpoint: async () => this.applied,
      handle: async (batch, next) => {
        for (const event of batch) this.model.apply(event);
        this.applied = next;
        for (const wake of this.waiters) wake();
      },
    });
  }

  /** Catches up with the whole log before the API serves a request, then follows it. */
  async start(): Promise<void> {
    await this.follower.drain();
    this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** The in-memory permission state, read by governance analyses (trust changes, escalation paths). */
  get permissionModel(): PermissionModel {
    return this.model;
  }

  get position(): number {
    return this.applied.position;
  }

  /** Waits until the event at `position` is applied here; a revocation then takes effect for this request. */
  async waitFor(position: number): Promise<void> {
    if (position <= 0) return;
    const location = await this.store.locate(position);
    if (!location) {
      if ((await this.store.headPosition()) >= position) return;
      throw lag(position);
    }
    const target = { transactionId: location.transactionId, position };
    const deadline = Date.now() + WAIT_MS;
    while (compareCheckpoints(this.applied, target) < 0) {
      if (Date.now() > deadline) throw lag(position);
      this.follower.wake();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 50);
        const waiters = this.waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  /** Waits until everything committed now is applied here (`waitFor` the log's head). */
  async catchUp(): Promise<void> {
    await this.waitFor(await this.store.headPosition());
  }

  /** The session policy of the most recent working session with this assumed-role ARN, if it had one. */
  private latestSessionPolicy(arn: RamPrincipalArn, now: Date): string | undefined {
    const roleId = this.model.roleIdByName(arn.name);
    return roleId === undefined || arn.session === undefined
      ? undefined
      : this.model.latestRoleSession(roleId, arn.session, now)?.sessionPolicy;
  }

  /** A batch usually names one principal throughout: its ARN is parsed once. */
  private parseArn(arn: string): RamPrincipalArn | undefined {
    if (arn !== this.lastArn.text) this.lastArn = { text: arn, parsed: parseRamPrincipalArn(arn) };
    return this.lastArn.parsed;
  }

  /**
   * The explained decision for a user, a role, or a role session: its role's policies intersected with its
   * session policy. `session` is the authenticated session's own; without it (`/v1/authorize` naming an
   * assumed-role ARN) the most recent live session with that ARN is taken, and without one the role's
   * policies alone (what a session without a session policy would get).
   */
  evaluate(query: AuthorizationQuery, now = new Date(), session?: { policy?: string }): EvaluationResult {
    const parsed = this.parseArn(query.principalArn);
    if (!parsed || parsed.kind === 'root' || parsed.account !== this.accountId) {
      throw invalidParameter(
        'PrincipalArn',
        'principalArn must be a user, role or assumed-role ARN of this account',
      );
    }
    let policies =
      parsed.kind === 'user'
        ? this.model.userPolicies(parsed.name, now)
        : this.model.rolePolicies(parsed.name, now);
    if (!policies) throw entityNotExist(parsed.kind === 'user' ? 'User' : 'Role', parsed.name);
    if (parsed.kind === 'assumed-role') {
      const sessionPolicy = session ? session.policy : this.latestSessionPolicy(parsed, now);
      if (sessionPolicy !== undefined) policies = this.sessions.narrow(policies, sessionPolicy);
    }
    return policies.evaluate(
      {
        principalArn: query.principalArn,
        action: query.action,
        resource: query.resource,
        context: query.context,
      },
      { now },
    );
  }
}

const lag = (position: number) =>
  new DomainError(
    'ProjectionLag',
    `The permission state has not reached position ${position} yet; retry`,
    503,
  );
