import {
  BindMfaDeviceHandler,
  CreateAccessKeyHandler,
  CreateMfaDeviceHandler,
  DeleteAccessKeyHandler,
  DeleteLoginProfileHandler,
  DeleteMfaDeviceHandler,
  ListAccessKeysHandler,
  LoginHandler,
  SetLoginProfileHandler,
  UpdateAccessKeyHandler,
} from '#identity';
import { AccessKeyAuthenticator } from './access-key.authenticator.js';
import { AccessKeysController } from './access-keys.http.controller.js';
import { ConsoleCredentialsController } from './console-credentials.http.controller.js';
import { ConsoleSessionAuthenticator } from './console-session.authenticator.js';
import { LoginController } from './login.http.controller.js';

/** Login profiles, MFA devices, console sign-in and AccessKey pairs: what features.ts registers. */
export const CONTROLLERS = [ConsoleCredentialsController, AccessKeysController, LoginController];

export const PROVIDERS = [
  SetLoginProfileHandler,
  DeleteLoginProfileHandler,
  CreateMfaDeviceHandler,
  BindMfaDeviceHandler,
  DeleteMfaDeviceHandler,
  CreateAccessKeyHandler,
  ListAccessKeysHandler,
  UpdateAccessKeyHandler,
  DeleteAccessKeyHandler,
  LoginHandler,
];

export const AUTHENTICATORS = [AccessKeyAuthenticator, ConsoleSessionAuthenticator];
