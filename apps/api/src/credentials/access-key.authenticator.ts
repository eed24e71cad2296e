import { Injectable } from '@nestjs/common';
import { arn } from '#common';
import { Database } from '#event-store';
import { AccessKeyVerifier, accessKeyRows, type AccessKeyRow } from '#identity';
import { GroupCommit } from '#sts';
import { AccountContext } from '../runtime/account-context.js';
import type { Authenticator, Caller } from '../http/caller.js';

/**
 * `Authorization: AccessKey <accessKeyId>:<accessKeySecret>`: a RAM user's active AccessKey pair. The keys
 * of concurrent requests are read together, one statement at a time: a request's read is sent only after it
 * arrived, so it still sees every deactivation or delete answered before it.
 */
@Injectable()
export class AccessKeyAuthenticator implements Authenticator {
  readonly scheme = 'AccessKey';
  private readonly verifier: AccessKeyVerifier;

  constructor(
    db: Database,
    private readonly account: AccountContext,
  ) {
    const reads = GroupCommit.reads<string, AccessKeyRow | undefined>(async (ids) => {
      const rows = await accessKeyRows.findMany(db, ids);
      return ids.map((id) => rows.get(id));
    });
    this.verifier = new AccessKeyVerifier(db, (id) => reads.submit(id));
  }

  async authenticate(credential: string): Promise<Caller> {
    const { userId, userName } = await this.verifier.verify(credential, new Date());
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
