import { invalidParameter } from '#common';

const MIN_LENGTH = 8;
const MAX_LENGTH = 32;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CHARACTER_CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/**
 * RAM's default password policy: 8-32 printable characters, at least three of upper case, lower case,
 * digits and symbols, and not containing the user name. The messages say which rule failed, never the
 * password.
 */
export function assertPasswordStrength(password: string, userName: string): void {
  const refuse = (why: string) => invalidParameter('Password', `The password ${why}`);
  if (password.length < MIN_LENGTH || password.length > MAX_LENGTH)
    throw refuse(`must be ${MIN_LENGTH}-${MAX_LENGTH} characters long`);
  if (!PRINTABLE_ASCII.test(password)) throw refuse('may contain printable ASCII characters only');
  if (CHARACTER_CLASSES.filter((pattern) => pattern.test(password)).length < 3)
    throw refuse('must contain at least three of: upper case letters, lower case letters, digits, symbols');
  if (password.toLowerCase().includes(userName.toLowerCase())) throw refuse('must not contain the user name');
}
