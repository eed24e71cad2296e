import type { RootCredential } from './root-token.js';

/** Deployment-wide facts the HTTP layer needs: the account id and the root credential. */
export class AccountContext {
  constructor(
    readonly accountId: string,
    readonly root: RootCredential,
  ) {}
}
