import {
  CreateGroupHandler,
  CreateUserHandler,
  DeleteGroupHandler,
  DeleteUserHandler,
  GetGroupHandler,
  GetUserHandler,
  JoinGroupHandler,
  LeaveGroupHandler,
  ListGroupMembersHandler,
  ListGroupsForUserHandler,
  ListGroupsHandler,
  ListUsersHandler,
  UpdateGroupHandler,
  UpdateUserHandler,
  CreateRoleHandler,
  GetRoleHandler,
  ListRolesHandler,
  UpdateRoleHandler,
  DeleteRoleHandler,
} from '#identity';
import * as credentials from './credentials/credentials.feature.js';
import * as trustChanges from './trust-changes/trust-changes.feature.js';
import * as owners from './owners/owners.feature.js';
import * as accessRequests from './access-requests/access-requests.feature.js';
import * as sts from './sts/sts.feature.js';
import * as auditIntegrity from './audit/integrity/audit-integrity.feature.js';
import * as auditTemporal from './audit/access/audit-temporal.feature.js';
import * as accessReviews from './access-reviews/access-reviews.feature.js';
import { AuthorizeController } from './authorization/authorize.http.controller.js';
import { RootAuthenticator } from './http/root.authenticator.js';
import { UsersController } from './users/users.http.controller.js';
import { UserLifecycleController } from './users/user-lifecycle.http.controller.js';
import { GroupsController } from './groups/groups.http.controller.js';
import { GroupMembersController } from './groups/group-members.http.controller.js';
import { RolesController } from './roles/roles.http.controller.js';
import { PoliciesController } from './policies/policies.http.controller.js';
import {
  GroupPoliciesController,
  RolePoliciesController,
  UserPoliciesController,
} from './grants/principal-policies.http.controller.js';
import { PolicyAttachmentsController } from './grants/policy-attachments.http.controller.js';
import {
  AttachPolicyHandler,
  CreatePolicyHandler,
  CreatePolicyVersionHandler,
  DeletePolicyHandler,
  DeletePolicyVersionHandler,
  DetachPolicyHandler,
  GetEffectivePoliciesHandler,
  GetPolicyHandler,
  ListPoliciesHandler,
  ListPolicyAttachmentsHandler,
  ListPolicyVersionsHandler,
  ListPrincipalPoliciesHandler,
  SetDefaultPolicyVersionHandler,
} from '#identity';

/**
 * Every HTTP feature of the API: its controllers and its command/query handlers. One line per area, so
 * areas are added without touching the module wiring.
 */
export const FEATURE_CONTROLLERS = [
  PoliciesController,
  UserPoliciesController,
  GroupPoliciesController,
  RolePoliciesController,
  PolicyAttachmentsController,
  UsersController,
  AuthorizeController,
  UserLifecycleController,
  GroupsController,
  GroupMembersController,
  RolesController,
  ...credentials.CONTROLLERS,
  ...trustChanges.CONTROLLERS,
  ...owners.CONTROLLERS,
  ...accessRequests.CONTROLLERS,
  ...sts.CONTROLLERS,
  ...auditIntegrity.CONTROLLERS,
  ...auditTemporal.CONTROLLERS,
  ...accessReviews.CONTROLLERS,
];

export const FEATURE_PROVIDERS = [
  CreatePolicyHandler,
  CreatePolicyVersionHandler,
  SetDefaultPolicyVersionHandler,
  DeletePolicyVersionHandler,
  DeletePolicyHandler,
  GetPolicyHandler,
  ListPoliciesHandler,
  ListPolicyVersionsHandler,
  AttachPolicyHandler,
  DetachPolicyHandler,
  ListPrincipalPoliciesHandler,
  ListPolicyAttachmentsHandler,
  GetEffectivePoliciesHandler,
  CreateUserHandler,
  GetUserHandler,
  ListUsersHandler,
  UpdateUserHandler,
  DeleteUserHandler,
  CreateGroupHandler,
  GetGroupHandler,
  ListGroupsHandler,
  UpdateGroupHandler,
  DeleteGroupHandler,
  JoinGroupHandler,
  LeaveGroupHandler,
  ListGroupMembersHandler,
  ListGroupsForUserHandler,
  CreateRoleHandler,
  GetRoleHandler,
  ListRolesHandler,
  UpdateRoleHandler,
  DeleteRoleHandler,
  ...credentials.PROVIDERS,
  ...trustChanges.PROVIDERS,
  ...owners.PROVIDERS,
  ...accessRequests.PROVIDERS,
  ...sts.PROVIDERS,
  ...auditIntegrity.PROVIDERS,
  ...auditTemporal.PROVIDERS,
  ...accessReviews.PROVIDERS,
];

/** Credential schemes of the `Authorization` header, tried in this order. */
export const FEATURE_AUTHENTICATORS = [
  RootAuthenticator,
  ...credentials.AUTHENTICATORS,
  ...sts.AUTHENTICATORS,
];
