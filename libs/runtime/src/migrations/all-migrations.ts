import { CreateEventStore1764400000000, type MigrationClass } from '#event-store';
import {
  CreateEventChain1764400090000,
  GrantAppRoleRuntimeRights1764400092000,
  ProtectEventHistory1764400091000,
  AppRoleLogin1764400093000,
} from '#event-store';
import { CreateGroupMemberships1764400010000, CreateNameReservations1764400002000 } from '#identity';
import {
  CreateGroupViews1764400010100,
  CreateProjectionProgress1764400001000,
  CreateRolesView1764400040000,
} from '#projections';
import { CreatePolicyAttachments1764400030000 } from '#identity';
import { CreatePolicyViews1764400030010 } from '#projections';
import { CreateCredentialTables1764400020000 } from '#identity';
import { CreateRoleSessions1764400050000 } from '#sts';
import { CreateAccessReviews1764400080000 } from '#governance';
import { CreateAccessRequests1764400071000, CreateOwners1764400070000 } from '#governance';
import { CreateTrustPolicyChanges1764400060000 } from '#governance';
import { CreateAuditIntervals1764400095000 } from '#audit';
import { CreateDeploymentSettings1764400003000 } from './1764400003000-create-deployment-settings.js';

/** Every schema change of the service, in timestamp order; api and worker both apply what is pending at start. */
export const ALL_MIGRATIONS: MigrationClass[] = [
  CreateEventStore1764400000000,
  CreateProjectionProgress1764400001000,
  CreateNameReservations1764400002000,
  CreateDeploymentSettings1764400003000,
  CreateGroupMemberships1764400010000,
  CreateGroupViews1764400010100,
  CreateCredentialTables1764400020000,
  CreatePolicyAttachments1764400030000,
  CreatePolicyViews1764400030010,
  CreateRolesView1764400040000,
  CreateRoleSessions1764400050000,
  CreateTrustPolicyChanges1764400060000,
  CreateOwners1764400070000,
  CreateAccessRequests1764400071000,
  CreateAccessReviews1764400080000,
  CreateEventChain1764400090000,
  ProtectEventHistory1764400091000,
  GrantAppRoleRuntimeRights1764400092000,
  AppRoleLogin1764400093000,
  CreateAuditIntervals1764400095000,
];
