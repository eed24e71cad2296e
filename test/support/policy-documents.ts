/** Policy documents (as JSON text, the way the API takes them) for tests. */

/** A trust policy (`assumeRolePolicyDocument`) allowing `principals` to assume the role. */
export const trustPolicy = (principals: string[], condition?: object) =>
  JSON.stringify({
    Version: '1',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { RAM: principals },
        ...(condition && { Condition: condition }),
      },
    ],
  });

/** A permission policy allowing `actions` on every resource. */
export const allowPolicy = (actions: string[]) =>
  JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
