import { DomainError } from '#common';
import type { AuthorizationCheck, Authorizer } from '../http/caller.js';
import type { PermissionService } from './permission.service.js';

/**
 * The API's own authorization: the root may do everything; a RAM user or role session gets exactly what its
 * policies allow for the route's action and resource (default deny, explicit deny wins); a role session
 * only what both its role's policies and its session policy allow.
 */
export class PolicyAuthorizer implements Authorizer {
  constructor(private readonly permissions: PermissionService) {}

  async isAllowed(check: AuthorizationCheck): Promise<boolean> {
    if (check.caller.kind === 'root') return true;
    if (check.minPosition !== undefined) await this.permissions.waitFor(check.minPosition);
    const { caller } = check;
    const evaluate = () =>
      this.permissions.evaluate(
        {
          principalArn: caller.arn,
          action: check.action,
          resource: check.resource,
          context: check.context(),
        },
        new Date(),
        // A role session is narrowed by its own session policy (none: the role's policies alone).
        caller.kind === 'assumed-role' ? { policy: caller.sessionPolicy } : undefined,
      );
    try {
      return evaluate().decision === 'Allow';
    } catch (error) {
      // The caller was just authenticated from the tables its events commit with: a user or role the
      // permission state does not know yet is lag (created a moment ago), not absence. It catches up with
      // the log first (503 ProjectionLag should it not within the wait), then decides.
      if (!(error instanceof DomainError && error.code.startsWith('EntityNotExist.'))) throw error;
      await this.permissions.catchUp();
      return evaluate().decision === 'Allow';
    }
  }
}
