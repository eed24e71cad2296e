import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Database, EventStore } from '#event-store';
import {
  accessReviewStreamId,
  type AccessReviewEvent,
  completeReview,
  DecideAccessReviewItem,
  DecideAccessReviewItemHandler,
  type DefaultDecision,
  evolveAccessReview,
  initialAccessReviewState,
  nextDueAt,
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
  serviceActorArn,
} from '#identity';
import { silentLog } from '../testing/test-infrastructure.js';
import { reviewTestInfrastructure } from './review-test-infrastructure.js';
import { startAccessReviewDeadlines } from './access-review-deadlines.js';

const DEFAULTS: DefaultDecision[] = ['Keep', 'Revoke', 'None'];

describe('access reviews close at their due date exactly once', () => {
  const suite = reviewTestInfrastructure('review-deadline');
  const meta = suite.meta;

  const readReview = async (reviewId: string) =>
    (await suite.test.infra.store.readStream(accessReviewStreamId(reviewId))).reduce(
      (state, event) => evolveAccessReview(state, event as AccessReviewEvent),
      initialAccessReviewState,
    );

  it('applies Keep / Revoke / None by default, resumes a completion cut off by a crash, across a restart', async () => {
    const { store, db, accountId } = suite.test.infra;
    await new CreateUserHandler(store).execute(
      new CreateUser({ userName: 'auditor', kind: 'human' }, meta()),
    );
    const reviews: Record<string, string> = {};
    for (const decision of DEFAULTS) {
      const group = `team-${decision.toLowerCase()}`;
      await new CreateGroupHandler(store).execute(new CreateGroup({ groupName: group }, meta()));
      for (const n of [1, 2, 3]) {
        const userName = `${group}-member-${n}`;
        await new CreateUserHandler(store).execute(new CreateUser({ userName, kind: 'human' }, meta()));
        await new JoinGroupHandler(store).execute(new JoinGroup(group, userName, meta()));
      }
      const { value } = await new StartAccessReviewHandler(store).execute(
        new StartAccessReview(
          {
            name: `${group} Q1`,
            scope: { types: ['GroupMembership'], groupNames: [group] },
            reviewers: { mode: 'users', userNames: ['auditor'] },
            dueAt: new Date(Date.now() + 1500).toISOString(),
            defaultDecision: decision,
            ...(decision === 'Keep' && { recurrence: 'Quarterly' as const }),
          },
          meta(),
        ),
      );
      reviews[decision] = value.reviewId;
      expect(value.items).toHaveLength(3);
    }
    // The reviewer keeps member 1 of the Revoke campaign: a decision beats the default.
    const revokeReview = await readReview(reviews.Revoke);
    if (revokeReview.status === 'absent') throw new Error('no review');
    const [kept, ...defaulted] = revokeReview.campaign.items;
    await new DecideAccessReviewItemHandler(store).execute(
      new DecideAccessReviewItem(
        reviews.Revoke,
        kept.itemId,
        { decision: 'Keep' },
        revokeReview.campaign.items[0].reviewers[0].userId,
        meta(`acs:ram::${accountId}:user/auditor`),
      ),
    );

    // A worker runs before the due date and restarts; nothing is closed early.
    const first = startAccessReviewDeadlines(store, accountId, silentLog, 50);
    await sleep(300);
    await first.stop();
    expect((await readReview(reviews.Keep)).status).toBe('Open');
    await sleep(1300);

    // At the due time a completion dies between two revocations: the second member's name row is held, so
    // the completer (a process whose lock waits time out) revokes the first and then fails on the second.
    const second = defaulted[1].subject.id!;
    const blocker = new pg.Client({ connectionString: suite.test.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`SELECT 1 FROM name_reservations WHERE owner_id = $1 FOR UPDATE`, [second]);
    const impatient = new Database(`${suite.test.env.DATABASE_URL}?options=-c%20lock_timeout%3D300`);
    const crashed = await completeReview(
      new EventStore(impatient),
      reviews.Revoke,
      meta(serviceActorArn(accountId)),
      'DueDate',
    ).then(
      () => 'completed',
      (error: { code?: string }) => error.code,
    );
    await impatient.close();
    expect(crashed).toBe('55P03');
    await blocker.query('ROLLBACK');
    await blocker.end();
    const midway = await readReview(reviews.Revoke);
    expect(midway.status).toBe('Completing');
    if (midway.status === 'absent') throw new Error('no review');
    expect([...midway.resolutions.keys()]).toHaveLength(1);

    // Two workers after the restart race to close everything due.
    const workers = [1, 2].map(() => startAccessReviewDeadlines(store, accountId, silentLog, 30));
    await waitFor(async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS open FROM access_reviews WHERE status <> 'Completed' AND due_at <= now()`,
      );
      return rows[0].open === 0;
    });
    await Promise.all(workers.map((w) => w.stop()));

    const members = async (group: string) =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM group_memberships m JOIN name_reservations g ON g.owner_id = m.group_id::text
           WHERE g.kind = 'Group' AND g.name_key = $1`,
          [group],
        )
      ).rows[0].n;
    expect(await members('team-keep')).toBe(3);
    expect(await members('team-revoke')).toBe(1);
    expect(await members('team-none')).toBe(3);

    const { rows: revocations } = await db.query(
      `SELECT data->>'itemId' AS item_id, metadata->>'actorArn' AS actor FROM events
       WHERE event_type = 'UserRemovedFromGroup' AND data->>'accessReviewId' = $1`,
      [reviews.Revoke],
    );
    expect(revocations.map((r) => r.item_id).sort()).toEqual(defaulted.map((i) => i.itemId).sort());
    expect(revocations.every((r) => r.actor === serviceActorArn(accountId))).toBe(true);

    const outcomes = async (decision: DefaultDecision) => {
      const state = await readReview(reviews[decision]);
      return state.status === 'Completed' ? state.completed!.outcomes : undefined;
    };
    expect(await outcomes('Keep')).toMatchObject({ Kept: 3, Revoked: 0, LeftAsIs: 0 });
    expect(await outcomes('Revoke')).toMatchObject({ Kept: 1, Revoked: 2, LeftAsIs: 0 });
    expect(await outcomes('None')).toMatchObject({ Kept: 0, Revoked: 0, LeftAsIs: 3 });

    // The recurring campaign started exactly one successor, a quarter later, marking unchanged items.
    const keep = await readReview(reviews.Keep);
    if (keep.status !== 'Completed') throw new Error('not completed');
    const nextId = keep.completed!.nextReviewId!;
    const { rows: successors } = await db.query(
      `SELECT review_id, status FROM access_reviews WHERE name = 'team-keep Q1'`,
    );
    expect(successors.map((r) => r.review_id).sort()).toEqual([reviews.Keep, nextId].sort());
    const next = await readReview(nextId);
    if (next.status === 'absent') throw new Error('no successor');
    const due = nextDueAt(new Date(keep.campaign.dueAt), new Date());
    expect(next.campaign).toMatchObject({
      dueAt: due.toISOString(),
      previousCertifiedReviewId: reviews.Keep,
      createdBy: serviceActorArn(accountId),
      recurrence: 'Quarterly',
    });
    expect(next.campaign.items.map((i) => i.evidence.changeSinceLastCertified)).toEqual([
      'Unchanged',
      'Unchanged',
      'Unchanged',
    ]);
    expect(next.status).toBe('Open');
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}
