import { Injectable } from '@nestjs/common';
import { arn, GroupCommit } from '#common';
import { Database } from '#event-store';
import {
  type AccessKeyOwner,
  type AccessKeyProof,
  AccessKeyVerifier,
  accessKeyRows,
  type AccessKeyRow,
  invalidAccessKey,
} from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import type { AuthenticateOptions, Authenticator, Caller } from '../http/caller.js';

/**
 * `Authorization: AccessKey <accessKeyId>:<accessKeySecret>`: a RAM user's active AccessKey pair. The keys
 * of concurrent requests are read together, one statement at a time: a request's read is sent only after it
 * arrived, so it still sees every deactivation or delete answered before it. A route whose write confirms
 * the key itself (`confirmedByWrite`) skips the read for a key read here before: its write's statement sees
 * those deactivations and deletes instead, and `failureOf` answers as a read would have when it fails.
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

  async authenticate(credential: string, options?: AuthenticateOptions): Promise<Caller> {
    const now = new Date();
    if (!options?.confirmedByWrite) return this.callerOf(await this.verifier.verify(credential, now));
    const { owner, proof } = await this.verifier.verifyForWrite(credential, now);
    return { ...this.callerOf(owner), accessKeyProof: proof };
  }

  /**
   * What a request that authenticated with `proof` answers when it failed with `error` before its write
   * confirmed the key, or because the write did not: `InvalidCredentials` whenever the key no longer holds,
   * as when it is read for the request, and the request's own error otherwise.
   */
  async failureOf(proof: AccessKeyProof, error: unknown): Promise<unknown> {
    if ((error as { code?: string }).code === 'InvalidCredentials') {
      this.verifier.forget(proof.accessKeyId);
      return error;
    }
    return (await this.verifier.stillHolds(proof)) ? error : invalidAccessKey();
  }

  private callerOf({ userId, userName }: AccessKeyOwner): Caller {
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
