import {
  ApproveTrustChangeHandler,
  EndTrustChangeHandler,
  GetTrustChangeHandler,
  ListTrustChangesHandler,
  PERMISSION_GRAPH,
  type PermissionGraphPort,
  ProposeTrustChangeHandler,
  TRUST_CHANGE_SETTINGS,
  trustChangeSettings,
} from '#governance';
import { PermissionService } from '../authorization/permission.service.js';
import { EscalationPathsController } from '../analysis/escalation-paths.http.controller.js';
import { GrantEscalation } from '../analysis/grant-escalation.js';
import { TrustChangesController } from './trust-changes.http.controller.js';

/** Trust-policy change review and escalation-path analysis: what features.ts registers. */
export const CONTROLLERS = [TrustChangesController, EscalationPathsController];

export const PROVIDERS = [
  ProposeTrustChangeHandler,
  ApproveTrustChangeHandler,
  EndTrustChangeHandler,
  GetTrustChangeHandler,
  ListTrustChangesHandler,
  GrantEscalation,
  // Approvals per risk level and expiry, from the environment (docs/trust-changes.md).
  { provide: TRUST_CHANGE_SETTINGS, useFactory: () => trustChangeSettings(process.env) },
  {
    provide: PERMISSION_GRAPH,
    useFactory: (permissions: PermissionService): PermissionGraphPort => ({
      model: permissions.permissionModel,
      waitFor: (position) => permissions.waitFor(position),
    }),
    inject: [PermissionService],
  },
];
