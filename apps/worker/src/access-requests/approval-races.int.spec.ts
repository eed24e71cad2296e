import { setTimeout as sleep } from 'node:timers/promises';
import { arn, type CommandMetadata } from '#common';
import { stampEvents } from '#event-store';
import {
  accessRequestSettingsFromEnv,
  ChangeOwner,
  ChangeOwnerHandler,
  DecideAccessRequest,
  DecideAccessRequestHandler,
  decideOwner,
  evolveTargetOwners,
  initialTargetOwners,
  ownerTargetStreamId,
  recordOwners,
  SubmitAccessRequest,
  SubmitAccessRequestHandler,
} from '#governance';
import { CreateGroup, CreateGroupHandler, CreateUser, CreateUserHandler, loadByName } from '#identity';
import { openTestInfrastructure, type TestInfrastructure } from '../testing/test-infrastructure.js';

describe('an approval racing the removal of the approver as owner', () => {
  let test: TestInfrastructure;
  const meta = (): CommandMetadata => ({
    now: new Date(),
    accountId: test.infra.accountId,
    actorArn: `acs:ram::${test.infra.accountId}:root`,
    requestId: 'approval-races',
    correlationId: 'approval-races',
  });

  beforeAll(async () => {
    test = await openTestInfrastructure('approval-races');
  });

  afterAll(async () => {
    await test?.close();
  });

  it('waits for the removal in flight and is then refused', async () => {
    const { store, accountId } = test.infra;
    const person = async (userName: string) => {
      const { value } = await new CreateUserHandler(store).execute(
        new CreateUser({ userName, kind: 'human' }, meta()),
      );
      return { userId: value.userId, userName, arn: arn.user(accountId, userName) };
    };
    const [alice, bob] = [await person('alice'), await person('bob'), await person('carol')];
    await new CreateGroupHandler(store).execute(new CreateGroup({ groupName: 'ops' }, meta()));
    for (const owner of ['bob', 'carol'])
      await new ChangeOwnerHandler(store).execute(new ChangeOwner('AddOwner', 'Group', 'ops', owner, meta()));
    const input = { target: { type: 'GroupMembership' as const, groupName: 'ops' }, justification: 'OPS-9' };
    const submit = new SubmitAccessRequestHandler(store, accessRequestSettingsFromEnv({}));
    const { value: request } = await submit.execute(new SubmitAccessRequest(input, alice, meta()));

    // The removal of bob as owner, held open (as if slow) while bob's approval arrives: the approval waits on
    // the owners row it locks FOR SHARE, then no longer finds bob among the owners.
    const removing = store.transaction(async (tx) => {
      const target = await loadByName(
        tx,
        { kind: 'Group', name: 'ops', mode: 'SHARE' },
        (id) => ownerTargetStreamId('Group', id),
        evolveTargetOwners,
        initialTargetOwners,
      );
      const events = decideOwner({ type: 'RemoveOwner', targetType: 'Group', user: bob }, target.state);
      await tx.append(target.streamId, target.expectedVersion, stampEvents(events, meta()));
      await recordOwners(tx.client, events);
      await sleep(500);
    });
    await sleep(100);
    const approval = new DecideAccessRequestHandler(store)
      .execute(
        new DecideAccessRequest(request.requestId, { type: 'approve' }, bob, async () => false, meta()),
      )
      .then(
        () => 'approved',
        (error: { code?: string }) => error.code,
      );
    await removing;
    expect(await approval).toBe('NoPermission');
    const events = await store.readStream(`accessrequest-${request.requestId}`);
    expect(events.map((e) => e.type)).toEqual(['AccessRequestSubmitted']);
  });
});
