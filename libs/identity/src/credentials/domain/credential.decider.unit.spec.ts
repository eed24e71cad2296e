import { deciderSpec } from '#common/testing';
import type { DomainEvent } from '#event-store';
import type { UserCreated } from '../../users/domain/user.events.js';
import { type CredentialCommand, decideCredentials } from './credential.decider.js';
import type { CredentialEvent } from './credential.events.js';
import { type CredentialState, evolveCredentials, initialCredentialState } from './credential.state.js';

const spec = deciderSpec<CredentialCommand, CredentialEvent | DomainEvent, CredentialState>({
  decide: decideCredentials,
  evolve: evolveCredentials,
  initialState: initialCredentialState,
});

const now = new Date('2026-03-01T10:00:00.000Z');
const owner = { userId: 'u-1', userName: 'alice' };
const userCreated = (kind: 'human' | 'programmatic' = 'human'): UserCreated => ({
  type: 'UserCreated',
  schemaVersion: 1,
  data: {
    ...owner,
    kind,
    accountId: '1234567890123456',
    createDate: now.toISOString(),
    displayName: 'alice',
  },
});
const human = userCreated('human');
const programmatic = userCreated('programmatic');
const ev = <E extends CredentialEvent>(type: E['type'], data: Omit<E['data'], 'userId' | 'userName'>) =>
  ({ type, schemaVersion: 1, data: { ...owner, ...data } }) as E;
const serialNumber = 'acs:ram::1234567890123456:mfa/alice';
const mfaCreated = ev('MfaDeviceCreated', { serialNumber });
const mfaBound = ev('MfaDeviceBound', { serialNumber, bindDate: now.toISOString() });
const keyCreated = (accessKeyId: string) =>
  ev('AccessKeyCreated', { accessKeyId, createDate: now.toISOString() });
const userDeleted: DomainEvent = { type: 'UserDeleted', schemaVersion: 1, data: owner };

describe('credential decider: login profile', () => {
  const set: CredentialCommand = { type: 'SetLoginProfile', password: 'Str0ng-Pass', now };

  it('sets a login profile without the password in the event', () => {
    spec
      .given([human])
      .when(set)
      .then([ev('LoginProfileSet', { mfaBindRequired: false, passwordSetAt: now.toISOString() })]);
  });

  it('keeps mfaBindRequired when a later change does not say', () => {
    const first = ev('LoginProfileSet', { mfaBindRequired: true, passwordSetAt: now.toISOString() });
    spec
      .given([human, first])
      .when(set)
      .then([ev('LoginProfileSet', { mfaBindRequired: true, passwordSetAt: now.toISOString() })]);
  });

  it('refuses programmatic users, weak passwords and unknown users', () => {
    spec.given([programmatic]).when(set).thenThrows('InvalidParameter.UserKind');
    spec
      .given([human])
      .when({ ...set, password: 'weakpassword' })
      .thenThrows('InvalidParameter.Password');
    spec.given([]).when(set).thenThrows('EntityNotExist.User');
    spec.given([human, userDeleted]).when(set).thenThrows('EntityNotExist.User');
  });

  it('deletes an existing login profile only', () => {
    const profile = ev('LoginProfileSet', { mfaBindRequired: false, passwordSetAt: now.toISOString() });
    spec
      .given([human, profile])
      .when({ type: 'DeleteLoginProfile' })
      .then([ev('LoginProfileDeleted', {})]);
    spec.given([human]).when({ type: 'DeleteLoginProfile' }).thenThrows('EntityNotExist.LoginProfile');
  });
});

describe('credential decider: MFA device', () => {
  it('creates one device per user, for human users', () => {
    spec.given([human]).when({ type: 'CreateMfaDevice', accountId: '1234567890123456' }).then([mfaCreated]);
    spec
      .given([human, mfaCreated])
      .when({ type: 'CreateMfaDevice', accountId: '1234567890123456' })
      .thenThrows('EntityAlreadyExists.MfaDevice');
    spec
      .given([programmatic])
      .when({ type: 'CreateMfaDevice', accountId: '1234567890123456' })
      .thenThrows('InvalidParameter.UserKind');
  });

  it('binds a created device with matching codes, once', () => {
    spec.given([human, mfaCreated]).when({ type: 'BindMfaDevice', codesMatch: true, now }).then([mfaBound]);
    spec
      .given([human, mfaCreated])
      .when({ type: 'BindMfaDevice', codesMatch: false, now })
      .thenThrows('InvalidParameter.AuthenticationCode');
    spec
      .given([human, mfaCreated, mfaBound])
      .when({ type: 'BindMfaDevice', codesMatch: true, now })
      .thenThrows('EntityAlreadyExists.MfaDevice');
    spec
      .given([human])
      .when({ type: 'BindMfaDevice', codesMatch: true, now })
      .thenThrows('EntityNotExist.MfaDevice');
  });

  it('deletes the device, after which a new one may be created', () => {
    const deleted = ev('MfaDeviceDeleted', { serialNumber });
    spec.given([human, mfaCreated, mfaBound]).when({ type: 'DeleteMfaDevice' }).then([deleted]);
    spec.given([human]).when({ type: 'DeleteMfaDevice' }).thenThrows('EntityNotExist.MfaDevice');
    spec
      .given([human, mfaCreated, deleted])
      .when({ type: 'CreateMfaDevice', accountId: '1234567890123456' })
      .then([mfaCreated]);
  });
});

describe('credential decider: AccessKey pairs', () => {
  const create = (accessKeyId: string): CredentialCommand => ({ type: 'CreateAccessKey', accessKeyId, now });

  it('creates at most two keys per user, for any kind of user', () => {
    spec
      .given([programmatic])
      .when(create('LTAI1'))
      .then([keyCreated('LTAI1')]);
    spec
      .given([human, keyCreated('LTAI1')])
      .when(create('LTAI2'))
      .then([keyCreated('LTAI2')]);
    spec
      .given([human, keyCreated('LTAI1'), keyCreated('LTAI2')])
      .when(create('LTAI3'))
      .thenThrows('LimitExceeded.AccessKey');
  });

  it('frees a slot when a key is deleted', () => {
    const deleted = ev('AccessKeyDeleted', { accessKeyId: 'LTAI1' });
    spec
      .given([human, keyCreated('LTAI1')])
      .when({ type: 'DeleteAccessKey', accessKeyId: 'LTAI1' })
      .then([deleted]);
    spec
      .given([human, keyCreated('LTAI1'), keyCreated('LTAI2'), deleted])
      .when(create('LTAI3'))
      .then([keyCreated('LTAI3')]);
  });

  it('changes the status only when it differs', () => {
    const inactive = ev('AccessKeyStatusChanged', { accessKeyId: 'LTAI1', status: 'Inactive' });
    spec
      .given([human, keyCreated('LTAI1')])
      .when({ type: 'UpdateAccessKey', accessKeyId: 'LTAI1', status: 'Inactive' })
      .then([inactive]);
    spec
      .given([human, keyCreated('LTAI1'), inactive])
      .when({ type: 'UpdateAccessKey', accessKeyId: 'LTAI1', status: 'Inactive' })
      .thenNothingHappens();
  });

  it('answers EntityNotExist for an unknown key', () => {
    spec
      .given([human])
      .when({ type: 'UpdateAccessKey', accessKeyId: 'LTAI9', status: 'Active' })
      .thenThrows('EntityNotExist.AccessKey');
    spec
      .given([human])
      .when({ type: 'DeleteAccessKey', accessKeyId: 'LTAI9' })
      .thenThrows('EntityNotExist.AccessKey');
  });

  it('ignores other areas’ events on the user stream', () => {
    const joined: DomainEvent = { type: 'UserAddedToGroup', schemaVersion: 1, data: { userId: 'u-1' } };
    spec
      .given([human, keyCreated('LTAI1'), joined, keyCreated('LTAI2')])
      .when(create('LTAI3'))
      .thenThrows('LimitExceeded.AccessKey');
  });
});
