import { deciderSpec } from '#common/testing';
import type { TrustChangeAnalysis } from '../analysis/trust-change-analysis.js';
import { actingPrincipal, decideTrustChange, type TrustChangeCommand } from './trust-change.decider.js';
import type { TrustChangeEvent, TrustPolicyChangeProposed } from './trust-change.events.js';
import { evolveTrustChange, initialTrustChangeState, type TrustChangeState } from './trust-change.state.js';
import { trustChangeSettings } from './trust-change.settings.js';

const spec = deciderSpec<TrustChangeCommand, TrustChangeEvent, TrustChangeState>({
  decide: decideTrustChange,
  evolve: (state, event) => evolveTrustChange(state, event),
  initialState: initialTrustChangeState,
});

const ACCOUNT = '1111111111111111';
const user = (name: string) => `acs:ram::${ACCOUNT}:user/${name}`;
const proposer = user('paula');
const reviewer = user('rex');
const second = user('sam');
const beneficiary = user('ben');
const now = new Date('2026-05-01T00:00:00.000Z');
const later = new Date('2026-05-02T00:00:00.000Z');
const expiresAt = new Date('2026-05-08T00:00:00.000Z');
const ref = { changeId: 'c-1', roleId: 'r-1', roleName: 'admin' };
const analysis: TrustChangeAnalysis = {
  riskLevel: 'high',
  addedPrincipals: [{ type: 'RAM', principal: beneficiary }],
  removedPrincipals: [],
  gainedAccess: [{ principalArn: beneficiary, via: [], actions: ['*'] }],
  lostAccess: [],
  activeSessionsAffected: [],
  findings: [{ code: 'NewPrincipalOnPrivilegedRole', message: '...' }],
};
const propose: Extract<TrustChangeCommand, { type: 'ProposeTrustChange' }> = {
  type: 'ProposeTrustChange',
  ...ref,
  proposerArn: proposer,
  proposerSources: [],
  assumeRolePolicyDocument: '{"Version":"1","Statement":[]}',
  justification: 'on-call',
  baseVersion: 1,
  analysis,
  requiredApprovals: 2,
  expiresAt,
  now,
};
const proposed = decideTrustChange(propose, initialTrustChangeState)[0] as TrustPolicyChangeProposed;
const approve = (reviewerArn: string, extra: Partial<TrustChangeCommand> = {}): TrustChangeCommand =>
  ({
    type: 'ApproveTrustChange',
    reviewerArn,
    reviewerSources: [],
    reviewerBenefits: false,
    currentTrustVersion: 1,
    now: later,
    ...extra,
  }) as TrustChangeCommand;
const approved = (reviewerArn: string) =>
  decideTrustChange(approve(reviewerArn), evolveTrustChange(initialTrustChangeState, proposed))[0]!;

describe('trust-change decider', () => {
  it('records a proposal with its base version, analysis, required approvals and expiry', () => {
    expect(proposed.data).toMatchObject({
      ...ref,
      baseVersion: 1,
      requiredApprovals: 2,
      proposedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      analysis,
    });
  });

  it('refuses approval by the proposer (SelfApprovalForbidden), even from a session of the same role', () => {
    spec.given([proposed]).when(approve(proposer)).thenThrows('SelfApprovalForbidden');
    const roleProposal = {
      ...proposed,
      data: { ...proposed.data, proposerArn: `acs:ram::${ACCOUNT}:assumed-role/ops/a` },
    };
    spec
      .given([roleProposal])
      .when(approve(`acs:ram::${ACCOUNT}:assumed-role/ops/b`))
      .thenThrows('SelfApprovalForbidden');
  });

  it('sees through role sessions: the proposer behind a session, a reviewer counted once across sessions', () => {
    const session = `acs:ram::${ACCOUNT}:assumed-role/auditor/s1`;
    spec
      .given([proposed])
      .when(approve(session, { reviewerSources: [proposer] }))
      .thenThrows('SelfApprovalForbidden');
    const viaSession = decideTrustChange(
      approve(session, { reviewerSources: [reviewer] }),
      evolveTrustChange(initialTrustChangeState, proposed),
    );
    spec
      .given([proposed, ...viaSession])
      .when(approve(reviewer))
      .thenNothingHappens();
    spec
      .given([proposed])
      .when(approve(session, { reviewerSources: [beneficiary] }))
      .thenThrows('ConflictOfInterest');
  });

  it('refuses approval by a principal the change lets in (ConflictOfInterest), recorded or judged now', () => {
    spec.given([proposed]).when(approve(beneficiary)).thenThrows('ConflictOfInterest');
    spec
      .given([proposed])
      .when(approve(reviewer, { reviewerBenefits: true }))
      .thenThrows('ConflictOfInterest');
  });

  it('counts an approval once per reviewer', () => {
    spec
      .given([proposed])
      .when(approve(reviewer))
      .then([approved(reviewer)].map((e) => ({ ...e })));
    spec
      .given([proposed, approved(reviewer)])
      .when(approve(reviewer))
      .thenNothingHappens();
  });

  it('applies when the last required approval arrives, recording every approver', () => {
    const [, applied] = decideTrustChange(
      approve(second),
      [proposed, approved(reviewer)].reduce(evolveTrustChange, initialTrustChangeState),
    );
    expect(applied).toEqual({
      type: 'TrustPolicyChangeApplied',
      schemaVersion: 1,
      data: { ...ref, trustPolicyVersion: 2, approvers: [reviewer, second], appliedAt: later.toISOString() },
    });
  });

  it('a repeated approval after the change applied changes nothing; a new reviewer is refused', () => {
    const applied = decideTrustChange(
      approve(second),
      [proposed, approved(reviewer)].reduce(evolveTrustChange, initialTrustChangeState),
    );
    spec
      .given([proposed, approved(reviewer), ...applied])
      .when(approve(second))
      .thenNothingHappens();
    spec
      .given([proposed, approved(reviewer), ...applied])
      .when(approve(user('zed')))
      .thenThrows('InvalidStatus.TrustPolicyChange');
  });

  it('supersedes the proposal when the role trust policy moved past its base version', () => {
    spec
      .given([proposed])
      .when(approve(reviewer, { currentTrustVersion: 2 }))
      .then([
        {
          type: 'TrustPolicyChangeSuperseded',
          schemaVersion: 1,
          data: { ...ref, baseVersion: 1, currentVersion: 2, supersededAt: later.toISOString() },
        },
      ]);
  });

  it('expires once past its expiry, whoever acts first; not before', () => {
    const expired = {
      type: 'TrustPolicyChangeExpired',
      schemaVersion: 1,
      data: { ...ref, expiresAt: expiresAt.toISOString(), expiredAt: expiresAt.toISOString() },
    } as const;
    spec.given([proposed]).when({ type: 'ExpireTrustChange', now: expiresAt }).then([expired]);
    spec.given([proposed]).when({ type: 'ExpireTrustChange', now: later }).thenNothingHappens();
    spec
      .given([proposed])
      .when(approve(reviewer, { now: expiresAt }))
      .then([expired]);
    spec
      .given([proposed, expired])
      .when({ type: 'ExpireTrustChange', now: later })
      .thenThrows('InvalidStatus.TrustPolicyChange');
  });

  it('lets any reviewer reject, which ends it', () => {
    spec
      .given([proposed])
      .when({ type: 'RejectTrustChange', reviewerArn: reviewer, reason: 'too broad', now: later })
      .then([
        {
          type: 'TrustPolicyChangeRejected',
          schemaVersion: 1,
          data: { ...ref, reviewerArn: reviewer, reason: 'too broad', rejectedAt: later.toISOString() },
        },
      ]);
    const rejected = evolveTrustChange(
      evolveTrustChange(initialTrustChangeState, proposed),
      decideTrustChange(
        { type: 'RejectTrustChange', reviewerArn: reviewer, reason: 'no', now: later },
        evolveTrustChange(initialTrustChangeState, proposed),
      )[0]!,
    );
    expect(rejected.status).toBe('Rejected');
    expect(() => decideTrustChange(approve(second), rejected)).toThrow('Rejected');
  });

  it('lets only the proposer cancel', () => {
    spec
      .given([proposed])
      .when({ type: 'CancelTrustChange', callerArn: reviewer, now: later })
      .thenThrows('NoPermission');
    spec
      .given([proposed])
      .when({ type: 'CancelTrustChange', callerArn: proposer, now: later })
      .then([
        {
          type: 'TrustPolicyChangeCancelled',
          schemaVersion: 1,
          data: { ...ref, cancelledBy: proposer, cancelledAt: later.toISOString() },
        },
      ]);
  });

  it('refuses to act on an unknown change and to propose twice under one id', () => {
    spec.given([]).when(approve(reviewer)).thenThrows('EntityNotExist.TrustPolicyChange');
    spec.given([proposed]).when(propose).thenThrows('EntityAlreadyExists.TrustPolicyChange');
  });

  it('treats a role session as its role and compares ARNs case-insensitively', () => {
    expect(actingPrincipal(`acs:ram::${ACCOUNT}:assumed-role/Ops/s`)).toBe(`acs:ram::${ACCOUNT}:role/ops`);
    expect(actingPrincipal(user('Rex'))).toBe(reviewer.toLowerCase());
  });
});

describe('trust-change settings', () => {
  it('defaults to 2 / 2 / 1 approvals and 7 days; reads valid overrides, ignores invalid ones', () => {
    expect(trustChangeSettings({})).toEqual({
      requiredApprovals: { critical: 2, high: 2, low: 1 },
      expirySeconds: 604800,
    });
    expect(
      trustChangeSettings({
        TRUST_CHANGE_APPROVALS_CRITICAL: '3',
        TRUST_CHANGE_APPROVALS_HIGH: '0',
        TRUST_CHANGE_APPROVALS_LOW: 'x',
        TRUST_CHANGE_EXPIRY_SECONDS: '2',
      }),
    ).toEqual({ requiredApprovals: { critical: 3, high: 2, low: 1 }, expirySeconds: 2 });
  });
});
