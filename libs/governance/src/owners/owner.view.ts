import type { OwnerTargetType } from './domain/owner.events.js';

/** An owner as the API shows it. */
export interface OwnerView {
  targetType: OwnerTargetType;
  targetName: string;
  userId: string;
  userName: string;
}
