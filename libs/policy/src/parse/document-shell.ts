import { quoted } from './json-path.js';
import { checkKeys, describe, expectObject, fail, isObject, requireKey } from './json-reading.js';
import { MalformedPolicyDocument } from './malformed-policy-document.js';
import { type JsonObject, parseStrictJson } from './strict-json.js';

export interface ParseOptions {
  /** Maximum length in characters; RAM's limit is 6,144 (2,048 for an AssumeRole session policy). */
  readonly maxLength?: number;
  /** Maximum nesting of objects and arrays; a valid policy needs 6. */
  readonly maxDepth?: number;
}

export const POLICY_DOCUMENT_MAX_LENGTH = 6144;
export const SESSION_POLICY_MAX_LENGTH = 2048;
export const DEFAULT_MAX_DEPTH = 16;
const ABSOLUTE_MAX_DEPTH = 256;

export interface StatementSource {
  readonly statement: JsonObject;
  readonly path: readonly (string | number)[];
}

/**
 * Reads the outer `{"Version": "1", "Statement": ...}` of a policy document and returns its statements.
 * The length is checked before anything else looks at the text, so a 10 MB input costs nothing.
 */
export function readDocumentShell(text: unknown, options: ParseOptions = {}): StatementSource[] {
  if (typeof text !== 'string') throw new MalformedPolicyDocument('$', 'not JSON: the document must be text');
  const maxLength = options.maxLength ?? POLICY_DOCUMENT_MAX_LENGTH;
  if (characterCount(text, maxLength) > maxLength) {
    throw new MalformedPolicyDocument('$', `document is longer than ${maxLength} characters`);
  }
  const maxDepth = Math.min(options.maxDepth ?? DEFAULT_MAX_DEPTH, ABSOLUTE_MAX_DEPTH);
  const root = expectObject(parseStrictJson(text, maxDepth), []);
  checkKeys(root, [], ['Version', 'Statement']);
  const version = requireKey(root, [], 'Version');
  if (version !== '1')
    fail(
      ['Version'],
      `must be "1", got ${typeof version === 'string' ? quoted(version) : describe(version)}`,
    );
  const statement = requireKey(root, [], 'Statement');
  if (isObject(statement)) return [{ statement, path: ['Statement'] }];
  if (!Array.isArray(statement))
    fail(['Statement'], `must be an object or an array, got ${describe(statement)}`);
  return statement.map((item, index) => ({
    statement: expectObject(item, ['Statement', index]),
    path: ['Statement', index],
  }));
}

/** Counts code points, but never walks a string that is obviously too long. */
function characterCount(text: string, limit: number): number {
  if (text.length <= limit) return text.length;
  if (text.length > limit * 2) return text.length;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) count++;
  }
  return count;
}
