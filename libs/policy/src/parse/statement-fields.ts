import type { Effect, PatternList, StatementBase } from '../model/policy-document.js';
import { readConditions } from './condition-block.js';
import { quoted } from './json-path.js';
import {
  type Path,
  checkAscii,
  expectString,
  fail,
  listPath,
  oneOf,
  requireKey,
  stringOrList,
} from './json-reading.js';
import type { JsonObject, JsonValue } from './strict-json.js';

const ACTION = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/;
const RESOURCE_PREFIX = /^acs:[a-z0-9*?-]*(?::|$)/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function readEffect(value: JsonValue, path: Path): Effect {
  const effect = expectString(value, path);
  if (effect === 'Allow' || effect === 'Deny') return effect;
  const hint = /^(allow|deny)$/i.test(effect) ? ' (case-sensitive)' : '';
  return fail(path, `must be "Allow" or "Deny"${hint}, got ${quoted(effect)}`);
}

export function readActions(statement: JsonObject, path: Path): PatternList {
  return readPatternList(statement, path, ['Action', 'NotAction'], checkAction);
}

export function readResources(statement: JsonObject, path: Path): PatternList {
  return readPatternList(statement, path, ['Resource', 'NotResource'], checkResource);
}

function readPatternList(
  statement: JsonObject,
  path: Path,
  [plainKey, negatedKey]: [string, string],
  check: (pattern: string, path: Path) => void,
): PatternList {
  const [value, negated] = oneOf(statement, path, plainKey, negatedKey);
  const key = negated ? negatedKey : plainKey;
  const patterns = stringOrList(value, [...path, key]);
  patterns.forEach((pattern, index) => check(pattern, listPath(path, key, value, index)));
  return { negated, patterns };
}

/** Sid, Effect, Action/NotAction and Condition: the parts every statement has. */
export function readStatementBase(statement: JsonObject, path: Path): StatementBase {
  const sid = statement.get('Sid');
  return {
    ...(sid === undefined ? {} : { sid: expectString(sid, [...path, 'Sid']) }),
    effect: readEffect(requireKey(statement, path, 'Effect'), [...path, 'Effect']),
    action: readActions(statement, path),
    conditions: readConditions(statement.get('Condition'), [...path, 'Condition']),
  };
}

/** Actions are ASCII: a Cyrillic `а` in `rаm:*` would otherwise silently match nothing, or spoof a reviewer. */
function checkAction(pattern: string, path: Path): void {
  checkAscii(pattern, path, 'action');
  if (pattern !== '*' && !ACTION.test(pattern)) {
    fail(
      path,
      `action must be "*" or "<service>:<Operation>" (letters, digits, -, _, * and ?), got ${quoted(pattern)}`,
    );
  }
}

function checkResource(pattern: string, path: Path): void {
  if (CONTROL.test(pattern)) fail(path, 'resource contains a control character');
  if (pattern !== '*' && !RESOURCE_PREFIX.test(pattern)) {
    fail(
      path,
      `resource must be "*" or an ARN "acs:<service>:<region>:<accountId>:<relative-id>", got ${quoted(pattern)}`,
    );
  }
}
