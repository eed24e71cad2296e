import { createHmac, randomBytes, webcrypto } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { DomainError } from '#common';
import type { CallerKind } from '../sessions/role-assumed.events.js';

/** Tells an STS token apart from console (`alc_`) and root tokens before any cryptography runs. */
export const STS_TOKEN_PREFIX = 'als_';
/** The only algorithm signed and accepted: a token naming another one (`none` included) is refused. */
export const STS_ALGORITHM = 'HS256';
const ISSUER = 'access-ledger-sts';

/** What a security token binds: the session, the role's immutable id, the caller and the session policy. */
export interface SessionClaims {
  sessionId: string;
  accessKeyId: string;
  roleId: string;
  roleName: string;
  roleSessionName: string;
  callerArn: string;
  callerKind: CallerKind;
  callerPrincipalId: string;
  mfaPresent: boolean;
  chained: boolean;
  sessionPolicy?: string;
  /** ISO instants, to the millisecond (JWT's own `iat`/`exp` are whole seconds). */
  issuedAt: string;
  expiration: string;
}

export const invalidToken = (message = 'The security token is not valid') =>
  new DomainError('InvalidCredentials', message, 401);

/** `STS.` and 24 upper-case hex-like characters: public, like an AccessKey id. */
export const newStsAccessKeyId = () => `STS.${randomBytes(12).toString('hex').toUpperCase()}`;

/**
 * Signs and verifies STS security tokens (JWS HS256 under the deployment's STS signing key). The AccessKey
 * secret of a session is derived from its id under the same key, so no secret is ever stored anywhere.
 */
export class StsTokens {
  private readonly key: Uint8Array;
  /** Imported once: jose would otherwise import raw key bytes again on every verify. */
  private readonly hmacKey: Promise<webcrypto.CryptoKey>;

  constructor(signingKey: Buffer) {
    if (signingKey.length < 32) throw new Error('The STS signing key must be at least 32 bytes');
    this.key = new Uint8Array(signingKey);
    this.hmacKey = webcrypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
  }

  static isStsToken(token: string): boolean {
    return token.startsWith(STS_TOKEN_PREFIX);
  }

  /**
   * Signs with node:crypto's HMAC at once, the same compact JWS (header, claims, signature) jose's `SignJWT`
   * writes: jose signs through WebCrypto, an asynchronous job on the thread pool per token, which cost more
   * of AssumeRole's time on the event loop than the HMAC itself. Verification stays with jose.
   */
  issue(claims: SessionClaims): { securityToken: string; accessKeySecret: string } {
    const header = base64urlJson({ alg: STS_ALGORITHM, typ: 'JWT' });
    const payload = base64urlJson({
      sts: claims,
      iss: ISSUER,
      jti: claims.sessionId,
      iat: Math.floor(Date.parse(claims.issuedAt) / 1000),
      exp: Math.ceil(Date.parse(claims.expiration) / 1000),
    });
    const input = `${header}.${payload}`;
    const jwt = `${input}.${createHmac('sha256', this.key).update(input).digest('base64url')}`;
    return { securityToken: `${STS_TOKEN_PREFIX}${jwt}`, accessKeySecret: this.secretOf(claims.accessKeyId) };
  }

  /**
   * The claims of a token this deployment signed and that has not expired at `now`. Whether its role still
   * exists and whether it was revoked is the caller's second check (it needs the database).
   * @throws DomainError `TokenExpired` (401) or `InvalidCredentials` (401)
   */
  async verify(token: string, now = new Date()): Promise<SessionClaims> {
    if (!StsTokens.isStsToken(token)) throw invalidToken();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token.slice(STS_TOKEN_PREFIX.length), await this.hmacKey, {
        algorithms: [STS_ALGORITHM],
        issuer: ISSUER,
        currentDate: now,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw expired();
      throw invalidToken();
    }
    const claims = payload.sts as SessionClaims | undefined;
    if (!claims || typeof claims.expiration !== 'string' || claims.sessionId !== payload.jti)
      throw invalidToken();
    if (now.getTime() >= Date.parse(claims.expiration)) throw expired();
    return claims;
  }

  /** The session's AccessKey secret: an HMAC of its id, shown once in the AssumeRole response. */
  private secretOf(accessKeyId: string): string {
    return createHmac('sha256', this.key).update(`sts-access-key-secret:${accessKeyId}`).digest('base64url');
  }
}

const base64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const expired = () => new DomainError('TokenExpired', 'The security token has expired', 401);
