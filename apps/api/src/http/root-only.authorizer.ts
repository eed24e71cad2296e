import type { AuthorizationCheck, Authorizer } from './caller.js';

/** Until a principal's permissions are known, only the root is allowed; everyone else is denied. */
export class RootOnlyAuthorizer implements Authorizer {
  async isAllowed({ caller }: AuthorizationCheck): Promise<boolean> {
    return caller.kind === 'root';
  }
}
