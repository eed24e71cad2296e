import type { MatchedStatement } from '#policy';

export interface DecisionBody {
  decision: string;
  matchedStatements: readonly MatchedStatement[];
  position: number;
}

// A matched statement's explanation is one object per compiled statement, the same in every decision that
// matches it: its JSON is written once. A whole batch spent a third of its time in JSON.stringify.
const statementJson = new WeakMap<object, string>();

function explanation(statement: MatchedStatement): string {
  let json = statementJson.get(statement);
  if (json === undefined) {
    json = JSON.stringify(statement);
    statementJson.set(statement, json);
  }
  return json;
}

/** JSON.stringify(decision), exactly (a test holds it to that), with the explanations' JSON kept. */
export function decisionJson(body: DecisionBody): string {
  let json = `{"decision":${JSON.stringify(body.decision)},"matchedStatements":[`;
  for (let i = 0; i < body.matchedStatements.length; i++)
    json += (i === 0 ? '' : ',') + explanation(body.matchedStatements[i]);
  return `${json}],"position":${JSON.stringify(body.position)}}`;
}

/** JSON.stringify of a batch's `{results}`: decisions as above, per-item errors as they are. */
export function batchJson(body: { results: readonly (DecisionBody | object)[] }): string {
  let json = '{"results":[';
  for (let i = 0; i < body.results.length; i++) {
    const item = body.results[i];
    json += (i === 0 ? '' : ',') + ('decision' in item ? decisionJson(item) : JSON.stringify(item));
  }
  return `${json}]}`;
}
