import type { TrustPrincipals } from '../model/policy-document.js';
import { quoted } from './json-path.js';
import {
  type Path,
  checkAscii,
  checkKeys,
  expectObject,
  fail,
  listPath,
  stringOrList,
} from './json-reading.js';
import type { JsonValue } from './strict-json.js';

const RAM_PRINCIPAL =
  /^(?:\*|\d{1,32}|acs:ram::\d{1,32}:(?:root|user\/[^/]+|role\/[^/]+|assumed-role\/[^/]+\/[^/]+))$/;
const SERVICE_PRINCIPAL = /^(?:\*|[a-z0-9][a-z0-9.-]*)$/i;
const FEDERATED_PRINCIPAL = /^acs:ram::\d{1,32}:(?:saml-provider|oidc-provider)\/[^/]+$/;

const KINDS = [
  { key: 'RAM', syntax: RAM_PRINCIPAL, example: 'acs:ram::<accountId>:root|user/<name>|role/<name>' },
  { key: 'Service', syntax: SERVICE_PRINCIPAL, example: '<service>.aliyuncs.com' },
  { key: 'Federated', syntax: FEDERATED_PRINCIPAL, example: 'acs:ram::<accountId>:saml-provider/<name>' },
] as const;

/** `{"RAM": [...], "Service": [...], "Federated": [...]}`, at least one of them. */
export function readPrincipal(value: JsonValue, path: Path): TrustPrincipals {
  const block = expectObject(value, path);
  checkKeys(block, path, ['RAM', 'Service', 'Federated']);
  if (block.size === 0) fail(path, 'must name at least one of RAM, Service, Federated');
  const [ram, service, federated] = KINDS.map(({ key, syntax, example }) => {
    const raw = block.get(key);
    if (raw === undefined) return [];
    const principals = stringOrList(raw, [...path, key]);
    principals.forEach((principal, index) => {
      const itemPath = listPath(path, key, raw, index);
      checkAscii(principal, itemPath, 'principal');
      if (!syntax.test(principal))
        fail(itemPath, `${key} principal must look like "${example}", got ${quoted(principal)}`);
    });
    return principals;
  }) as [string[], string[], string[]];
  return { ram, service, federated };
}
