import type { AttachmentData } from './domain/attachment.events.js';

/** A grant as the API shows it. */
export interface AttachmentView {
  attachmentId: string;
  principalType: AttachmentData['principalType'];
  principalName: string;
  policyType: AttachmentData['policyType'];
  policyName: string;
  attachDate: string;
  expiresAt?: string;
  /** The ARN of whoever granted it (listings only). */
  attachedBy?: string;
}

export interface AttachmentRow {
  attachment_id: string;
  principal_type: AttachmentData['principalType'];
  principal_name: string;
  policy_type: AttachmentData['policyType'];
  policy_name: string;
  expires_at: Date | null;
  attach_date: Date;
  attached_by: string;
}

export function attachmentView(data: AttachmentData, attachDate: string): AttachmentView {
  return {
    attachmentId: data.attachmentId,
    principalType: data.principalType,
    principalName: data.principalName,
    policyType: data.policyType,
    policyName: data.policyName,
    attachDate,
    ...(data.expiresAt !== undefined && { expiresAt: data.expiresAt }),
  };
}

export function attachmentViewFromRow(row: AttachmentRow): AttachmentView {
  return {
    attachmentId: row.attachment_id,
    principalType: row.principal_type,
    principalName: row.principal_name,
    policyType: row.policy_type,
    policyName: row.policy_name,
    attachDate: row.attach_date.toISOString(),
    ...(row.expires_at !== null && { expiresAt: row.expires_at.toISOString() }),
    attachedBy: row.attached_by,
  };
}
