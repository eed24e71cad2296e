import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandMetadata } from '#common';
import {
  ApproveTrustChange,
  ApproveTrustChangeHandler,
  expireDueTrustChanges,
  type PermissionGraphPort,
  ProposeTrustChange,
  ProposeTrustChangeHandler,
  type TrustChangeSettings,
} from '#governance';
import { CreateRole, CreateRoleHandler } from '#identity';
import { PermissionService } from '../../../api/src/authorization/permission.service.js';
import { openTestInfrastructure, type TestInfrastructure } from '../testing/test-infrastructure.js';

const SHORT: TrustChangeSettings = { requiredApprovals: { critical: 2, high: 2, low: 2 }, expirySeconds: 1 };
const LONG: TrustChangeSettings = { ...SHORT, expirySeconds: 3600 };

/** Trust-change writers racing each other: workers expiring, reviewers approving (docs/trust-changes.md). */
describe('trust-policy changes under concurrency', () => {
  let test: TestInfrastructure;
  let permissions: PermissionService;
  let port: PermissionGraphPort;
  const arn = (name: string) => `acs:ram::${test.infra.accountId}:user/${name}`;
  const meta = (actor: string, now = new Date()): CommandMetadata => ({
    now,
    accountId: test.infra.accountId,
    actorArn: arn(actor),
    requestId: 'trust-test',
    correlationId: 'trust-test',
  });
  const count = async (type: string, changeId?: string) =>
    (
      await test.infra.db.query(
        `SELECT 1 FROM events WHERE event_type = $1 AND ($2::text IS NULL OR data->>'changeId' = $2)`,
        [type, changeId ?? null],
      )
    ).rowCount;
  const propose = (settings: TrustChangeSettings, roleName: string, principal: string) =>
    new ProposeTrustChangeHandler(test.infra.store, port, settings).execute(
      new ProposeTrustChange(
        roleName,
        {
          assumeRolePolicyDocument: JSON.stringify({
            Version: '1',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [arn(principal)] } }],
          }),
          justification: 'test',
        },
        meta('paula'),
      ),
    );
  const approve = (changeId: string, reviewer: string, now?: Date) =>
    new ApproveTrustChangeHandler(test.infra.store, port).execute(
      new ApproveTrustChange(changeId, undefined, meta(reviewer, now)),
    );

  beforeAll(async () => {
    test = await openTestInfrastructure('trustchange');
    permissions = new PermissionService(test.infra.store, test.infra.accountId);
    await permissions.start();
    port = { model: permissions.permissionModel, waitFor: (position) => permissions.waitFor(position) };
    const roles = new CreateRoleHandler(test.infra.store);
    for (const roleName of ['ops', 'batch', 'deploy']) {
      const input = {
        roleName,
        assumeRolePolicyDocument: JSON.stringify({
          Version: '1',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [arn('x')] } }],
        }),
      };
      await roles.execute(new CreateRole(input, meta('root')));
    }
  });

  afterAll(async () => {
    await permissions?.stop();
    await test?.close();
  });

  it('two workers racing and a restart expire each due proposal exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await propose(SHORT, 'ops', `u${i}`)).value.changeId);
    await sleep(1100);
    // A first worker stops after two (a restart), while a second races it; a third run finishes.
    const [first, second] = await Promise.all([
      expireDueTrustChanges(test.infra.store, test.infra.accountId, () => new Date(), 2),
      expireDueTrustChanges(test.infra.store, test.infra.accountId, () => new Date(), 2),
    ]);
    const rest = await expireDueTrustChanges(test.infra.store, test.infra.accountId);
    expect(first + second + rest).toBe(6);
    expect(await expireDueTrustChanges(test.infra.store, test.infra.accountId)).toBe(0);
    for (const changeId of ids) expect(await count('TrustPolicyChangeExpired', changeId)).toBe(1);
  });

  it('a late approval racing the timer: the proposal expires once and nothing is applied', async () => {
    const { changeId } = (await propose(SHORT, 'batch', 'late')).value;
    await sleep(1100);
    const outcomes = await Promise.allSettled([
      approve(changeId, 'rex'),
      expireDueTrustChanges(test.infra.store, test.infra.accountId),
    ]);
    expect(outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: { code: 'InvalidStatus.TrustPolicyChange' },
    });
    expect(await count('TrustPolicyChangeExpired', changeId)).toBe(1);
    expect(await count('TrustPolicyChanged', changeId)).toBe(0);
  });

  it('two reviewers approving at once are both counted and the change applies once', async () => {
    const { changeId } = (await propose(LONG, 'deploy', 'new')).value;
    const [a, b] = await Promise.all([approve(changeId, 'rex'), approve(changeId, 'sam')]);
    const statuses = [a.change.status, b.change.status].sort();
    expect(statuses).toEqual(['Applied', 'PendingReview']);
    const applied = a.change.status === 'Applied' ? a.change : b.change;
    expect(applied.approvals.map((x) => x.reviewerArn).sort()).toEqual([arn('rex'), arn('sam')]);
    expect(await count('TrustPolicyChanged', changeId)).toBe(1);
    expect(await count('TrustPolicyChangeApproved', changeId)).toBe(2);
  });
});
