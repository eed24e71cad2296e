import { deciderSpec } from '#common/testing';
import { type AccessRequestCommand, decideAccessRequest } from './access-request.decider.js';
import type { AccessRequestEvent } from './access-request.events.js';
import {
  type AccessRequestState,
  evolveAccessRequest,
  initialAccessRequestState,
} from './access-request.state.js';

const spec = deciderSpec<AccessRequestCommand, AccessRequestEvent, AccessRequestState>({
  decide: decideAccessRequest,
  evolve: evolveAccessRequest,
  initialState: initialAccessRequestState,
});

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const person = (name: string) => ({ userId: `id-${name}`, userName: name, arn: `acs:ram::1:user/${name}` });
const alice = person('alice');
const bob = person('bob');
const carol = person('carol');
const target = { type: 'GroupMembership', groupId: 'g-1', groupName: 'ops' } as const;
const subject = { requestId: 'r-1', requesterName: 'alice', target, targetArn: 'acs:ram::1:group/ops' };
const rules = { maxDurationSeconds: 1209600, justificationPattern: /^[A-Z]+-\d+/, pendingExpirySeconds: 600 };
const submit = (extra: Partial<Extract<AccessRequestCommand, { type: 'SubmitAccessRequest' }>> = {}) =>
  ({
    type: 'SubmitAccessRequest',
    requestId: 'r-1',
    requester: alice,
    target,
    targetArn: subject.targetArn,
    durationSeconds: 3600,
    justification: 'OPS-12 incident',
    requiredApprovals: 1,
    rules,
    now: t0,
    ...extra,
  }) as AccessRequestCommand;
const submitted = (requiredApprovals = 1): AccessRequestEvent => ({
  type: 'AccessRequestSubmitted',
  schemaVersion: 1,
  data: {
    ...subject,
    requester: alice,
    justification: 'OPS-12 incident',
    durationSeconds: 3600,
    requiredApprovals,
    submittedAt: t0.toISOString(),
    expiresAt: at(600).toISOString(),
  },
});
const recorded = (approver: typeof bob, approvals: number, requiredApprovals = 1): AccessRequestEvent => ({
  type: 'AccessRequestApprovalRecorded',
  schemaVersion: 1,
  data: { ...subject, approver, approvals, requiredApprovals },
});
const approved = (when: number, approvers: string[]): AccessRequestEvent => ({
  type: 'AccessRequestApproved',
  schemaVersion: 1,
  data: {
    ...subject,
    grantedAt: at(when).toISOString(),
    expiresAt: at(when + 3600).toISOString(),
    approvers,
  },
});
const approve = (approver: typeof bob, seconds = 60): AccessRequestCommand => ({
  type: 'ApproveAccessRequest',
  approver,
  now: at(seconds),
});

describe('access request decider', () => {
  it('submits with the pending deadline, holding duration and justification to the rules', () => {
    spec.given([]).when(submit()).then([submitted()]);
    spec
      .given([])
      .when(submit({ durationSeconds: 0 }))
      .thenThrows('InvalidParameter.DurationSeconds');
    spec
      .given([])
      .when(submit({ durationSeconds: 1209601 }))
      .thenThrows('InvalidParameter.DurationSeconds');
    spec
      .given([])
      .when(submit({ justification: 'because' }))
      .thenThrows('InvalidParameter.Justification');
    spec
      .given([])
      .when(submit({ justification: '   ' }))
      .thenThrows('InvalidParameter.Justification');
  });

  it('approves with one approval, the access clock starting at approval', () => {
    spec
      .given([submitted()])
      .when(approve(bob, 120))
      .then([recorded(bob, 1), approved(120, [bob.arn])]);
  });

  it('never lets the requester approve or deny their own request', () => {
    spec.given([submitted()]).when(approve(alice)).thenThrows('SelfApprovalForbidden');
    spec
      .given([submitted()])
      .when({ type: 'DenyAccessRequest', denier: alice, now: at(1) })
      .thenThrows('SelfApprovalForbidden');
  });

  it('counts each approver once and needs the required number', () => {
    spec
      .given([submitted(2)])
      .when(approve(bob))
      .then([recorded(bob, 1, 2)]);
    spec
      .given([submitted(2), recorded(bob, 1, 2)])
      .when(approve(bob))
      .thenThrows('ApprovalAlreadyRecorded');
    spec
      .given([submitted(2), recorded(bob, 1, 2)])
      .when(approve(carol, 90))
      .then([recorded(carol, 2, 2), approved(90, [bob.arn, carol.arn])]);
  });

  it('ends the request on any denial, even after one of two approvals', () => {
    const denied: AccessRequestEvent = {
      type: 'AccessRequestDenied',
      schemaVersion: 1,
      data: { ...subject, denier: carol, reason: 'no' },
    };
    spec
      .given([submitted(2), recorded(bob, 1, 2)])
      .when({ type: 'DenyAccessRequest', denier: carol, reason: 'no', now: at(5) })
      .then([denied]);
    spec
      .given([submitted(2), recorded(bob, 1, 2), denied])
      .when(approve(carol))
      .thenThrows('AccessRequestNotPending');
  });

  it('refuses a decision after the pending deadline, and expires it once', () => {
    spec.given([submitted()]).when(approve(bob, 600)).thenThrows('AccessRequestExpired');
    const expired: AccessRequestEvent = {
      type: 'AccessRequestExpired',
      schemaVersion: 1,
      data: { ...subject, expiredAt: at(601).toISOString() },
    };
    spec
      .given([submitted()])
      .when({ type: 'ExpireAccessRequest', now: at(599) })
      .thenNothingHappens();
    spec
      .given([submitted()])
      .when({ type: 'ExpireAccessRequest', now: at(601) })
      .then([expired]);
    spec
      .given([submitted(), expired])
      .when({ type: 'ExpireAccessRequest', now: at(700) })
      .thenNothingHappens();
  });

  it('lets only the requester cancel, and only while pending', () => {
    const cancel = (who: typeof alice): AccessRequestCommand => ({
      type: 'CancelAccessRequest',
      caller: who,
      now: at(1),
    });
    spec
      .given([submitted()])
      .when(cancel(alice))
      .then([{ type: 'AccessRequestCancelled', schemaVersion: 1, data: subject }]);
    spec.given([submitted()]).when(cancel(bob)).thenThrows('NoPermission');
    spec
      .given([submitted(), recorded(bob, 1), approved(60, [bob.arn])])
      .when(cancel(alice))
      .thenThrows('AccessRequestNotPending');
  });

  it('ends a granted request once its time is up, exactly once', () => {
    const granted = [submitted(), recorded(bob, 1), approved(60, [bob.arn])];
    const ended: AccessRequestEvent = {
      type: 'AccessRequestEnded',
      schemaVersion: 1,
      data: { ...subject, endedAt: at(3660).toISOString() },
    };
    spec
      .given(granted)
      .when({ type: 'EndAccessRequest', now: at(3659) })
      .thenNothingHappens();
    spec
      .given(granted)
      .when({ type: 'EndAccessRequest', now: at(3660) })
      .then([ended]);
    spec
      .given([...granted, ended])
      .when({ type: 'EndAccessRequest', now: at(9999) })
      .thenNothingHappens();
    spec
      .given([submitted()])
      .when({ type: 'EndAccessRequest', now: at(9999) })
      .thenNothingHappens();
  });
});
