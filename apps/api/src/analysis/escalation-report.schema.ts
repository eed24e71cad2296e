import type { ApiBodyOptions } from '@nestjs/swagger';

type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/** The OpenAPI schema of an escalation report (`EscalationReport` in #governance). */
export const ESCALATION_REPORT_SCHEMA = {
  type: 'object',
  required: ['principalArn', 'administrative', 'paths'],
  properties: {
    principalArn: { type: 'string' },
    administrative: { type: 'boolean', description: 'the principal already holds administrative power' },
    paths: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'reaches', 'steps'],
        properties: {
          kind: {
            type: 'string',
            enum: [
              'AssumeAdministrativeRole',
              'AttachPolicyToSelf',
              'AttachPolicyToOwnGroup',
              'AttachPolicyToAssumableRole',
              'CreatePolicyVersion',
              'SetDefaultPolicyVersion',
              'AddSelfToGroup',
              'CreateAccessKey',
              'SetLoginPassword',
              'ProposeAndApproveTrustChange',
            ],
          },
          reaches: { type: 'string', description: 'the principal that ends with administrative power' },
          steps: {
            type: 'array',
            items: {
              type: 'object',
              required: ['principalArn', 'action', 'resource', 'description'],
              properties: {
                principalArn: { type: 'string', description: 'who uses the permission' },
                action: { type: 'string' },
                resource: { type: 'string' },
                description: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
} satisfies SchemaObject;
