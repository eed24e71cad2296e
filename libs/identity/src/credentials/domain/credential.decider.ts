import { DomainError, entityNotExist, invalidParameter } from '#common';
import { type AccessKeyStatus, type CredentialEvent, MAX_ACCESS_KEYS_PER_USER } from './credential.events.js';
import type { CredentialOwner, CredentialState } from './credential.state.js';
import { assertPasswordStrength } from './password.rules.js';

export type CredentialCommand =
  | { type: 'SetLoginProfile'; password: string; mfaBindRequired?: boolean; now: Date }
  | { type: 'DeleteLoginProfile' }
  | { type: 'CreateMfaDevice'; accountId: string }
  /** `codesMatch`: whether the two codes are consecutive codes of the device's seed (checked by the caller). */
  | { type: 'BindMfaDevice'; codesMatch: boolean; now: Date }
  | { type: 'DeleteMfaDevice' }
  | { type: 'CreateAccessKey'; accessKeyId: string; now: Date }
  | { type: 'UpdateAccessKey'; accessKeyId: string; status: AccessKeyStatus }
  | { type: 'DeleteAccessKey'; accessKeyId: string };

const event = <E extends CredentialEvent>(type: E['type'], data: E['data']) =>
  ({ type, schemaVersion: 1, data }) as E;

export function decideCredentials(command: CredentialCommand, state: CredentialState): CredentialEvent[] {
  const user = requireActiveUser(state);
  const owner = { userId: user.userId, userName: user.userName };
  switch (command.type) {
    case 'SetLoginProfile': {
      requireHuman(user);
      assertPasswordStrength(command.password, user.userName);
      const mfaBindRequired = command.mfaBindRequired ?? state.loginProfile?.mfaBindRequired ?? false;
      return [
        event('LoginProfileSet', { ...owner, mfaBindRequired, passwordSetAt: command.now.toISOString() }),
      ];
    }
    case 'DeleteLoginProfile':
      if (!state.loginProfile)
        throw new DomainError(
          'EntityNotExist.LoginProfile',
          `The user ${user.userName} has no login profile`,
          404,
        );
      return [event('LoginProfileDeleted', owner)];
    case 'CreateMfaDevice':
      requireHuman(user);
      if (state.mfaDevice)
        throw new DomainError(
          'EntityAlreadyExists.MfaDevice',
          `The user ${user.userName} has an MFA device`,
          409,
        );
      return [
        event('MfaDeviceCreated', { ...owner, serialNumber: mfaSerialNumber(command.accountId, user) }),
      ];
    case 'BindMfaDevice': {
      const device = requireMfaDevice(state, user);
      if (device.bound)
        throw new DomainError('EntityAlreadyExists.MfaDevice', 'The MFA device is already bound', 409);
      if (!command.codesMatch) {
        throw invalidParameter(
          'AuthenticationCode',
          'code1 and code2 must be two consecutive current codes of the MFA device',
        );
      }
      const bindDate = command.now.toISOString();
      return [event('MfaDeviceBound', { ...owner, serialNumber: device.serialNumber, bindDate })];
    }
    case 'DeleteMfaDevice': {
      const device = requireMfaDevice(state, user);
      return [event('MfaDeviceDeleted', { ...owner, serialNumber: device.serialNumber })];
    }
    case 'CreateAccessKey':
      if (Object.keys(state.accessKeys).length >= MAX_ACCESS_KEYS_PER_USER) {
        throw new DomainError(
          'LimitExceeded.AccessKey',
          `A user has at most ${MAX_ACCESS_KEYS_PER_USER} AccessKey pairs`,
          409,
        );
      }
      return [
        event('AccessKeyCreated', {
          ...owner,
          accessKeyId: command.accessKeyId,
          createDate: command.now.toISOString(),
        }),
      ];
    case 'UpdateAccessKey': {
      const key = requireAccessKey(state, command.accessKeyId);
      if (key.status === command.status) return [];
      const data = { ...owner, accessKeyId: command.accessKeyId, status: command.status };
      return [event('AccessKeyStatusChanged', data)];
    }
    case 'DeleteAccessKey':
      requireAccessKey(state, command.accessKeyId);
      return [event('AccessKeyDeleted', { ...owner, accessKeyId: command.accessKeyId })];
  }
}

function requireActiveUser(state: CredentialState): CredentialOwner {
  if (state.user.status !== 'active')
    throw entityNotExist('User', state.user.status === 'absent' ? '' : state.user.userName);
  return state.user;
}

// A programmatic user has no console: a password or MFA device would be an unused way in.
function requireHuman(user: CredentialOwner): void {
  if (user.kind !== 'human') {
    throw invalidParameter('UserKind', 'Console credentials are for human users; this user is programmatic');
  }
}

function requireMfaDevice(state: CredentialState, user: CredentialOwner) {
  if (!state.mfaDevice)
    throw new DomainError('EntityNotExist.MfaDevice', `The user ${user.userName} has no MFA device`, 404);
  return state.mfaDevice;
}

function requireAccessKey(state: CredentialState, accessKeyId: string) {
  const key = state.accessKeys[accessKeyId];
  if (!key) throw entityNotExist('AccessKey', accessKeyId);
  return key;
}

// RAM's virtual MFA devices are named by ARN; one device per user, so the user name names it.
const mfaSerialNumber = (accountId: string, user: CredentialOwner) =>
  `acs:ram::${accountId}:mfa/${user.userName}`;
