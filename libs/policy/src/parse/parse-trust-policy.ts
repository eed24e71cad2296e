import type { TrustPolicyDocument } from '../model/policy-document.js';
import { type ParseOptions, readDocumentShell } from './document-shell.js';
import { checkKeys, requireKey } from './json-reading.js';
import { readPrincipal } from './principal-block.js';
import { readStatementBase } from './statement-fields.js';

const STATEMENT_KEYS = ['Sid', 'Effect', 'Action', 'NotAction', 'Principal', 'Condition'];

/**
 * Parses and validates a role's trust policy (`assumeRolePolicyDocument`) given as JSON text.
 * @throws MalformedPolicyDocument with the JSON path and the reason.
 */
export function parseTrustPolicyDocument(text: string, options?: ParseOptions): TrustPolicyDocument {
  const statements = readDocumentShell(text, options).map(({ statement, path }) => {
    checkKeys(statement, path, STATEMENT_KEYS);
    const principal = readPrincipal(requireKey(statement, path, 'Principal'), [...path, 'Principal']);
    return { ...readStatementBase(statement, path), principal };
  });
  return { version: '1', statements };
}
