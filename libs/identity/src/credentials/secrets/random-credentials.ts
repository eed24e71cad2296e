import { createHash, randomBytes, randomInt } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// randomInt draws without modulo bias, so every character carries log2(62) bits.
const base62 = (length: number) => Array.from({ length }, () => BASE62[randomInt(BASE62.length)]).join('');

export const ACCESS_KEY_ID = /^LTAI[A-Za-z0-9]{20}$/;

/** `LTAI` + 20 characters, as RAM's AccessKey ids look. Not secret. */
export const newAccessKeyId = () => `LTAI${base62(20)}`;

/** 30 base62 characters (178 bits): high entropy, so a plain SHA-256 is a safe way to keep it. */
export const newAccessKeySecret = () => base62(30);

export const SESSION_TOKEN_PREFIX = 'alc_';

/** An opaque console session token; the prefix tells it apart from root and STS bearer tokens. */
export const newSessionToken = () => `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

/** The stored form of a high-entropy secret (AccessKey secret, session token). */
export const secretDigest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();
