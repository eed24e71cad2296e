import { outcomeOf } from '../domain/access-review.decider.js';
import type { ExistingReview } from '../domain/access-review.state.js';

export const REPORT_COLUMNS = [
  'itemId',
  'type',
  'subject',
  'target',
  'reviewers',
  'decision',
  'decisionSource',
  'decidedBy',
  'decidedAt',
  'comment',
  'outcome',
  'revocationEventType',
  'revocationPosition',
  'revokedBy',
  'obtainedVia',
  'accessRequestId',
  'approvers',
  'grantedBy',
  'grantedAt',
  'grantPosition',
  'lastUsedDate',
  'changeSinceLastCertified',
  'flag',
] as const;

export type ReportRow = Record<(typeof REPORT_COLUMNS)[number], string>;

/**
 * Every item with its decision, reviewer, time and the revocation's event position: what an auditor keeps.
 * Before completion the decision columns show the reviewers' decisions so far and the outcome is empty.
 */
export function reportRows(state: ExistingReview): ReportRow[] {
  return state.campaign.items.map((item) => {
    const decided = state.decisions.get(item.itemId);
    const applied = state.applied.get(item.itemId);
    const resolution = state.resolutions.get(item.itemId);
    const e = item.evidence;
    return {
      itemId: item.itemId,
      type: item.type,
      subject: item.subject.arn ?? item.subject.name,
      target: Object.entries(item.target)
        .map(([k, v]) => `${k}=${v}`)
        .join(';'),
      reviewers: item.reviewers.map((r) => r.userName).join(';'),
      decision: applied?.decision ?? decided?.decision ?? '',
      decisionSource: applied?.source ?? (decided ? 'Reviewer' : ''),
      decidedBy: decided?.reviewer.arn ?? '',
      decidedAt: decided?.decidedAt ?? '',
      comment: decided?.comment ?? '',
      outcome: applied && state.status === 'Completed' ? outcomeOf(applied, state) : '',
      revocationEventType: resolution?.revocation?.eventType ?? '',
      revocationPosition: resolution?.revocation ? String(resolution.revocation.position) : '',
      revokedBy: resolution?.revocation ? resolution.actorArn : '',
      obtainedVia: e.obtainedVia,
      accessRequestId: e.accessRequestId ?? '',
      approvers: (e.approvers ?? []).join(';'),
      grantedBy: e.grantedBy,
      grantedAt: e.grantedAt,
      grantPosition: String(e.grantPosition),
      lastUsedDate: e.lastUsedDate ?? '',
      changeSinceLastCertified: e.changeSinceLastCertified ?? '',
      flag: item.flag ?? '',
    };
  });
}

/** RFC 4180: CRLF line ends; a field with a comma, quote or line break is quoted, its quotes doubled. */
export function toCsv(rows: readonly ReportRow[]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = rows.map((row) => REPORT_COLUMNS.map((column) => field(row[column])).join(','));
  return [REPORT_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
