import { Injectable } from '@nestjs/common';
import { arn } from '#common';
import { AccountContext } from '../runtime/account-context.js';
import type { Authenticator, Caller } from './caller.js';

/** `Authorization: Bearer <rootToken>`: the account owner, for bootstrap. */
@Injectable()
export class RootAuthenticator implements Authenticator {
  readonly scheme = 'Bearer';

  private readonly root: Caller;

  constructor(private readonly account: AccountContext) {
    this.root = Object.freeze({
      kind: 'root',
      arn: arn.root(account.accountId),
      credential: 'root-token',
      mfaPresent: false,
    });
  }

  authenticate(token: string): Caller | undefined {
    return this.account.root.matches(token) ? this.root : undefined;
  }
}
