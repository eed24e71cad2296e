import type { PatternList, PermissionStatement, PolicyDocument } from '../model/policy-document.js';
import { ACTION_PATTERNS, RESOURCE_PATTERNS, setCovers, setsIntersect } from './pattern-sets.js';

/** RAM actions that change identities, grants or trust: holding any of them can lead to more power. */
export const RAM_WRITE_ACTIONS: readonly string[] = [
  'ram:Create*',
  'ram:Update*',
  'ram:Delete*',
  'ram:Attach*',
  'ram:Detach*',
  'ram:Put*',
  'ram:Set*',
  'ram:Add*',
  'ram:Remove*',
  'ram:Change*',
  'ram:Bind*',
  'ram:Unbind*',
  'ram:Propose*',
  'ram:Review*',
];

const EVERYTHING: PatternList = { negated: false, patterns: ['*'] };
const RAM_WRITE: PatternList = { negated: false, patterns: RAM_WRITE_ACTIONS };
const RAM_RESOURCES: PatternList = { negated: false, patterns: ['acs:ram:*'] };

export interface PrivilegedStatement {
  readonly policyIndex: number;
  readonly statementIndex: number;
}

/**
 * Allow statements that grant every action on every resource (`*` on `*`, with or without conditions),
 * unless an unconditional Deny of everything is present.
 */
export function administrativeStatements(documents: readonly PolicyDocument[]): PrivilegedStatement[] {
  return matchingAllows(
    documents,
    (statement) => {
      return (
        setCovers(statement.action, EVERYTHING, ACTION_PATTERNS) &&
        setCovers(statement.resource, EVERYTHING, RESOURCE_PATTERNS)
      );
    },
    EVERYTHING,
  );
}

/** Allow statements that may grant a RAM write action (ram:Create*, ram:Attach*, ram:Put*, ...) on RAM resources. */
export function ramWriteStatements(documents: readonly PolicyDocument[]): PrivilegedStatement[] {
  return matchingAllows(
    documents,
    (statement) => {
      return (
        setsIntersect(statement.action, RAM_WRITE, ACTION_PATTERNS) &&
        setsIntersect(statement.resource, RAM_RESOURCES, RESOURCE_PATTERNS)
      );
    },
    RAM_WRITE,
  );
}

export function isAdministrative(documents: readonly PolicyDocument[]): boolean {
  return administrativeStatements(documents).length > 0;
}

export function grantsRamWrite(documents: readonly PolicyDocument[]): boolean {
  return ramWriteStatements(documents).length > 0;
}

/** Conservative: only an unconditional Deny covering all of `guarded` on every resource cancels the grants. */
function matchingAllows(
  documents: readonly PolicyDocument[],
  grants: (statement: PermissionStatement) => boolean,
  guarded: PatternList,
): PrivilegedStatement[] {
  const statements = documents.flatMap((document, policyIndex) =>
    document.statements.map((statement, statementIndex) => ({ statement, policyIndex, statementIndex })),
  );
  const cancelled = statements.some(
    ({ statement }) =>
      statement.effect === 'Deny' &&
      statement.conditions.length === 0 &&
      setCovers(statement.action, guarded, ACTION_PATTERNS) &&
      setCovers(statement.resource, EVERYTHING, RESOURCE_PATTERNS),
  );
  if (cancelled) return [];
  return statements
    .filter(({ statement }) => statement.effect === 'Allow' && grants(statement))
    .map(({ policyIndex, statementIndex }) => ({ policyIndex, statementIndex }));
}
