import { DomainError } from '#common';
import { assertPasswordStrength } from './password.rules.js';

describe('password strength (RAM default policy)', () => {
  it.each(['Str0ng-Pass', 'abcDEF123', 'abc-def-123', 'ABC DEF 123', 'x'.repeat(28) + 'A1!x'])(
    'accepts %p',
    (password) => {
      expect(() => assertPasswordStrength(password, 'alice')).not.toThrow();
    },
  );

  it.each([
    ['too short', 'Ab1-xyz'],
    ['too long', 'Ab1-' + 'x'.repeat(29)],
    ['two classes', 'abcdefgh123'],
    ['one class', 'ABCDEFGHIJ'],
    ['contains the user name', 'xxAlice-123'],
    ['not printable ASCII', 'Pässwort-123'],
  ])('refuses a password that is %s, without echoing it', (_why, password) => {
    let thrown: unknown;
    try {
      assertPasswordStrength(password, 'alice');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('InvalidParameter.Password');
    expect((thrown as DomainError).message).not.toContain(password);
  });
});
