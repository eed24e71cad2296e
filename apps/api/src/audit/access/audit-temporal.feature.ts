import { GetAccessAtHandler, GetAccessDiffHandler, GetTimelineHandler, GetWhoCanHandler } from '#audit';
import { AuditDiffController } from '../diff/audit-diff.http.controller.js';
import { AuditTimelineController } from '../timeline/audit-timeline.http.controller.js';
import { AuditWhoCanController } from '../who-can/audit-who-can.http.controller.js';
import { AuditAccessController } from './audit-access.http.controller.js';

/** Audit history over time (access at T, who-can, timeline, diff): what features.ts registers. */
export const CONTROLLERS = [
  AuditAccessController,
  AuditWhoCanController,
  AuditTimelineController,
  AuditDiffController,
];

export const PROVIDERS = [GetAccessAtHandler, GetWhoCanHandler, GetTimelineHandler, GetAccessDiffHandler];
