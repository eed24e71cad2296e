import { invalidParameter } from '#common';

const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
// Deliberately simple: one @, no spaces, a dot in the domain; full RFC 5322 is not worth its ambiguity here.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function assertUserName(userName: string, field = 'UserName'): void {
  if (!USER_NAME.test(userName)) {
    throw invalidParameter(field, 'userName must be 1-64 characters of A-Z, a-z, 0-9, ".", "_", "@" and "-"');
  }
}

export function assertDisplayName(displayName: string): void {
  if (displayName.length < 1 || displayName.length > 128 || /[\u0000-\u001f]/.test(displayName)) {
    throw invalidParameter('DisplayName', 'displayName must be 1-128 printable characters');
  }
}

export function assertEmail(email: string): void {
  if (email.length > 128 || !EMAIL.test(email))
    throw invalidParameter('Email', 'email is not a valid address');
}

export function assertComments(comments: string): void {
  if (comments.length > 128) throw invalidParameter('Comments', 'comments must be at most 128 characters');
}
