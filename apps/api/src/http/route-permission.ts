import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';

export const RAM_ACTION = 'access-ledger:ram-action';
export const PUBLIC_ROUTE = 'access-ledger:public';

export interface RoutePermission {
  action: string;
  /** Resource ARN template; `{account}` and `:param` path parameters are filled in per request. */
  resource: string;
  /**
   * The resource is known only inside the handler (a role ARN in the body, the role of a stored change): the
   * guard authenticates, and the handler checks with `HandlerAuthorization.require` once it knows the resource.
   */
  checkedInHandler?: boolean;
}

/**
 * The RAM action and resource a route is authorized against. The same data is published in the OpenAPI
 * document (`x-ram-action`, `x-ram-resource`) so clients can write least-privilege policies for the API.
 */
export const RamAction = (action: string, resource: string) =>
  applyDecorators(
    SetMetadata(RAM_ACTION, { action, resource } satisfies RoutePermission),
    ApiExtension('x-ram-action', action),
    ApiExtension('x-ram-resource', resource),
    ApiSecurity('bearer'),
    ApiSecurity('accessKey'),
  );

/**
 * A route whose resource ARN comes from the body or from a stored record. The OpenAPI document still names
 * the action and the resource's shape; the handler must call `HandlerAuthorization.require` before acting.
 */
export const RamActionCheckedInHandler = (action: string, resource: string) =>
  applyDecorators(
    SetMetadata(RAM_ACTION, { action, resource, checkedInHandler: true } satisfies RoutePermission),
    ApiExtension('x-ram-action', action),
    ApiExtension('x-ram-resource', resource),
    ApiSecurity('bearer'),
    ApiSecurity('accessKey'),
  );

/** Routes anyone may call: health, metrics, docs and login. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export function resourceArn(template: string, accountId: string, params: Record<string, string>): string {
  return template
    .replaceAll('{account}', accountId)
    .replace(/:([A-Za-z]+)/g, (match, name: string) => (name in params ? params[name] : match));
}
