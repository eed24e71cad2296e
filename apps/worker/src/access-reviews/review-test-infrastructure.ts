import { afterAll, beforeAll } from '@jest/globals';
import type { CommandMetadata } from '#common';
import { openTestInfrastructure, type TestInfrastructure } from '../testing/test-infrastructure.js';

export interface ReviewTestSuite {
  /** Set by `beforeAll`. */
  test: TestInfrastructure;
  /** Command metadata for setup calls: by the root unless another actor is named. */
  meta(actorArn?: string): CommandMetadata;
}

/** A fresh database for an access-review int test suite, opened before it and closed after it. */
export function reviewTestInfrastructure(prefix: string): ReviewTestSuite {
  const suite: ReviewTestSuite = {
    test: undefined as unknown as TestInfrastructure,
    meta: (actorArn = `acs:ram::${suite.test.infra.accountId}:root`) => ({
      now: new Date(),
      accountId: suite.test.infra.accountId,
      actorArn,
      requestId: prefix,
      correlationId: prefix,
    }),
  };
  beforeAll(async () => {
    suite.test = await openTestInfrastructure(prefix);
  });
  afterAll(async () => {
    await suite.test?.close();
  });
  return suite;
}
