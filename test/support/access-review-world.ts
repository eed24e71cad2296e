import pg from 'pg';
import { allowPolicy } from './policy-documents.js';
import { httpClient, type HttpResult } from './http-client.js';
import { type Client, ramSetup } from './ram-setup.js';
import { startTestService, type TestService, type TransportKind } from './test-service.js';

/** The position a write answered with, as the header that makes a later read or check wait for it. */
export const at = (response: HttpResult) => ({
  'ledger-min-position': response.headers.get('ledger-position')!,
});

export interface ReviewItemView {
  itemId: string;
  type: string;
  subject: { name: string };
  target: Record<string, string>;
  reviewers: { userName: string }[];
  flag?: string;
  evidence: Record<string, unknown>;
}

/**
 * A running service for access-review tests, with the `ReviewerAccess` policy (read campaigns, decide items)
 * and the calls the tests share. Fields are set once `beforeAll` has run: use them inside tests.
 */
export function accessReviewWorld(transport: TransportKind) {
  const world = {
    running: undefined as unknown as TestService,
    root: undefined as unknown as Client,
    setup: undefined as unknown as ReturnType<typeof ramSetup>,
    account: '',
    /** The service's database, to read events the way an auditor would. */
    db: undefined as unknown as pg.Client,
    ok: (pending: Promise<HttpResult>) => world.setup.track(pending, 200, 201, 204),
    user: (userName: string) => world.ok(world.root.post('/v1/users', { userName, kind: 'human' })),
    /** A user who reviews (ReviewerAccess), calling with its own AccessKey. */
    async reviewer(userName: string) {
      const client = await world.setup.user(userName);
      await world.ok(world.root.put(`/v1/users/${userName}/policies/Custom/ReviewerAccess`));
      return client;
    },
    arnOf: (userName: string) => `acs:ram::${world.account}:user/${userName}`,
    /** The authorization decision for a user at a position (`at(response)`). */
    async check(userName: string, action: string, position: Record<string, string>) {
      const resource = `acs:arms:cn-hangzhou:${world.account}:trace/1`;
      const body = { principalArn: world.arnOf(userName), action, resource };
      return (await world.root.post('/v1/authorize', body, position)).body.decision as string;
    },
    async itemsOf(client: Client, reviewId: string): Promise<ReviewItemView[]> {
      return (await client.get(`/v1/access-reviews/${reviewId}/items`)).body.items;
    },
    decide: (client: Client, reviewId: string, itemId: string, decision: string, comment?: string) =>
      client.post(`/v1/access-reviews/${reviewId}/items/${itemId}/decision`, {
        decision,
        ...(comment && { comment }),
      }),
  };

  beforeAll(async () => {
    world.running = await startTestService(transport);
    world.root = httpClient(world.running.url, { authorization: `Bearer ${world.running.rootToken}` });
    world.account = world.running.service.accountId;
    world.setup = ramSetup(world.running.url, world.root);
    const document = allowPolicy(['ram:GetAccessReview', 'ram:DecideAccessReviewItem']);
    await world.ok(
      world.root.post('/v1/policies', { policyName: 'ReviewerAccess', policyDocument: document }),
    );
    world.db = new pg.Client({ connectionString: world.running.databaseUrl });
    await world.db.connect();
  });

  afterAll(async () => {
    await world.db?.end();
    await world.running?.stop();
  });

  return world;
}
