import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { arn, type CommandMetadata, entityNotExist, invalidParameter, parseBody } from '#common';
import { parseRamPrincipalArn, SESSION_POLICY_MAX_LENGTH } from '#policy';
import { AssumeRole, type AssumedRoleCredentials, type AssumeRoleInput, refuseRootCaller } from '#sts';
import { AccessKeyAuthenticator } from '../credentials/access-key.authenticator.js';
import { AccountContext } from '../runtime/account-context.js';
import type { Caller } from '../http/caller.js';
import { RequestAuthorization, type RequestFacts } from '../http/request-authorization.js';
import type { RoutePermission } from '../http/route-permission.js';
import { Written } from '../http/write-result.js';

export const ASSUME_ROLE_SCHEMA = {
  roleArn: { type: 'string', required: true, maxLength: 512 },
  roleSessionName: { type: 'string', required: true, maxLength: 64 },
  durationSeconds: { type: 'integer' },
  policy: { type: 'string', maxLength: SESSION_POLICY_MAX_LENGTH },
  externalId: { type: 'string', maxLength: 1224 },
} as const;

/** What the route declares: authenticated by the guard, `sts:AssumeRole` checked here on the body's role. */
export const ASSUME_ROLE_PERMISSION: RoutePermission = {
  action: 'sts:AssumeRole',
  resource: 'acs:ram::{account}:role/<roleName from roleArn>',
  checkedInHandler: true,
};

type AssumeRoleBody = Omit<AssumeRoleInput, 'roleName'> & { roleArn: string };

/**
 * `POST /v1/sts/assume-role` once the caller is authenticated, independent of the framework: the Nest route
 * (StsController) and the direct path (assume-role.direct-path.ts) both answer through this one method.
 * The caller needs `sts:AssumeRole` on the role (its own policies, a session's narrowed by its session
 * policy) and the role's trust; the resource is the role ARN from the body, so it is checked here.
 */
@Injectable()
export class AssumeRoleEndpoint {
  constructor(
    private readonly commands: CommandBus,
    @Inject(RequestAuthorization) private readonly authorization: RequestAuthorization,
    private readonly account: AccountContext,
    private readonly accessKeys: AccessKeyAuthenticator,
  ) {}

  async assume(
    body: unknown,
    authenticated: Caller,
    facts: Pick<RequestFacts, 'minPosition' | 'sourceIp' | 'secure'>,
    meta: CommandMetadata,
  ): Promise<Written<AssumedRoleCredentials>> {
    const proof = authenticated.accessKeyProof;
    if (!proof) return this.assumeAs(body, authenticated, facts, meta);
    try {
      return await this.assumeAs(body, authenticated, facts, meta);
    } catch (error) {
      // Taken from memory, the key was not read for this request: a key that no longer holds answers 401
      // whatever else failed, as it would have before the body was even looked at.
      throw await this.accessKeys.failureOf(proof, error);
    }
  }

  private async assumeAs(
    body: unknown,
    authenticated: Caller,
    facts: Pick<RequestFacts, 'minPosition' | 'sourceIp' | 'secure'>,
    meta: CommandMetadata,
  ): Promise<Written<AssumedRoleCredentials>> {
    const { roleArn, ...rest } = parseBody<AssumeRoleBody>(body, ASSUME_ROLE_SCHEMA);
    const roleName = this.roleNameOf(roleArn);
    const caller = refuseRootCaller(authenticated);
    await this.authorization.require(
      caller,
      'sts:AssumeRole',
      arn.role(this.account.accountId, roleName),
      facts,
    );
    const { value, position } = await this.commands.execute(
      new AssumeRole(
        { ...rest, roleName },
        {
          kind: caller.kind,
          arn: caller.arn,
          principalId: caller.principalId ?? caller.arn,
          mfaPresent: caller.mfaPresent,
          ...(caller.accessKeyProof && { accessKey: caller.accessKeyProof }),
        },
        meta,
      ),
    );
    // The secret and the token are shown once: an Idempotency-Key replay answers without them.
    const { accessKeySecret: _secret, securityToken: _token, ...shownAgain } = value.credentials;
    return new Written(value, position, { ...value, credentials: shownAgain });
  }

  /** A role of this account; any other ARN names no role this service can hand out. */
  private roleNameOf(roleArn: string): string {
    const parsed = parseRamPrincipalArn(roleArn);
    if (!parsed || parsed.kind !== 'role') {
      throw invalidParameter('RoleArn', 'roleArn must be a role ARN: acs:ram::<accountId>:role/<roleName>');
    }
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    if (parsed.account !== this.account.accountId) throw entityNotExist('Role', roleName);
    return roleName;
  }
}
