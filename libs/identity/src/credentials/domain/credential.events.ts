import type { DomainEvent } from '#event-store';

/*
 * Credential events live on the user's stream (`user-<userId>`). They carry ids, names and dates only: the
 * password hash, the MFA seed and AccessKey secrets live in the credentials tables, never in the log.
 */

export type LoginProfileSet = DomainEvent<
  'LoginProfileSet',
  { userId: string; userName: string; mfaBindRequired: boolean; passwordSetAt: string }
>;
export type LoginProfileDeleted = DomainEvent<'LoginProfileDeleted', { userId: string; userName: string }>;

interface MfaDeviceData {
  userId: string;
  userName: string;
  serialNumber: string;
}
export type MfaDeviceCreated = DomainEvent<'MfaDeviceCreated', MfaDeviceData>;
export type MfaDeviceBound = DomainEvent<'MfaDeviceBound', MfaDeviceData & { bindDate: string }>;
export type MfaDeviceDeleted = DomainEvent<'MfaDeviceDeleted', MfaDeviceData>;

export type AccessKeyStatus = 'Active' | 'Inactive';

interface AccessKeyData {
  userId: string;
  userName: string;
  accessKeyId: string;
}
export type AccessKeyCreated = DomainEvent<'AccessKeyCreated', AccessKeyData & { createDate: string }>;
export type AccessKeyStatusChanged = DomainEvent<
  'AccessKeyStatusChanged',
  AccessKeyData & { status: AccessKeyStatus }
>;
export type AccessKeyDeleted = DomainEvent<'AccessKeyDeleted', AccessKeyData>;

export type CredentialEvent =
  | LoginProfileSet
  | LoginProfileDeleted
  | MfaDeviceCreated
  | MfaDeviceBound
  | MfaDeviceDeleted
  | AccessKeyCreated
  | AccessKeyStatusChanged
  | AccessKeyDeleted;

/** A console sign-in, on the user's own `signin-<userId>` stream so logins never race identity writes. */
export type UserLoggedIn = DomainEvent<
  'UserLoggedIn',
  { userId: string; userName: string; mfaUsed: boolean; expiration: string }
>;

export const signInStreamId = (userId: string) => `signin-${userId}`;

export const MAX_ACCESS_KEYS_PER_USER = 2;
