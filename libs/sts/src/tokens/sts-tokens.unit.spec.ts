import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { DomainError } from '#common';
import { newStsAccessKeyId, type SessionClaims, STS_TOKEN_PREFIX, StsTokens } from './sts-tokens.js';

const key = randomBytes(32);
const tokens = new StsTokens(key);
const issuedAt = new Date('2026-05-01T00:00:00.000Z');
const claims: SessionClaims = {
  sessionId: 's-1',
  accessKeyId: 'STS.0123456789ABCDEF01234567',
  roleId: 'r-1',
  roleName: 'ops',
  roleSessionName: 'deploy',
  callerArn: 'acs:ram::1111111111111111:user/alice',
  callerKind: 'user',
  callerPrincipalId: 'u-1',
  mfaPresent: true,
  chained: false,
  sessionPolicy: '{"Version":"1","Statement":[]}',
  issuedAt: issuedAt.toISOString(),
  expiration: '2026-05-01T01:00:00.000Z',
};
const during = new Date('2026-05-01T00:30:00.000Z');

function refusal(token: string, now = during): string {
  try {
    tokens.verify(token, now);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  throw new Error('the token was accepted');
}

/** A token with the right shape and claims, signed some other way. */
const forged = async (sign: (jwt: SignJWT) => Promise<string>) =>
  `${STS_TOKEN_PREFIX}${await sign(
    new SignJWT({ sts: claims })
      .setIssuer('access-ledger-sts')
      .setJti(claims.sessionId)
      .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
      .setExpirationTime(new Date('2026-05-01T01:00:00.000Z')),
  )}`;

describe('STS tokens', () => {
  it('gives every session an AccessKey id of its own, across refills of the random pool', () => {
    const ids = Array.from({ length: 2000 }, () => newStsAccessKeyId());
    for (const id of ids) expect(id).toMatch(/^STS\.[0-9A-F]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('binds the session, the role id, the caller and the session policy; derives the secret', () => {
    const issued = tokens.issue(claims);
    expect(issued.securityToken.startsWith(STS_TOKEN_PREFIX)).toBe(true);
    expect(tokens.verify(issued.securityToken, during)).toEqual(claims);
    expect(issued.accessKeySecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.issue(claims).accessKeySecret).toBe(issued.accessKeySecret);
    expect(tokens.issue({ ...claims, accessKeyId: 'STS.OTHER' }).accessKeySecret).not.toBe(
      issued.accessKeySecret,
    );
  });

  it("signs the very token jose's SignJWT writes for the same claims and key", async () => {
    const fromJose = await new SignJWT({ sts: claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('access-ledger-sts')
      .setJti(claims.sessionId)
      .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
      .setExpirationTime(Math.ceil(Date.parse(claims.expiration) / 1000))
      .sign(key);
    expect(tokens.issue(claims).securityToken).toBe(`${STS_TOKEN_PREFIX}${fromJose}`);
  });

  it('refuses an expired token with TokenExpired, to the millisecond', () => {
    const { securityToken } = tokens.issue({ ...claims, expiration: '2026-05-01T00:30:00.500Z' });
    expect(refusal(securityToken, new Date('2026-05-01T00:30:00.500Z'))).toBe('TokenExpired');
    expect(refusal(securityToken, new Date('2026-05-02T00:00:00.000Z'))).toBe('TokenExpired');
  });

  it('refuses any changed byte: header, claims or signature', () => {
    const { securityToken } = tokens.issue(claims);
    const jwt = securityToken.slice(STS_TOKEN_PREFIX.length);
    const [header, payload, signature] = jwt.split('.');
    const flip = (part: string, at: number) =>
      part.slice(0, at) + (part[at] === 'A' ? 'B' : 'A') + part.slice(at + 1);
    for (const tampered of [
      [flip(header, 5), payload, signature],
      [header, flip(payload, 20), signature],
      [header, flip(payload, payload.length - 3), signature],
      [header, payload, flip(signature, 0)],
    ]) {
      expect(refusal(STS_TOKEN_PREFIX + tampered.join('.'))).toBe('InvalidCredentials');
    }
    // Claims changed (another role id) and re-encoded, signature kept.
    const changed = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        sts: { ...claims, roleId: 'r-2' },
      }),
    ).toString('base64url');
    expect(refusal(`${STS_TOKEN_PREFIX}${header}.${changed}.${signature}`)).toBe('InvalidCredentials');
  });

  it('refuses alg none, another key, another HMAC algorithm and garbage', async () => {
    const none = new UnsecuredJWT({ sts: claims })
      .setIssuer('access-ledger-sts')
      .setJti(claims.sessionId)
      .setExpirationTime(new Date('2026-05-01T01:00:00.000Z'))
      .encode();
    expect(refusal(`${STS_TOKEN_PREFIX}${none}`)).toBe('InvalidCredentials');
    const otherKey = await forged((jwt) => jwt.setProtectedHeader({ alg: 'HS256' }).sign(randomBytes(32)));
    expect(refusal(otherKey)).toBe('InvalidCredentials');
    const hs512 = await forged((jwt) => jwt.setProtectedHeader({ alg: 'HS512' }).sign(key));
    expect(refusal(hs512)).toBe('InvalidCredentials');
    const sameKey = await forged((jwt) => jwt.setProtectedHeader({ alg: 'HS256' }).sign(key));
    expect(tokens.verify(sameKey, during)).toEqual(claims);
    for (const garbage of [`${STS_TOKEN_PREFIX}`, `${STS_TOKEN_PREFIX}a.b.c`, 'not-sts']) {
      expect(refusal(garbage)).toBe('InvalidCredentials');
    }
  });

  it('refuses a token naming an extension (crit) or an unencoded payload (b64), even under the right key', () => {
    const signed = (header: object) => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const payload = encode({
        sts: claims,
        iss: 'access-ledger-sts',
        jti: claims.sessionId,
        exp: 1777597200,
      });
      const input = `${encode(header)}.${payload}`;
      return `${STS_TOKEN_PREFIX}${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
    };
    expect(tokens.verify(signed({ alg: 'HS256' }), during)).toEqual(claims);
    expect(refusal(signed({ alg: 'HS256', crit: ['exp'] }))).toBe('InvalidCredentials');
    expect(refusal(signed({ alg: 'HS256', b64: true }))).toBe('InvalidCredentials');
    expect(refusal(signed({ alg: 'hs256' }))).toBe('InvalidCredentials');
  });

  it('refuses a token from another deployment (another signing key)', () => {
    const { securityToken } = new StsTokens(randomBytes(32)).issue(claims);
    expect(refusal(securityToken)).toBe('InvalidCredentials');
  });
});
