import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';
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

const ID_BYTES = 12;
// Random bytes for 512 ids at a time, as node's randomUUID pools its own: one call into the CSPRNG per id cost
// more of AssumeRole's event loop (about 5 us) than formatting it.
const idPool = Buffer.alloc(ID_BYTES * 512);
let idOffset = idPool.length;

/** `STS.` and 24 upper-case hex characters: public, like an AccessKey id. */
export function newStsAccessKeyId(): string {
  if (idOffset === idPool.length) {
    randomFillSync(idPool);
    idOffset = 0;
  }
  const id = idPool.toString('hex', idOffset, idOffset + ID_BYTES).toUpperCase();
  idOffset += ID_BYTES;
  return `STS.${id}`;
}

/**
 * Signs and verifies STS security tokens (JWS HS256 under the deployment's STS signing key). The AccessKey
 * secret of a session is derived from its id under the same key, so no secret is ever stored anywhere.
 */
export class StsTokens {
  private readonly key: Uint8Array;

  constructor(signingKey: Buffer) {
    if (signingKey.length < 32) throw new Error('The STS signing key must be at least 32 bytes');
    this.key = new Uint8Array(signingKey);
  }

  static isStsToken(token: string): boolean {
    return token.startsWith(STS_TOKEN_PREFIX);
  }

  /**
   * Signs with node:crypto's HMAC at once, the same compact JWS (header, claims, signature) jose's `SignJWT`
   * writes: jose signs through WebCrypto, an asynchronous job on the thread pool per token, which cost more
   * of AssumeRole's time on the event loop than the HMAC itself.
   */
  issue(claims: SessionClaims): { securityToken: string; accessKeySecret: string } {
    const payload = base64urlJson({
      sts: claims,
      iss: ISSUER,
      jti: claims.sessionId,
      iat: Math.floor(Date.parse(claims.issuedAt) / 1000),
      exp: Math.ceil(Date.parse(claims.expiration) / 1000),
    });
    const input = `${PROTECTED_HEADER}.${payload}`;
    const jwt = `${input}.${createHmac('sha256', this.key).update(input).digest('base64url')}`;
    return { securityToken: `${STS_TOKEN_PREFIX}${jwt}`, accessKeySecret: this.secretOf(claims.accessKeyId) };
  }

  /**
   * The claims of a token this deployment signed and that has not expired at `now`. Whether its role still
   * exists and whether it was revoked is the caller's second check (it needs the database). Checked as
   * jose's `jwtVerify` checks an HS256 token (header, signature, then issuer and expiry), with node:crypto's
   * HMAC at once for the reason `issue` gives.
   * @throws DomainError `TokenExpired` (401) or `InvalidCredentials` (401)
   */
  verify(token: string, now = new Date()): SessionClaims {
    if (!StsTokens.isStsToken(token)) throw invalidToken();
    const payload = this.signedPayload(token.slice(STS_TOKEN_PREFIX.length));
    const seconds = Math.floor(now.getTime() / 1000);
    const { iss, exp, iat, nbf } = payload;
    if (iss !== ISSUER || typeof exp !== 'number') throw invalidToken();
    if (iat !== undefined && typeof iat !== 'number') throw invalidToken();
    if (nbf !== undefined && (typeof nbf !== 'number' || nbf > seconds)) throw invalidToken();
    if (exp <= seconds) throw expired();
    const claims = payload.sts as SessionClaims | undefined;
    if (
      typeof claims !== 'object' ||
      claims === null ||
      typeof claims.expiration !== 'string' ||
      claims.sessionId !== payload.jti
    )
      throw invalidToken();
    if (now.getTime() >= Date.parse(claims.expiration)) throw expired();
    return claims;
  }

  /**
   * The claims of a compact JWS whose header names HS256 and no extension (`crit`) and whose signature is
   * this key's HMAC of header and claims, compared in constant time before the claims are read.
   */
  private signedPayload(jws: string): Record<string, unknown> {
    const parts = jws.split('.');
    if (parts.length !== 3) throw invalidToken();
    const [header, payload, signature] = parts;
    const protectedHeader = parseJsonObject(header);
    if (protectedHeader?.alg !== STS_ALGORITHM || 'crit' in protectedHeader || 'b64' in protectedHeader)
      throw invalidToken();
    const expected = createHmac('sha256', this.key).update(`${header}.${payload}`).digest();
    const presented = Buffer.from(signature, 'base64url');
    if (
      presented.length !== expected.length ||
      presented.toString('base64url') !== signature ||
      !timingSafeEqual(presented, expected)
    )
      throw invalidToken();
    const claims = parseJsonObject(payload);
    if (!claims) throw invalidToken();
    return claims;
  }

  /** The session's AccessKey secret: an HMAC of its id, shown once in the AssumeRole response. */
  private secretOf(accessKeyId: string): string {
    return createHmac('sha256', this.key).update(`sts-access-key-secret:${accessKeyId}`).digest('base64url');
  }
}

const base64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Every token's header, encoded once. */
const PROTECTED_HEADER = base64urlJson({ alg: STS_ALGORITHM, typ: 'JWT' });

/** A base64url segment's JSON object, or undefined for anything else. */
function parseJsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const expired = () => new DomainError('TokenExpired', 'The security token has expired', 401);
