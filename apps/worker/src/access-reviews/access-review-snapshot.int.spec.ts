import { setTimeout as sleep } from 'node:timers/promises';
import { checkpointOf, compareCheckpoints, START_OF_LOG, stampEvents } from '#event-store';
import {
  closedPrefixBound,
  emptySnapshot,
  foldIntoSnapshot,
  itemsDigest,
  readPrefixAfter,
  reviewItems,
  StartAccessReview,
  StartAccessReviewHandler,
} from '#governance';
import {
  CreateGroup,
  CreateGroupHandler,
  CreateUser,
  CreateUserHandler,
  JoinGroup,
  JoinGroupHandler,
  userStreamId,
} from '#identity';

import { reviewTestInfrastructure } from './review-test-infrastructure.js';

/**
 * What a campaign certifies is a prefix of the log in commit order: refolding exactly the events at or before
 * its checkpoint gives the same items and digest, whatever commits concurrently.
 */
describe('an access review certifies a provable snapshot', () => {
  const suite = reviewTestInfrastructure('review-snapshot');
  const meta = suite.meta;

  it('holds a write in flight when asked for, excludes later ones, and refolds to the same digest', async () => {
    const { store } = suite.test.infra;
    await new CreateGroupHandler(store).execute(new CreateGroup({ groupName: 'ops' }, meta()));
    const users = Array.from({ length: 12 }, (_, n) => `member-${n}`);
    for (const userName of [...users, 'early'])
      await new CreateUserHandler(store).execute(new CreateUser({ userName, kind: 'human' }, meta()));
    for (const userName of users.slice(0, 4))
      await new JoinGroupHandler(store).execute(new JoinGroup('ops', userName, meta()));

    // A join whose transaction is open when the campaign is asked for: it commits 300 ms later.
    let release: () => void = () => undefined;
    let appended: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const inFlight = new Promise<void>((resolve) => (appended = resolve));
    const early = store.transaction(async (tx) => {
      const [{ owner_id: userId }] = (
        await tx.client.query(
          `SELECT owner_id FROM name_reservations WHERE kind = 'User' AND name_key = 'early'`,
        )
      ).rows;
      const [{ owner_id: groupId }] = (
        await tx.client.query(
          `SELECT owner_id FROM name_reservations WHERE kind = 'Group' AND name_key = 'ops'`,
        )
      ).rows;
      const stream = await tx.readStream(userStreamId(userId));
      const data = { userId, userName: 'early', groupId, groupName: 'ops' };
      const joined = stampEvents([{ type: 'UserAddedToGroup', schemaVersion: 1, data }], meta());
      await tx.append(userStreamId(userId), stream.at(-1)!.streamVersion, joined);
      await tx.client.query(`INSERT INTO group_memberships (group_id, user_id) VALUES ($1, $2)`, [
        groupId,
        userId,
      ]);
      appended();
      await held;
    });
    await inFlight;
    const starting = new StartAccessReviewHandler(store).execute(
      new StartAccessReview(
        {
          name: 'ops',
          scope: { types: ['GroupMembership'], groupNames: ['ops'] },
          reviewers: { mode: 'owners' },
          dueAt: new Date(Date.now() + 3600_000).toISOString(),
          defaultDecision: 'None',
        },
        meta(),
      ),
    );
    // Joins racing the start: each lands before or after the checkpoint, never half.
    const racing = users
      .slice(4)
      .map((userName) => new JoinGroupHandler(store).execute(new JoinGroup('ops', userName, meta())));
    await sleep(300);
    release();
    await early;
    const { value: campaign } = await starting;
    await Promise.all(racing);

    const names = campaign.items.map((item) => item.subject.name);
    expect(names).toEqual(expect.arrayContaining(['early', ...users.slice(0, 4)]));

    // Refold the log's prefix up to the checkpoint, in commit order: the same items, the same digest.
    const checkpoint = campaign.snapshot;
    // Read by the same closed-prefix rule, not the consumers' server-wide guard: another database's long
    // transaction on a shared test server would hold that one back.
    const everything = await closedPrefixBound(store.db);
    const log = await readPrefixAfter(store, store.db, START_OF_LOG, everything, 100_000);
    const prefix = log.filter((event) => compareCheckpoints(checkpointOf(event), checkpoint) <= 0);
    const refolded = emptySnapshot();
    for (const event of prefix) foldIntoSnapshot(refolded, event);
    const items = reviewItems(refolded, {
      accountId: suite.test.infra.accountId,
      now: new Date(),
      scope: campaign.scope,
      keyLastUsed: new Map(),
    });
    expect(itemsDigest(items)).toBe(checkpoint.itemsDigest);
    expect(items.map((item) => item.itemId)).toEqual(campaign.items.map((item) => item.itemId));

    // Every join after the checkpoint is one the campaign does not hold, and the other way round.
    const joinsAfter = log
      .filter((event) => compareCheckpoints(checkpointOf(event), checkpoint) > 0)
      .filter((event) => event.type === 'UserAddedToGroup')
      .map((event) => (event.data as { userName: string }).userName);
    expect([...names, ...joinsAfter].sort()).toEqual([...users, 'early'].sort());
    expect(joinsAfter.every((name) => !names.includes(name))).toBe(true);
  });
});
