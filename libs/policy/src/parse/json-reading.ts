import { type JsonPathSegment, quoted, renderPath } from './json-path.js';
import { MalformedPolicyDocument } from './malformed-policy-document.js';
import { JsonNumber, type JsonObject, type JsonValue } from './strict-json.js';

export type Path = readonly JsonPathSegment[];

export function fail(path: Path, reason: string): never {
  throw new MalformedPolicyDocument(renderPath(path), reason);
}

export function isObject(value: JsonValue): value is JsonObject {
  return value instanceof Map;
}

export function describe(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Map) return 'an object';
  if (value instanceof JsonNumber) return 'a number';
  return typeof value === 'string' ? 'a string' : 'a boolean';
}

export function expectObject(value: JsonValue, path: Path): JsonObject {
  if (!isObject(value)) fail(path, `must be an object, got ${describe(value)}`);
  return value;
}

/**
 * Rejects any key outside `allowed`; a key that differs only in case gets a hint, because
 * `"effect"` for `"Effect"` is the most common mistake.
 */
export function checkKeys(object: JsonObject, path: Path, allowed: readonly string[]): void {
  for (const key of object.keys()) {
    if (allowed.includes(key)) continue;
    const intended = allowed.find((name) => name.toLowerCase() === key.toLowerCase());
    if (intended)
      fail([...path, key], `key ${quoted(key)} must be written "${intended}" (keys are case-sensitive)`);
    fail([...path, key], `unknown key ${quoted(key)}; expected one of ${allowed.join(', ')}`);
  }
}

export function requireKey(object: JsonObject, path: Path, key: string): JsonValue {
  const value = object.get(key);
  if (value === undefined) fail(path, `missing required key "${key}"`);
  return value;
}

/** Exactly one of two alternative keys, e.g. `Action` or `NotAction`. */
export function oneOf(object: JsonObject, path: Path, key: string, negatedKey: string): [JsonValue, boolean] {
  const plain = object.get(key);
  const negated = object.get(negatedKey);
  if (plain !== undefined && negated !== undefined)
    fail(path, `use either "${key}" or "${negatedKey}", not both`);
  if (plain !== undefined) return [plain, false];
  if (negated !== undefined) return [negated, true];
  return fail(path, `missing required key "${key}" (or "${negatedKey}")`);
}

export function expectString(value: JsonValue, path: Path): string {
  if (typeof value !== 'string') fail(path, `must be a string, got ${describe(value)}`);
  return value;
}

/** A string or a non-empty array of strings, wherever RAM accepts both. */
export function stringOrList(value: JsonValue, path: Path): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) fail(path, `must be a string or an array of strings, got ${describe(value)}`);
  if (value.length === 0) fail(path, 'must not be an empty array');
  return value.map((item, index) => expectString(item, [...path, index]));
}

/** The path of one item: `Action[2]` for an array, `Action` for a lone string. */
export function listPath(path: Path, key: string, value: JsonValue, index: number): Path {
  return Array.isArray(value) ? [...path, key, index] : [...path, key];
}

export function checkAscii(text: string, path: Path, what: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7e) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      fail(
        path,
        `${what} contains the non-ASCII character U+${hex} at offset ${i}; look-alike letters are rejected`,
      );
    }
  }
}
