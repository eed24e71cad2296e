import pg from 'pg';
import { GroupCommit } from '#common';
import { type SessionClaims, StsTokens } from '#sts';
import { serveJson } from '../support/bare-json-server.js';
import { type BareAssumeRoleBody, bareAssumeRoleAnswer, bareSessionClaims } from './bare-assume-role.js';

/**
 * A second baseline, for information: the bare server (bare-server.ts) that also makes each session durable
 * before answering, as the service must: concurrent sessions group-committed into one multi-row INSERT of
 * their claims (one statement, one WAL flush per batch, on DATABASE_URL), then the same token signed with the
 * same StsTokens.issue. No authentication, authorization, trust check, event log or readers.
 */
const tokens = new StsTokens(Buffer.from(process.env.STS_SIGNING_KEY!, 'base64'));
const ACCOUNT = process.env.ACCOUNT_ID!;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: 4 });
const INSERT = {
  name: 'bare-insert-sessions',
  text: `INSERT INTO bare_role_sessions (session_id, claims)
         SELECT * FROM unnest($1::uuid[], $2::jsonb[])`,
};

const sessions = new GroupCommit<SessionClaims, void>(async (batch) => {
  await pool.query(INSERT, [batch.map((c) => c.sessionId), batch.map((c) => JSON.stringify(c))]);
  return batch.map(() => ({ ok: true, value: undefined }));
});

async function assumeRole(body: BareAssumeRoleBody) {
  const claims = bareSessionClaims(body, ACCOUNT);
  await sessions.submit(claims);
  return bareAssumeRoleAnswer(tokens, claims, ACCOUNT);
}

await pool.query(`CREATE TABLE IF NOT EXISTS bare_role_sessions (
  session_id uuid PRIMARY KEY,
  claims jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
)`);
serveJson((_path, body) => assumeRole(body as BareAssumeRoleBody));
