import { setTimeout as sleep } from 'node:timers/promises';
import { arn, type CommandMetadata } from '#common';
import {
  accessRequestSettingsFromEnv,
  DecideAccessRequest,
  DecideAccessRequestHandler,
  processDueAccessRequests,
  SubmitAccessRequest,
  SubmitAccessRequestHandler,
} from '#governance';
import { CreateGroup, CreateGroupHandler, CreateUser, CreateUserHandler } from '#identity';
import {
  openTestInfrastructure,
  silentLog,
  type TestInfrastructure,
} from '../testing/test-infrastructure.js';
import { startAccessRequestTimers } from './access-request-timers.js';

const REQUESTERS = 4;
const GROUPS = 3;

describe('access request grants end exactly once', () => {
  let test: TestInfrastructure;
  const meta = (actorArn = `acs:ram::${test.infra.accountId}:root`): CommandMetadata => ({
    now: new Date(),
    accountId: test.infra.accountId,
    actorArn,
    requestId: 'request-timers-test',
    correlationId: 'request-timers-test',
  });

  beforeAll(async () => {
    test = await openTestInfrastructure('request-timers');
  });

  afterAll(async () => {
    await test?.close();
  });

  it('across two racing workers and a restart, none missed, none twice', async () => {
    const { store, db, accountId } = test.infra;
    const person = async (userName: string) => {
      const { value } = await new CreateUserHandler(store).execute(
        new CreateUser({ userName, kind: 'human' }, meta()),
      );
      return { userId: value.userId, userName, arn: arn.user(accountId, userName) };
    };
    const approver = await person('approver');
    for (let g = 0; g < GROUPS; g++)
      await new CreateGroupHandler(store).execute(new CreateGroup({ groupName: `team-${g}` }, meta()));
    const submit = new SubmitAccessRequestHandler(store, accessRequestSettingsFromEnv({}));
    const decide = new DecideAccessRequestHandler(store);
    const granted: string[] = [];
    for (let u = 0; u < REQUESTERS; u++) {
      const requester = await person(`member-${u}`);
      for (let g = 0; g < GROUPS; g++) {
        // Two overlapping requests for one group (both submitted before either is granted): the
        // membership goes only when the second ends.
        for (const durationSeconds of g === 0 ? [1, 2] : [1]) {
          const target = { type: 'GroupMembership' as const, groupName: `team-${g}` };
          const input = { target, durationSeconds, justification: 'OPS-7 load test' };
          const { value } = await submit.execute(
            new SubmitAccessRequest(input, requester, meta(requester.arn)),
          );
          granted.push(value.requestId);
        }
      }
    }
    for (const requestId of granted) {
      const approve = { type: 'approve' } as const;
      await decide.execute(
        new DecideAccessRequest(requestId, approve, approver, async () => true, meta(approver.arn)),
      );
    }

    // Two workers from the start; one is stopped (a restart) and replaced while grants are ending.
    const first = startAccessRequestTimers(store, accountId, silentLog, 50);
    const second = startAccessRequestTimers(store, accountId, silentLog, 50);
    await sleep(1100);
    await first.stop();
    const restarted = startAccessRequestTimers(store, accountId, silentLog, 50);
    await sleep(2500);
    await Promise.all([second.stop(), restarted.stop()]);
    expect(await processDueAccessRequests(store, accountId)).toEqual({ expired: 0, ended: 0 });

    const count = async (type: string) =>
      (
        await db.query<{ id: string; n: number }>(
          `SELECT coalesce(data->>'requestId', data->>'accessRequestId') AS id, count(*)::int AS n FROM events
           WHERE event_type = $1 GROUP BY 1`,
          [type],
        )
      ).rows;
    const ended = await count('AccessRequestEnded');
    expect(ended.map((r) => r.id).sort()).toEqual([...granted].sort());
    expect(ended.every((r) => r.n === 1)).toBe(true);
    // One removal per (member, group): the shorter of the two overlapping grants removed nothing.
    const removals = await count('UserRemovedFromGroup');
    expect(removals).toHaveLength(REQUESTERS * GROUPS);
    expect(removals.every((r) => r.n === 1)).toBe(true);
    expect((await db.query(`SELECT * FROM group_memberships`)).rows).toEqual([]);
    const { rows } = await db.query(`SELECT DISTINCT status FROM access_requests`);
    expect(rows).toEqual([{ status: 'Ended' }]);
  });
});
