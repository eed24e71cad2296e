import { Injectable } from '@nestjs/common';
import { arn } from '#common';
import { Database } from '#event-store';
import { verifyAccessKey } from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import type { Authenticator, Caller } from '../http/caller.js';

/** `Authorization: AccessKey <accessKeyId>:<accessKeySecret>`: a RAM user's active AccessKey pair. */
@Injectable()
export class AccessKeyAuthenticator implements Authenticator {
  readonly scheme = 'AccessKey';

  constructor(
    private readonly db: Database,
    private readonly account: AccountContext,
  ) {}

  async authenticate(credential: string): Promise<Caller> {
    const { userId, userName } = await verifyAccessKey(this.db, credential, new Date());
    return {
      kind: 'user',
      arn: arn.user(this.account.accountId, userName),
      principalId: userId,
      principalName: userName,
      credential: 'access-key',
      mfaPresent: false,
    };
  }
}
