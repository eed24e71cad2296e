import {
  GetAuditCheckpointHandler,
  QueryEventsHandler,
  VerifyAuditCheckpointHandler,
  VerifyIntegrityHandler,
} from '#audit';
import { AuditEventsController } from '../events/audit-events.http.controller.js';
import { AuditIntegrityController } from './audit-integrity.http.controller.js';

/** Event history, exports and tamper evidence (issue 8 parts 1 and 6): what features.ts registers. */
export const CONTROLLERS = [AuditEventsController, AuditIntegrityController];

export const PROVIDERS = [
  QueryEventsHandler,
  VerifyIntegrityHandler,
  GetAuditCheckpointHandler,
  VerifyAuditCheckpointHandler,
];
