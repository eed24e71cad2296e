import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { arn, DomainError, missingParameter } from '#common';
import { Database, EventStore, stampEvents } from '#event-store';
import { signInStreamId, type UserLoggedIn } from '../domain/credential.events.js';
import { MfaSeedCipher } from '../secrets/mfa-seed-cipher.js';
import { verifyAgainstDummy, verifyPassword } from '../secrets/password-hash.js';
import { matchingStep } from '../secrets/totp.js';
import { consoleSessions } from '../sessions/console-sessions.js';
import { findLoginAccount, type LoginAccount, spendMfaStep } from './login-account.js';
import { Login, type LoginResult } from './login.command.js';
import { loginThrottle } from './login-throttle.js';

// One answer for an unknown user, a wrong password and a wrong code: nothing says which it was.
const invalidCredentials = () =>
  new DomainError('InvalidCredentials', 'The user name, password or MFA code is not valid', 401);

@CommandHandler(Login)
export class LoginHandler implements ICommandHandler<Login, LoginResult> {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly cipher: MfaSeedCipher,
  ) {}

  async execute({ input, meta }: Login): Promise<LoginResult> {
    const { userName, password, mfaCode } = input;
    await loginThrottle.begin(this.db, userName, meta.now);
    const account = await findLoginAccount(this.db, userName);
    const passwordValid = account
      ? await verifyPassword(password, account.password_hash)
      : await verifyAgainstDummy(password);
    if (!account || !passwordValid) return this.fail(userName, meta.now);
    const mfaUsed = account.mfa_bound === true;
    if (mfaUsed) {
      if (mfaCode === undefined) throw missingParameter('MfaCode');
      if (!(await this.verifyMfaCode(account, mfaCode, meta.now))) return this.fail(userName, meta.now);
    }
    await loginThrottle.succeeded(this.db, userName);
    const session = await this.openSession(account, mfaUsed, meta);
    return {
      securityToken: session.securityToken,
      expiration: session.expiration.toISOString(),
      ...(account.mfa_bind_required && !mfaUsed && { mfaBindRequired: true as const }),
    };
  }

  private async fail(userName: string, now: Date): Promise<never> {
    await loginThrottle.failed(this.db, userName, now);
    throw invalidCredentials();
  }

  private async verifyMfaCode(account: LoginAccount, code: string, now: Date): Promise<boolean> {
    const seed = this.cipher.decrypt(account.sealed_seed!, account.user_id);
    const step = matchingStep(seed, code, now);
    return step !== undefined && (await spendMfaStep(this.db, account.user_id, step));
  }

  /** The session row and the audit event (ids only) commit together. */
  private openSession(account: LoginAccount, mfaUsed: boolean, meta: Login['meta']) {
    const userArn = arn.user(meta.accountId, account.user_name);
    const session = { userId: account.user_id, userName: account.user_name, mfaPresent: mfaUsed };
    return this.store.transaction(async (tx) => {
      const issued = await consoleSessions.issue(tx.client, session, meta.now);
      const loggedIn: UserLoggedIn = {
        type: 'UserLoggedIn',
        schemaVersion: 1,
        data: {
          userId: account.user_id,
          userName: account.user_name,
          mfaUsed,
          expiration: issued.expiration.toISOString(),
        },
      };
      await tx.append(
        signInStreamId(account.user_id),
        'any',
        stampEvents([loggedIn], { ...meta, actorArn: userArn }),
      );
      return issued;
    });
  }
}
