import { StsTokens } from '#sts';
import { serveJson } from '../support/bare-json-server.js';
import { type BareAssumeRoleBody, bareAssumeRoleAnswer, bareSessionClaims } from './bare-assume-role.js';

/**
 * The baseline: a bare node:http server that answers AssumeRole by signing the same token with the same
 * call (StsTokens.issue, same key): no framework, no authentication, no checks, no database.
 */
const tokens = new StsTokens(Buffer.from(process.env.STS_SIGNING_KEY!, 'base64'));
const ACCOUNT = process.env.ACCOUNT_ID!;

serveJson((_path, body) =>
  bareAssumeRoleAnswer(tokens, bareSessionClaims(body as BareAssumeRoleBody, ACCOUNT), ACCOUNT),
);
