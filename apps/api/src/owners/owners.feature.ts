import { ChangeOwnerHandler, ListOwnersHandler } from '#governance';
import {
  GroupOwnersController,
  PolicyOwnersController,
  RoleOwnersController,
} from './owners.http.controller.js';

/** Owners of groups, roles and custom policies: what features.ts registers. */
export const CONTROLLERS = [GroupOwnersController, RoleOwnersController, PolicyOwnersController];

export const PROVIDERS = [ChangeOwnerHandler, ListOwnersHandler];
