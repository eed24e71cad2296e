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
    const result = this.permissions.evaluate(
      { principalArn: caller.arn, action: check.action, resource: check.resource, context: check.context() },
      new Date(),
      // A role session is narrowed by its own session policy (none: the role's policies alone).
      caller.kind === 'assumed-role' ? { policy: caller.sessionPolicy } : undefined,
    );
    return result.decision === 'Allow';
  }
}
