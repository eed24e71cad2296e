import { createServer } from 'node:http';
import { PermissionModel } from '#identity';
import { type EvaluationResult } from '#policy';
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

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const answer = req.url === '/v1/authorize/batch' ? { results: body.requests.map(decide) } : decide(body);
    const text = JSON.stringify(answer);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`LISTENING http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
