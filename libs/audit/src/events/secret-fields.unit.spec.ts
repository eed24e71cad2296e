import { isSecretField, REDACTED, redactSecrets } from './secret-fields.js';

describe('secret fields in audit output', () => {
  it.each([
    'password',
    'newPassword',
    'accessKeySecret',
    'secret',
    'sessionToken',
    'mfaSeed',
    'passwordHash',
  ])('treats %s as a secret', (name) => expect(isSecretField(name)).toBe(true));

  it.each([
    'accessKeyId',
    'userName',
    'tokenId',
    'trustPolicyVersion',
    'mfaDeviceSerial',
    'headHash',
    'seedling',
  ])('keeps %s', (name) => expect(isSecretField(name)).toBe(false));

  it('blanks secret fields at any depth and leaves the rest as it is', () => {
    expect(
      redactSecrets({
        userName: 'a',
        login: { password: 'p', mustReset: true },
        keys: [{ accessKeySecret: 's', accessKeyId: 'LTAI' }],
      }),
    ).toEqual({
      userName: 'a',
      login: { password: REDACTED, mustReset: true },
      keys: [{ accessKeySecret: REDACTED, accessKeyId: 'LTAI' }],
    });
  });
});
