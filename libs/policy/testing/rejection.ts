import { MalformedPolicyDocument } from '#policy';

/** Runs a parse that must fail and returns its MalformedPolicyDocument. */
export function rejection(parse: () => unknown): MalformedPolicyDocument {
  try {
    parse();
  } catch (error) {
    if (error instanceof MalformedPolicyDocument) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}
