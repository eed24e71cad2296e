import { CreateUserHandler, GetUserHandler, ListUsersHandler } from '#identity';
import { AuthorizeController } from './authorization/authorize.http.controller.js';
import { RootAuthenticator } from './http/root.authenticator.js';
import { UsersController } from './users/users.http.controller.js';

/**
 * Every HTTP feature of the API: its controllers and its command/query handlers. One line per area, so
 * areas are added without touching the module wiring.
 */
export const FEATURE_CONTROLLERS = [UsersController, AuthorizeController];

export const FEATURE_PROVIDERS = [CreateUserHandler, GetUserHandler, ListUsersHandler];

/** Credential schemes of the `Authorization` header, tried in this order. */
export const FEATURE_AUTHENTICATORS = [RootAuthenticator];
