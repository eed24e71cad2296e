import type { AccessKeyProof } from '#identity';

/** The authenticated caller of a request, as every later check sees it. */
export interface Caller {
  kind: 'root' | 'user' | 'assumed-role';
  arn: string;
  /** userId for users, roleId for role sessions. */
  principalId?: string;
  /** The user name, or the role name for a session. */
  principalName?: string;
  /** How the caller authenticated: decides `acs:MFAPresent` and what a credential may do. */
  credential: 'root-token' | 'access-key' | 'console-session' | 'sts-token';
  mfaPresent: boolean;
  /** For a role session created with a session policy (STS issue): its document text. */
  sessionPolicy?: string;
  /**
   * An AccessKey checked against this process's memory, not read for the request (only when the request
   * asked for it: `AuthenticateOptions.confirmedByWrite`): the request's write must confirm it.
   */
  accessKeyProof?: AccessKeyProof;
}

export interface AuthenticateOptions {
  /**
   * The route's write confirms an AccessKey in its own statement (AssumeRole), so the key may be checked
   * against what this process read of it before; failures then go through `AccessKeyAuthenticator.failureOf`.
   */
  confirmedByWrite?: boolean;
}

/**
 * One credential scheme of the `Authorization` header (`Bearer`, `AccessKey`). An authenticator answers
 * undefined when the credential is not of its kind, and throws `InvalidCredentials`/`TokenExpired` when it is
 * its kind but not valid.
 */
export interface Authenticator {
  readonly scheme: 'Bearer' | 'AccessKey';
  /** A credential checked in memory answers synchronously (the hot decision path skips a microtask). */
  authenticate(
    credential: string,
    options?: AuthenticateOptions,
  ): Caller | undefined | Promise<Caller | undefined>;
}

export const AUTHENTICATORS = Symbol('AUTHENTICATORS');

export interface AuthorizationCheck {
  caller: Caller;
  action: string;
  resource: string;
  /** The request's condition keys, built only when a policy is evaluated (never for the root). */
  context(): Record<string, string | string[]>;
  /** Wait until the permission state applied this position first (`Ledger-Min-Position`). */
  minPosition?: number;
}

/** Decides whether a caller may perform a route's RAM action on its resource. */
export interface Authorizer {
  isAllowed(check: AuthorizationCheck): Promise<boolean>;
}

export const AUTHORIZER = Symbol('AUTHORIZER');
