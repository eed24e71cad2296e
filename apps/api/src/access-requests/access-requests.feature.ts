import {
  ACCESS_REQUEST_SETTINGS,
  accessRequestSettingsFromEnv,
  DecideAccessRequestHandler,
  GetAccessRequestHandler,
  ListAccessRequestsHandler,
  SubmitAccessRequestHandler,
} from '#governance';
import { AccessRequestsController } from './access-requests.http.controller.js';

/** Access requests (issue 6): what features.ts registers. */
export const CONTROLLERS = [AccessRequestsController];

export const PROVIDERS = [
  { provide: ACCESS_REQUEST_SETTINGS, useFactory: () => accessRequestSettingsFromEnv(process.env) },
  SubmitAccessRequestHandler,
  DecideAccessRequestHandler,
  ListAccessRequestsHandler,
  GetAccessRequestHandler,
];
