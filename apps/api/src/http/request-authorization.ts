import { DomainError } from '#common';
import type { Authenticator, Authorizer, Caller } from './caller.js';
import { ConsistencyService } from './consistency.service.js';
import { resourceArn, type RoutePermission } from './route-permission.js';

const invalidCredentials = () =>
  new DomainError('InvalidCredentials', 'The credentials are missing or not valid', 401);
const HEADER = /^(Bearer|AccessKey) ([\x21-\x7e]{1,8192})$/;

export interface RequestFacts {
  authorization?: string;
  minPosition?: string;
  params: Record<string, string>;
  sourceIp?: string;
  secure: boolean;
  /** The route's write confirms an AccessKey itself (`AuthenticateOptions.confirmedByWrite`). */
  confirmedByWrite?: boolean;
}

/**
 * Authentication and the API's own authorization of one request, independent of the framework: the Nest
 * guard and the decision endpoints' direct path use this same check.
 */
export class RequestAuthorization {
  private readonly fixedResources = new Map<string, string>();

  constructor(
    private readonly accountId: string,
    private readonly authenticators: readonly Authenticator[],
    private readonly authorizer: Authorizer,
  ) {}

  /** The authenticated caller, once it is allowed the route's action on its resource. */
  async check(permission: RoutePermission, facts: RequestFacts): Promise<Caller> {
    const caller = await this.authenticate(facts.authorization, facts.confirmedByWrite);
    if (permission.checkedInHandler) return caller;
    await this.require(caller, permission.action, this.resourceOf(permission, facts.params), facts);
    return caller;
  }

  /** Throws `NoPermission` unless the authenticated caller may do `action` on `resource`. */
  async require(
    caller: Caller,
    action: string,
    resource: string,
    facts: Pick<RequestFacts, 'minPosition' | 'sourceIp' | 'secure'>,
  ): Promise<void> {
    const allowed = await this.authorizer.isAllowed({
      caller,
      action,
      resource,
      context: () => requestContext(caller, facts.sourceIp, facts.secure),
      minPosition: ConsistencyService.parse(facts.minPosition),
    });
    if (!allowed) {
      throw new DomainError('NoPermission', `You are not authorized to do ${action} on ${resource}`, 403);
    }
  }

  /** Without path parameters the ARN depends on the template alone, so it is filled in once. */
  private resourceOf(permission: RoutePermission, params: Record<string, string>): string {
    if (Object.keys(params).length > 0) return resourceArn(permission.resource, this.accountId, params);
    let arn = this.fixedResources.get(permission.resource);
    if (arn === undefined) {
      arn = resourceArn(permission.resource, this.accountId, params);
      this.fixedResources.set(permission.resource, arn);
    }
    return arn;
  }

  private async authenticate(header: string | undefined, confirmedByWrite?: boolean): Promise<Caller> {
    const match = header ? HEADER.exec(header) : null;
    if (!match) throw invalidCredentials();
    const [, scheme, credential] = match;
    for (const authenticator of this.authenticators) {
      if (authenticator.scheme !== scheme) continue;
      const caller = await authenticator.authenticate(credential, { confirmedByWrite });
      if (caller) return caller;
    }
    throw invalidCredentials();
  }
}

/** The condition keys the service fills in itself; a caller cannot supply them. */
function requestContext(caller: Caller, sourceIp: string | undefined, secure: boolean) {
  return {
    'acs:PrincipalARN': caller.arn,
    'acs:MFAPresent': String(caller.mfaPresent),
    'acs:SecureTransport': String(secure),
    'acs:CurrentTime': new Date().toISOString(),
    ...(sourceIp !== undefined && { 'acs:SourceIp': sourceIp }),
  };
}
