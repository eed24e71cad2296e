/** The built-in policies as data: name, description and the document exactly as the API returns it. */

export interface SystemPolicyDefinition {
  readonly policyName: string;
  readonly description: string;
  readonly statements: readonly { readonly Action: string | readonly string[]; readonly Resource: string }[];
}

/** Read-only verbs across every service, in the style of RAM's own ReadOnlyAccess. */
const READ_ONLY_VERBS = ['Describe*', 'List*', 'Get*', 'Query*', 'BatchGet*', 'Check*', 'Search*'];

export const SYSTEM_POLICY_DEFINITIONS: readonly SystemPolicyDefinition[] = [
  {
    policyName: 'AdministratorAccess',
    description: 'Provides full access to all cloud resources and services, including permission management.',
    statements: [{ Action: '*', Resource: '*' }],
  },
  {
    policyName: 'ReadOnlyAccess',
    description:
      'Provides read-only access to all cloud resources (Describe, List, Get, Query and Search actions).',
    statements: [{ Action: READ_ONLY_VERBS.map((verb) => `*:${verb}`), Resource: '*' }],
  },
  {
    policyName: 'AliyunRAMFullAccess',
    description:
      'Provides full access to Resource Access Management (RAM): users, groups, roles and policies.',
    statements: [{ Action: 'ram:*', Resource: '*' }],
  },
  {
    policyName: 'AliyunRAMReadOnlyAccess',
    description: 'Provides read-only access to Resource Access Management (RAM).',
    statements: [{ Action: ['ram:Get*', 'ram:List*'], Resource: '*' }],
  },
  {
    policyName: 'AliyunSTSAssumeRoleAccess',
    description: 'Provides permission to call the Security Token Service (STS) AssumeRole operation.',
    statements: [{ Action: 'sts:AssumeRole', Resource: '*' }],
  },
  {
    policyName: 'AliyunARMSFullAccess',
    description: 'Provides full access to Application Real-Time Monitoring Service (ARMS).',
    statements: [{ Action: 'arms:*', Resource: '*' }],
  },
  {
    policyName: 'AliyunARMSReadOnlyAccess',
    description: 'Provides read-only access to Application Real-Time Monitoring Service (ARMS).',
    statements: [
      {
        Action: ['arms:Get*', 'arms:List*', 'arms:Describe*', 'arms:Search*', 'arms:Query*', 'arms:Check*'],
        Resource: '*',
      },
    ],
  },
];
