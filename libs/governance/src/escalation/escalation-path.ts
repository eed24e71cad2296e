/** How a path ends: the permission whose use gives administrative power (PMapper's edge kinds). */
export type EscalationKind =
  | 'AssumeAdministrativeRole'
  | 'AttachPolicyToSelf'
  | 'AttachPolicyToOwnGroup'
  | 'AttachPolicyToAssumableRole'
  | 'CreatePolicyVersion'
  | 'SetDefaultPolicyVersion'
  | 'AddSelfToGroup'
  | 'CreateAccessKey'
  | 'SetLoginPassword'
  | 'ProposeAndApproveTrustChange';

/** One use of a permission: `principalArn` performs `action` on `resource`. */
export interface EscalationStep {
  principalArn: string;
  action: string;
  resource: string;
  description: string;
}

export interface EscalationPath {
  kind: EscalationKind;
  /** The principal that ends up with administrative power. */
  reaches: string;
  steps: EscalationStep[];
}

export interface EscalationReport {
  principalArn: string;
  /** The principal already holds administrative power: no path is needed. */
  administrative: boolean;
  paths: EscalationPath[];
}

/** Identifies a path independently of list order, to tell which paths a change opens. */
export const pathKey = (startArn: string, path: EscalationPath) =>
  [startArn, path.kind, ...path.steps.map((s) => `${s.principalArn}>${s.action}>${s.resource}`)]
    .join('|')
    .toLowerCase();
