import { deciderSpec } from '#common/testing';
import { evolveRoleOnly, initialRoleState, isEligible, type RoleEvent, type RoleState } from '#identity';
import { decideEligibility, type EligibilityCommand } from './role-eligibility.js';

const spec = deciderSpec<EligibilityCommand, RoleEvent, RoleState>({
  decide: decideEligibility,
  evolve: evolveRoleOnly,
  initialState: initialRoleState,
});

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000).toISOString();
const role = { roleId: 'r-1', roleName: 'oncall' };
const created = {
  type: 'RoleCreated',
  schemaVersion: 1,
  data: {
    ...role,
    accountId: '1',
    assumeRolePolicyDocument: '{}',
    trustPolicyVersion: 1,
    createDate: at(0),
    maxSessionDuration: 3600,
  },
} as unknown as RoleEvent;
const grant = (request: string, ends: number): EligibilityCommand => ({
  type: 'GrantEligibility',
  userId: 'u-1',
  userName: 'alice',
  accessRequestId: request,
  expiresAt: at(ends),
});
const granted = (request: string, ends: number): RoleEvent => ({
  type: 'RoleEligibilityGranted',
  schemaVersion: 1,
  data: { ...role, userId: 'u-1', userName: 'alice', accessRequestId: request, expiresAt: at(ends) },
});
const ended = (request: string): RoleEvent => ({
  type: 'RoleEligibilityEnded',
  schemaVersion: 1,
  data: { ...role, userId: 'u-1', accessRequestId: request },
});
const end = (request: string, now: number): EligibilityCommand => ({
  type: 'EndEligibility',
  userId: 'u-1',
  accessRequestId: request,
  now: new Date(at(now)),
});

describe('role eligibility', () => {
  it('is granted, and held by the grant that ends last', () => {
    spec
      .given([created])
      .when(grant('a', 60))
      .then([granted('a', 60)]);
    spec
      .given([created, granted('a', 60)])
      .when(grant('b', 30))
      .thenNothingHappens();
    spec
      .given([created, granted('a', 60)])
      .when(grant('b', 90))
      .then([granted('b', 90)]);
  });

  it('ends only with the request that holds it, once it is due', () => {
    spec
      .given([created, granted('a', 60)])
      .when(end('a', 59))
      .thenNothingHappens();
    spec
      .given([created, granted('a', 60)])
      .when(end('a', 60))
      .then([ended('a')]);
    spec
      .given([created, granted('a', 60), granted('b', 90)])
      .when(end('a', 61))
      .thenNothingHappens();
    spec
      .given([created, granted('a', 60), ended('a')])
      .when(end('a', 61))
      .thenNothingHappens();
  });

  it('lets AssumeRole honour it until it expires', () => {
    const state = [created, granted('a', 60)].reduce(evolveRoleOnly, initialRoleState);
    if (state.status === 'absent') throw new Error('role expected');
    expect(isEligible(state, 'u-1', new Date(at(59)))).toBe(true);
    expect(isEligible(state, 'u-1', new Date(at(60)))).toBe(false);
    expect(isEligible(state, 'u-2', new Date(at(1)))).toBe(false);
  });
});
