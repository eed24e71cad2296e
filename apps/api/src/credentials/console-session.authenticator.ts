import { Injectable } from '@nestjs/common';
import { arn, DomainError } from '#common';
import { Database } from '#event-store';
import { consoleSessions } from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import type { Authenticator, Caller } from '../http/caller.js';

/**
 * `Authorization: Bearer alc_...`: a console session from `POST /v1/login`. Other bearer tokens (root, STS)
 * are left to their authenticators.
 */
@Injectable()
export class ConsoleSessionAuthenticator implements Authenticator {
  readonly scheme = 'Bearer';

  constructor(
    private readonly db: Database,
    private readonly account: AccountContext,
  ) {}

  async authenticate(token: string): Promise<Caller | undefined> {
    if (!consoleSessions.isConsoleToken(token)) return undefined;
    const session = await consoleSessions.resolve(this.db, token, new Date());
    if (!session) throw new DomainError('InvalidCredentials', 'The console session is not valid', 401);
    return {
      kind: 'user',
      arn: arn.user(this.account.accountId, session.userName),
      principalId: session.userId,
      principalName: session.userName,
      credential: 'console-session',
      mfaPresent: session.mfaPresent,
    };
  }
}
