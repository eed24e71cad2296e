import type { Decision, PolicyType, RequestContext } from '#policy';

/** A named authorization case in the style of cedar-go's authorize tests. */
export interface AuthorizeCase {
  readonly name: string;
  /** Policy documents as JSON-ready objects; named p0, p1, ... (type Custom) unless a session policy. */
  readonly policies: readonly CasePolicy[];
  readonly request: CaseRequest;
  readonly expect: Decision;
  /** Matched statements as `<policyName>#<statementIndex>`, in policy order. */
  readonly matched: readonly string[];
  /** Evaluation errors expected (count). */
  readonly errors?: number;
}

export interface CasePolicy {
  readonly name: string;
  readonly type: PolicyType;
  readonly document: object;
}

export interface CaseRequest {
  readonly principalArn?: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: RequestContext;
}

export const ACCOUNT = '1234567890123456';
export const ALICE = `acs:ram::${ACCOUNT}:user/alice`;
export const NOW = new Date('2024-06-01T12:00:00Z');

export const user = (name: string) => `acs:ram::${ACCOUNT}:user/${name}`;
export const role = (name: string) => `acs:ram::${ACCOUNT}:role/${name}`;

type Clause = Record<string, unknown>;

export const allow = (Action: unknown, Resource: unknown = '*', more: Clause = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...more,
});
export const deny = (Action: unknown, Resource: unknown = '*', more: Clause = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...more,
});
export const when = (Condition: Record<string, Record<string, unknown>>) => ({ Condition });
export const doc = (...Statement: object[]) => ({ Version: '1', Statement });

export const policies = (...documents: object[]): CasePolicy[] =>
  documents.map((document, index) => ({ name: `p${index}`, type: 'Custom', document }));

export const withSession = (identity: object[], session: object): CasePolicy[] => [
  ...policies(...identity),
  { name: 'SessionPolicy', type: 'Session', document: session },
];

export const req = (action: string, resource = user('bob'), context?: RequestContext): CaseRequest => ({
  action,
  resource,
  ...(context ? { context } : {}),
});

export function kase(
  name: string,
  policiesOrDocument: CasePolicy[] | object,
  request: CaseRequest,
  expect: Decision,
  matched: string[] = [],
  errors?: number,
): AuthorizeCase {
  const list = Array.isArray(policiesOrDocument) ? policiesOrDocument : policies(policiesOrDocument);
  return { name, policies: list, request, expect, matched, ...(errors === undefined ? {} : { errors }) };
}
