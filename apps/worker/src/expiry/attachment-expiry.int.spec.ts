import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandMetadata } from '#common';
import { stampEvents } from '#event-store';
import {
  AttachPolicy,
  attachmentsOf,
  decideAttachment,
  principalStreamId,
  AttachPolicyHandler,
  CreateUser,
  CreateUserHandler,
  DetachPolicy,
  DetachPolicyHandler,
  expireDueAttachments,
} from '#identity';
import { openTestInfrastructure, type TestInfrastructure } from '../testing/test-infrastructure.js';

const SYSTEM = ['ReadOnlyAccess', 'AliyunARMSReadOnlyAccess', 'AliyunSTSAssumeRoleAccess'];

describe('time-bound grants end exactly once', () => {
  let test: TestInfrastructure;
  const meta = (): CommandMetadata => ({
    now: new Date(),
    accountId: test.infra.accountId,
    actorArn: `acs:ram::${test.infra.accountId}:root`,
    requestId: 'expiry-test',
    correlationId: 'expiry-test',
  });

  beforeAll(async () => {
    test = await openTestInfrastructure('expiry');
  });

  afterAll(async () => {
    await test?.close();
  });

  it('with two workers racing, a restart, and a grant revoked before its end', async () => {
    const { store, db } = test.infra;
    const attach = new AttachPolicyHandler(store);
    const expiresAt = new Date(Date.now() + 500);
    const grants: string[] = [];
    for (let u = 0; u < 6; u++) {
      const userName = `temp-${u}`;
      await new CreateUserHandler(store).execute(new CreateUser({ userName, kind: 'human' }, meta()));
      for (const policyName of SYSTEM) {
        const target = {
          principalType: 'User' as const,
          principalName: userName,
          policyType: 'System',
          policyName,
        };
        const { value } = await attach.execute(new AttachPolicy(target, expiresAt, meta()));
        grants.push(value.attachmentId);
      }
    }
    const revoked = {
      principalType: 'User' as const,
      principalName: 'temp-0',
      policyType: 'System',
      policyName: 'ReadOnlyAccess',
    };
    await new DetachPolicyHandler(store).execute(new DetachPolicy(revoked, meta()));
    await sleep(600);

    // Two workers at once, each in several small runs, then a "restarted" worker.
    const worker = async () => {
      let ended = 0;
      for (let run = 0; run < 5; run++)
        ended += await expireDueAttachments(store, test.infra.accountId, () => new Date(), 3);
      return ended;
    };
    const [a, b] = await Promise.all([worker(), worker()]);
    const afterRestart = await expireDueAttachments(store, test.infra.accountId);
    expect(a + b + afterRestart).toBe(grants.length - 1);

    const { rows } = await db.query<{ attachment_id: string; n: number }>(
      `SELECT data->>'attachmentId' AS attachment_id, count(*)::int AS n FROM events
       WHERE event_type = 'PolicyAttachmentExpired' GROUP BY 1`,
    );
    expect(rows).toHaveLength(grants.length - 1);
    expect(rows.every((row) => row.n === 1)).toBe(true);
    expect((await db.query(`SELECT * FROM policy_attachments`)).rows).toEqual([]);
    expect(await expireDueAttachments(store, test.infra.accountId)).toBe(0);
  });

  it('a revoke racing the expiry of the same grant waits for it instead of deadlocking', async () => {
    const { store, db } = test.infra;
    await new CreateUserHandler(store).execute(new CreateUser({ userName: 'racer', kind: 'human' }, meta()));
    const target = {
      principalType: 'User' as const,
      principalName: 'racer',
      policyType: 'System',
      policyName: 'ReadOnlyAccess',
    };
    const { value } = await new AttachPolicyHandler(store).execute(
      new AttachPolicy(target, new Date(Date.now() + 300), meta()),
    );
    await sleep(400);

    // A worker mid-expiry: it holds the due row while the revoke arrives, then appends and commits.
    const expiring = store.transaction(async (tx) => {
      const { rows } = await tx.client.query<{ principal_id: string }>(
        `SELECT principal_id FROM policy_attachments WHERE attachment_id = $1 FOR UPDATE`,
        [value.attachmentId],
      );
      await sleep(500);
      const streamId = principalStreamId('User', rows[0].principal_id);
      const stream = await tx.readStream(streamId);
      const events = decideAttachment(
        { type: 'ExpireAttachment', attachmentId: value.attachmentId, now: new Date() },
        attachmentsOf(stream),
      );
      await tx.append(streamId, stream.at(-1)!.streamVersion, stampEvents(events, meta()));
      await tx.client.query(`DELETE FROM policy_attachments WHERE attachment_id = $1`, [value.attachmentId]);
    });
    await sleep(100);
    const revoke = new DetachPolicyHandler(store).execute(new DetachPolicy(target, meta())).then(
      () => 'detached',
      (error: { code?: string }) => error.code,
    );
    await expiring;
    expect(await revoke).toBe('EntityNotExist.PolicyAttachment');
    const { rows } = await db.query(
      `SELECT event_type FROM events WHERE data->>'attachmentId' = $1 ORDER BY global_position`,
      [value.attachmentId],
    );
    expect(rows.map((r) => r.event_type)).toEqual(['PolicyAttached', 'PolicyAttachmentExpired']);
  });
});
