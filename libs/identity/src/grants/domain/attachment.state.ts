import {
  ATTACHMENT_EVENT_TYPES,
  type AttachmentData,
  type AttachmentEvent,
  policyKey,
} from './attachment.events.js';

/** What a principal's stream says about its policies; every other event of the stream is ignored. */
export interface PrincipalAttachments {
  /** Current attachments by policy key. */
  attachments: ReadonlyMap<string, AttachmentData>;
}

export const initialAttachments: PrincipalAttachments = { attachments: new Map() };

export function evolveAttachments(state: PrincipalAttachments, event: AttachmentEvent): PrincipalAttachments {
  const attachments = new Map(state.attachments);
  if (event.type === 'PolicyAttached') attachments.set(policyKey(event.data), event.data);
  else attachments.delete(policyKey(event.data));
  return { attachments };
}

/** Folds a whole principal stream (user, group or role): only the attachment events count here. */
export function attachmentsOf(events: readonly { type: string; data: unknown }[]): PrincipalAttachments {
  return events
    .filter((e): e is AttachmentEvent => ATTACHMENT_EVENT_TYPES.has(e.type))
    .reduce(evolveAttachments, initialAttachments);
}
