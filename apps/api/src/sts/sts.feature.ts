import { AssumeRoleHandler, RevokeRoleSessionsHandler } from '#sts';
import { AssumeRoleEndpoint } from './assume-role.endpoint.js';
import { RoleSessionRevocationsController } from './role-session-revocations.http.controller.js';
import { StsController } from './sts.http.controller.js';
import { StsTokenAuthenticator } from './sts-token.authenticator.js';

/** AssumeRole, GetCallerIdentity, role-session revocation and STS bearer tokens: what features.ts registers. */
export const CONTROLLERS = [StsController, RoleSessionRevocationsController];

export const PROVIDERS = [AssumeRoleHandler, RevokeRoleSessionsHandler, AssumeRoleEndpoint];

export const AUTHENTICATORS = [StsTokenAuthenticator];
