import { DomainError, invalidParameter, missingParameter } from '#common';

export type PrincipalKind = 'User' | 'Role';

export interface PrincipalRef {
  kind: PrincipalKind;
  name: string;
  arn: string;
}

// A full ISO-8601 instant with a zone: `2026-03-01T10:00:00Z`, `...T10:00:00.123+02:00`. No bare dates, no
// local times: an audit question about "when" must not depend on the server's zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An `at`/`from`/`to` parameter; absent means now when `fallback` is given. */
export function parseInstant(field: string, value: unknown, fallback?: Date): Date {
  if (value === undefined || value === '') {
    if (fallback) return fallback;
    throw missingParameter(field);
  }
  const text = String(value);
  const time = ISO_INSTANT.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalidParameter(
      field,
      `${field} must be an ISO-8601 instant with a zone, e.g. 2026-03-01T10:00:00Z`,
    );
  }
  return new Date(time);
}

export function requireText(field: string, value: unknown, maxLength = 1024): string {
  if (value === undefined || value === '') throw missingParameter(field);
  const text = String(value);
  if (text.length > maxLength)
    throw invalidParameter(field, `${field} is longer than ${maxLength} characters`);
  return text;
}

/** `acs:ram::<account>:user/<name>` or `...:role/<name>` of this deployment's account. */
export function parsePrincipalArn(value: unknown, accountId: string): PrincipalRef {
  const text = requireText('PrincipalArn', value, 256);
  const match = /^acs:ram::(\d+):(user|role)\/([A-Za-z0-9._@-]{1,64})$/.exec(text);
  if (!match) {
    throw invalidParameter(
      'PrincipalArn',
      'principalArn must be a user or role ARN, e.g. acs:ram::<account>:user/alice',
    );
  }
  if (match[1] !== accountId) {
    throw new DomainError('EntityNotExist.Principal', `The principal ${text} is not of this account`, 404);
  }
  return { kind: match[2] === 'user' ? 'User' : 'Role', name: match[3], arn: text };
}
