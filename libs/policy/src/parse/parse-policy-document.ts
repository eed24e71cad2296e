import type { PolicyDocument } from '../model/policy-document.js';
import { type ParseOptions, readDocumentShell } from './document-shell.js';
import { checkKeys } from './json-reading.js';
import { readResources, readStatementBase } from './statement-fields.js';

const STATEMENT_KEYS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/**
 * Parses and validates a permission policy (custom, system or session policy) given as JSON text.
 * @throws MalformedPolicyDocument with the JSON path and the reason.
 */
export function parsePolicyDocument(text: string, options?: ParseOptions): PolicyDocument {
  const statements = readDocumentShell(text, options).map(({ statement, path }) => {
    checkKeys(statement, path, STATEMENT_KEYS);
    return { ...readStatementBase(statement, path), resource: readResources(statement, path) };
  });
  return { version: '1', statements };
}
