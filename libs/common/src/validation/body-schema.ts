import { invalidParameter, missingParameter } from '../errors.js';

export type FieldSpec =
  | { type: 'string'; required?: boolean; enum?: readonly string[]; maxLength?: number }
  | { type: 'integer'; required?: boolean; min?: number; max?: number }
  | { type: 'boolean'; required?: boolean }
  | { type: 'object'; required?: boolean }
  | { type: 'array'; required?: boolean; maxItems?: number };

export type BodySchema = Record<string, FieldSpec>;

/** `userName` → `UserName`, the RAM spelling used in error codes. */
export const pascal = (field: string) => field.charAt(0).toUpperCase() + field.slice(1);

/**
 * Checks a JSON body against the fields a route accepts. Unknown fields are refused, so that a client cannot
 * smuggle in `userId` or `createDate` (mass assignment) and typos do not pass silently.
 */
export function parseBody<T>(body: unknown, schema: BodySchema): T {
  const source = body === undefined || body === null ? {} : body;
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw invalidParameter('Body', 'The request body must be a JSON object');
  }
  const record = source as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(schema, key))
      throw invalidParameter(safeField(key), `Unknown field "${safeName(key)}"`);
  }
  const result: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(schema)) {
    const value = record[field];
    if (value === undefined || value === null) {
      if (spec.required) throw missingParameter(pascal(field));
      continue;
    }
    checkField(field, value, spec);
    result[field] = value;
  }
  return result as T;
}

function checkField(field: string, value: unknown, spec: FieldSpec): void {
  const name = pascal(field);
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') throw invalidParameter(name, `${field} must be a string`);
      if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        throw invalidParameter(name, `${field} must be at most ${spec.maxLength} characters`);
      }
      if (spec.enum && !spec.enum.includes(value)) {
        throw invalidParameter(name, `${field} must be one of ${spec.enum.join(', ')}`);
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw invalidParameter(name, `${field} must be an integer`);
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        throw invalidParameter(name, `${field} must be between ${spec.min ?? '-∞'} and ${spec.max ?? '∞'}`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidParameter(name, `${field} must be true or false`);
      return;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value))
        throw invalidParameter(name, `${field} must be an object`);
      return;
    case 'array':
      if (!Array.isArray(value)) throw invalidParameter(name, `${field} must be an array`);
      if (spec.maxItems !== undefined && value.length > spec.maxItems) {
        throw invalidParameter(name, `${field} must have at most ${spec.maxItems} items`);
      }
  }
}

// Echo a client's field name only when it is short and plain: errors must not reflect arbitrary input.
function safeName(key: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(key) ? key : '(invalid name)';
}

function safeField(key: string): string {
  return /^[A-Za-z0-9_]{1,64}$/.test(key) ? pascal(key) : 'Body';
}
