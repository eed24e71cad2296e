import { Injectable } from '@nestjs/common';
import { arn, GroupCommit } from '#common';
import { Database } from '#event-store';
import {
  invalidToken,
  type SessionClaims,
  type SessionRef,
  type SessionStanding,
  sessionStandings,
  StsTokens,
} from '#sts';
import { AccountContext } from '../runtime/account-context.js';
import type { Authenticator, Caller } from '../http/caller.js';

/**
 * `Authorization: Bearer als_...`: an STS security token from AssumeRole. Other bearer tokens (root,
 * console sessions) are left to their authenticators. Signature, algorithm and expiry are checked first,
 * then, in the database, that the role is still the one the token was issued for and not revoked since.
 */
@Injectable()
export class StsTokenAuthenticator implements Authenticator {
  readonly scheme = 'Bearer';
  /** The session behind each caller this authenticated, for GetCallerIdentity (expiry, session name). */
  private readonly sessions = new WeakMap<Caller, SessionClaims>();

  /** The standings of concurrent requests' sessions, read together (one statement at a time). */
  private readonly standings: GroupCommit<SessionRef, SessionStanding>;

  constructor(
    private readonly tokens: StsTokens,
    db: Database,
    private readonly account: AccountContext,
  ) {
    this.standings = GroupCommit.reads((sessions) => sessionStandings(db, sessions));
  }

  async authenticate(token: string): Promise<Caller | undefined> {
    if (!StsTokens.isStsToken(token)) return undefined;
    const session = this.tokens.verify(token);
    const standing = await this.standings.submit(session);
    if (standing === 'role-gone') throw invalidToken('The role of this session no longer exists');
    if (standing === 'revoked') throw invalidToken('The session was revoked');
    const caller: Caller = {
      kind: 'assumed-role',
      arn: arn.assumedRole(this.account.accountId, session.roleName, session.roleSessionName),
      principalId: session.roleId,
      principalName: session.roleName,
      credential: 'sts-token',
      mfaPresent: session.mfaPresent,
      ...(session.sessionPolicy !== undefined && { sessionPolicy: session.sessionPolicy }),
    };
    this.sessions.set(caller, session);
    return caller;
  }

  sessionOf(caller: Caller): SessionClaims | undefined {
    return this.sessions.get(caller);
  }
}
