import { actionResourceCases } from './action-resource.cases.js';
import type { AuthorizeCase } from './case-builders.js';
import { qualifierCases } from './qualifier.cases.js';
import { sessionCases } from './session.cases.js';
import { stringConditionCases } from './string-condition.cases.js';
import { typedConditionCases } from './typed-condition.cases.js';

export const authorizeCases: readonly AuthorizeCase[] = [
  ...actionResourceCases,
  ...stringConditionCases,
  ...typedConditionCases,
  ...qualifierCases,
  ...sessionCases,
];
