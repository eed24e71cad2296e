import { Injectable } from '@nestjs/common';
import { arn } from '#common';
import { AccountContext } from '../runtime/account-context.js';
import type { Authenticator, Caller } from './caller.js';

/** `Authorization: Bearer <rootToken>`: the account owner, for bootstrap. */
@Injectable()
export class RootAuthenticator implements Authenticator {
  readonly scheme = 'Bearer';

  constructor(private readonly account: AccountContext) {}

  authenticate(token: string): Caller | undefined {
    if (!this.account.root.matches(token)) return undefined;
    return {
      kind: 'root',
      arn: arn.root(this.account.accountId),
      credential: 'root-token',
      mfaPresent: false,
    };
  }
}
