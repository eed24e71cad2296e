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

// A batch's answer (1000 decisions, ~700 KB) is assembled as bytes: the same answer built as text spent a
// third of the batch flattening and encoding the string it grew.
const statementBytes = new WeakMap<object, Buffer>();
const decisionHeads = new Map<string, Buffer>();
const [OPEN, COMMA, CLOSE] = ['{"results":[', ',', ']}'].map((text) => Buffer.from(text));

function bytesOf(statement: MatchedStatement): Buffer {
  let bytes = statementBytes.get(statement);
  if (bytes === undefined) {
    bytes = Buffer.from(explanation(statement));
    statementBytes.set(statement, bytes);
  }
  return bytes;
}

function headOf(decision: string): Buffer {
  let head = decisionHeads.get(decision);
  if (head === undefined) {
    head = Buffer.from(`{"decision":${JSON.stringify(decision)},"matchedStatements":[`);
    decisionHeads.set(decision, head);
  }
  return head;
}

/** The UTF-8 of JSON.stringify of a batch's `{results}`: decisions as above, per-item errors as they are. */
export function batchJson(body: { results: readonly (DecisionBody | object)[] }): Buffer {
  const pieces: Buffer[] = [OPEN];
  let tail: { position: number; bytes: Buffer } | undefined;
  for (let i = 0; i < body.results.length; i++) {
    const item = body.results[i];
    if (i > 0) pieces.push(COMMA);
    if (!('decision' in item)) {
      pieces.push(Buffer.from(JSON.stringify(item)));
      continue;
    }
    pieces.push(headOf(item.decision));
    for (let j = 0; j < item.matchedStatements.length; j++) {
      if (j > 0) pieces.push(COMMA);
      pieces.push(bytesOf(item.matchedStatements[j]));
    }
    // A batch is decided at one position: its tail is encoded once.
    if (tail?.position !== item.position)
      tail = {
        position: item.position,
        bytes: Buffer.from(`],"position":${JSON.stringify(item.position)}}`),
      };
    pieces.push(tail.bytes);
  }
  pieces.push(CLOSE);
  return Buffer.concat(pieces);
}
