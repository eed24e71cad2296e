import type { DomainEvent } from '#event-store';
import type { UserEvent, UserKind } from '../../users/domain/user.events.js';
import type { AccessKeyStatus, CredentialEvent } from './credential.events.js';

export interface CredentialOwner {
  status: 'active' | 'deleted';
  userId: string;
  userName: string;
  kind: UserKind;
}

/** What the credential rules need to know about one user, folded from the user's stream. */
export interface CredentialState {
  user: { status: 'absent' } | CredentialOwner;
  loginProfile?: { mfaBindRequired: boolean; passwordSetAt: string };
  mfaDevice?: { serialNumber: string; bound: boolean };
  accessKeys: Record<string, { status: AccessKeyStatus; createDate: string }>;
}

export const initialCredentialState: CredentialState = { user: { status: 'absent' }, accessKeys: {} };

/**
 * The user stream also holds profile, membership and attachment events of other areas; those do not change
 * what the credential rules need, so they pass through.
 */
export function evolveCredentials(
  state: CredentialState,
  event: CredentialEvent | UserEvent | DomainEvent,
): CredentialState {
  const known = event as CredentialEvent | UserEvent;
  switch (known.type) {
    case 'UserCreated': {
      const { userId, userName, kind } = known.data;
      return { ...initialCredentialState, user: { status: 'active', userId, userName, kind } };
    }
    case 'UserDeleted':
      if (state.user.status === 'absent') return state;
      return { ...initialCredentialState, user: { ...state.user, status: 'deleted' } };
    case 'LoginProfileSet': {
      const { mfaBindRequired, passwordSetAt } = known.data;
      return { ...state, loginProfile: { mfaBindRequired, passwordSetAt } };
    }
    case 'LoginProfileDeleted':
      return { ...state, loginProfile: undefined };
    case 'MfaDeviceCreated':
      return { ...state, mfaDevice: { serialNumber: known.data.serialNumber, bound: false } };
    case 'MfaDeviceBound':
      return { ...state, mfaDevice: { serialNumber: known.data.serialNumber, bound: true } };
    case 'MfaDeviceDeleted':
      return { ...state, mfaDevice: undefined };
    case 'AccessKeyCreated': {
      const { accessKeyId, createDate } = known.data;
      return {
        ...state,
        accessKeys: { ...state.accessKeys, [accessKeyId]: { status: 'Active', createDate } },
      };
    }
    case 'AccessKeyStatusChanged': {
      const key = state.accessKeys[known.data.accessKeyId];
      if (!key) return state;
      return {
        ...state,
        accessKeys: { ...state.accessKeys, [known.data.accessKeyId]: { ...key, status: known.data.status } },
      };
    }
    case 'AccessKeyDeleted': {
      const { [known.data.accessKeyId]: _removed, ...rest } = state.accessKeys;
      return { ...state, accessKeys: rest };
    }
    default:
      return state;
  }
}
