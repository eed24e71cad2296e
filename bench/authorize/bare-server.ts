import { PermissionModel } from '#identity';
import { type EvaluationResult } from '#policy';
import { serveJson } from '../support/bare-json-server.js';
import { scenarioEvents } from './scenario.js';

/**
 * The baseline: a bare node:http server with the same evaluator and the same permission model, no
 * framework, no authentication, no validation beyond JSON.parse.
 */
const model = new PermissionModel();
for (const { event } of scenarioEvents()) model.apply(event);

function decide(query: {
  principalArn: string;
  action: string;
  resource: string;
  context?: Record<string, string>;
}) {
  const userName = query.principalArn.slice(query.principalArn.lastIndexOf('/') + 1);
  const result: EvaluationResult = model.userPolicies(userName)!.evaluate(query, { now: new Date() });
  return { decision: result.decision, matchedStatements: result.matched, position: 0 };
}

type Query = Parameters<typeof decide>[0];

serveJson((path, body) =>
  path === '/v1/authorize/batch'
    ? { results: (body as { requests: Query[] }).requests.map(decide) }
    : decide(body as Query),
);
