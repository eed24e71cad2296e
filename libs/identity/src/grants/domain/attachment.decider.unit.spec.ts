import { deciderSpec } from '#common/testing';
import { type AttachmentCommand, decideAttachment } from './attachment.decider.js';
import type { AttachmentData, AttachmentEvent } from './attachment.events.js';
import { evolveAttachments, initialAttachments, type PrincipalAttachments } from './attachment.state.js';

const spec = deciderSpec<AttachmentCommand, AttachmentEvent, PrincipalAttachments>({
  decide: decideAttachment,
  evolve: evolveAttachments,
  initialState: initialAttachments,
});

const now = new Date('2026-03-01T10:00:00.000Z');
const principal = { principalType: 'User', principalId: 'u-1', principalName: 'alice' } as const;
const system = (n: number) => ({ policyType: 'System', policyName: `Sys${n}` }) as const;
const custom = (n: number) =>
  ({ policyType: 'Custom', policyName: `cust-${n}`, policyId: `p-${n}` }) as const;
const attach = (
  policy: Extract<AttachmentCommand, { type: 'AttachPolicy' }>['policy'],
  extra = {},
): AttachmentCommand => ({
  type: 'AttachPolicy',
  principal,
  policy,
  attachmentId: `a-${policy.policyName}`,
  now,
  ...extra,
});
const data = (
  policy: Pick<AttachmentData, 'policyType' | 'policyName' | 'policyId'>,
  extra = {},
): AttachmentData => ({
  ...principal,
  ...policy,
  attachmentId: `a-${policy.policyName}`,
  ...extra,
});
const attached = (policy: Parameters<typeof data>[0], extra = {}): AttachmentEvent => ({
  type: 'PolicyAttached',
  schemaVersion: 1,
  data: data(policy, extra),
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('attachment decider', () => {
  it('attaches a policy, and attaching it again changes nothing', () => {
    spec
      .given([])
      .when(attach(custom(1)))
      .then([attached(custom(1))]);
    spec
      .given([attached(custom(1))])
      .when(attach(custom(1)))
      .thenNothingHappens();
  });

  it('holds a principal to 20 system and 10 custom policies, counted separately', () => {
    const twentySystem = range(20).map((n) => attached(system(n)));
    spec
      .given(twentySystem)
      .when(attach(system(21)))
      .thenThrows('LimitExceeded.Policy.System');
    spec
      .given(twentySystem)
      .when(attach(custom(1)))
      .then([attached(custom(1))]);
    const tenCustom = range(10).map((n) => attached(custom(n)));
    spec
      .given(tenCustom)
      .when(attach(custom(11)))
      .thenThrows('LimitExceeded.Policy.Custom');
    const detached: AttachmentEvent = { type: 'PolicyDetached', schemaVersion: 1, data: data(custom(3)) };
    spec
      .given([...tenCustom, detached])
      .when(attach(custom(11)))
      .then([attached(custom(11))]);
  });

  it('records a time-bound grant, refusing an expiry in the past or beyond a year', () => {
    const expiresAt = new Date(now.getTime() + 60_000);
    spec
      .given([])
      .when(attach(system(1), { expiresAt }))
      .then([attached(system(1), { expiresAt: expiresAt.toISOString() })]);
    spec
      .given([])
      .when(attach(system(1), { expiresAt: now }))
      .thenThrows('InvalidParameter.ExpiresAt');
    spec
      .given([])
      .when(attach(system(1), { expiresAt: new Date(now.getTime() + 400 * 86_400_000) }))
      .thenThrows('InvalidParameter.ExpiresAt');
  });

  it('detaches only what is attached', () => {
    spec
      .given([attached(custom(1))])
      .when({ type: 'DetachPolicy', principal, policy: custom(1) })
      .then([{ type: 'PolicyDetached', schemaVersion: 1, data: data(custom(1)) }]);
    spec
      .given([])
      .when({ type: 'DetachPolicy', principal, policy: custom(1) })
      .thenThrows('EntityNotExist.PolicyAttachment');
  });

  it('ends a due time-bound grant exactly once', () => {
    const grant = attached(system(1), { expiresAt: now.toISOString() });
    const expired: AttachmentEvent = { ...grant, type: 'PolicyAttachmentExpired' };
    const expire: AttachmentCommand = { type: 'ExpireAttachment', attachmentId: 'a-Sys1', now };
    spec.given([grant]).when(expire).then([expired]);
    spec.given([grant, expired]).when(expire).thenNothingHappens();
    spec
      .given([grant])
      .when({ ...expire, now: new Date(now.getTime() - 1) })
      .thenNothingHappens();
    // Detached and granted again (a new attachment id): the old timer entry ends nothing.
    const regranted = attached(system(1), { attachmentId: 'a-new', expiresAt: now.toISOString() });
    spec
      .given([grant, { ...grant, type: 'PolicyDetached' }, regranted])
      .when(expire)
      .thenNothingHappens();
  });
});

describe('attachments granted by access requests', () => {
  const later = new Date(now.getTime() + 120_000);
  const sooner = new Date(now.getTime() + 60_000);
  const byRequest = (id: string, expiresAt: Date) =>
    attached(system(1), { attachmentId: id, accessRequestId: id, expiresAt: expiresAt.toISOString() });
  const attachFor = (id: string, expiresAt: Date) =>
    attach(system(1), { attachmentId: id, accessRequestId: id, expiresAt });

  it('a grant outlasting the one in force replaces it; a shorter one or one under a standing grant adds nothing', () => {
    const first = byRequest('r1', sooner);
    spec
      .given([first])
      .when(attachFor('r2', later))
      .then([{ ...first, type: 'PolicyDetached' }, byRequest('r2', later)]);
    spec
      .given([byRequest('r1', later)])
      .when(attachFor('r2', sooner))
      .thenNothingHappens();
    spec
      .given([attached(system(1))])
      .when(attachFor('r2', later))
      .thenNothingHappens();
  });

  it('a standing grant replaces a request grant, so ending the request removes nothing', () => {
    const first = byRequest('r1', sooner);
    spec
      .given([first])
      .when(attach(system(1)))
      .then([{ ...first, type: 'PolicyDetached' }, attached(system(1))]);
    spec
      .given([first, { ...first, type: 'PolicyDetached' }, attached(system(1))])
      .when({ type: 'ExpireAttachment', attachmentId: 'r1', now: later })
      .thenNothingHappens();
  });
});
