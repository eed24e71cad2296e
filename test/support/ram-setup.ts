import { httpClient, type HttpResult } from './http-client.js';

export { allowPolicy, trustPolicy } from './policy-documents.js';

export type Client = ReturnType<typeof httpClient>;

const expectStatus = async (pending: Promise<HttpResult>, ...ok: number[]) => {
  const response = await pending;
  if (!ok.includes(response.status)) {
    throw new Error(`setup call answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response;
};

/**
 * Setup calls made as the root, each checked, remembering the position of the last write so that a test can
 * wait until the API's permission state holds everything set up (`settled`).
 */
export function ramSetup(url: string, root: Client) {
  let position = 0;
  const track = async (pending: Promise<HttpResult>, ...ok: number[]) => {
    const response = await expectStatus(pending, ...ok);
    position = Math.max(position, Number(response.headers.get('ledger-position') ?? 0));
    return response;
  };
  return {
    /** A programmatic RAM user with the given system policies, and its new AccessKey pair. */
    async accessKey(userName: string, systemPolicies: string[] = []) {
      await track(root.post('/v1/users', { userName, kind: 'programmatic' }), 201);
      for (const policy of systemPolicies) {
        await track(root.put(`/v1/users/${userName}/policies/System/${policy}`), 201);
      }
      return (await track(root.post(`/v1/users/${userName}/access-keys`), 201)).body as {
        accessKeyId: string;
        accessKeySecret: string;
      };
    },
    /** The same user, as a client that calls with its AccessKey. */
    async user(userName: string, systemPolicies: string[] = []): Promise<Client> {
      const key = await this.accessKey(userName, systemPolicies);
      return httpClient(url, { authorization: `AccessKey ${key.accessKeyId}:${key.accessKeySecret}` });
    },
    async role(roleName: string, trust: string, systemPolicies: string[] = [], maxSessionDuration?: number) {
      const created = await track(
        root.post('/v1/roles', {
          roleName,
          assumeRolePolicyDocument: trust,
          ...(maxSessionDuration && { maxSessionDuration }),
        }),
        201,
      );
      for (const policy of systemPolicies)
        await track(root.put(`/v1/roles/${roleName}/policies/System/${policy}`), 201);
      return created.body as { roleId: string; arn: string };
    },
    track,
    /** Waits until the API's in-memory permission state applied every setup write so far. */
    async settled(): Promise<string> {
      const header = { 'ledger-min-position': String(position) };
      await expectStatus(
        root.post(
          '/v1/authorize',
          { principalArn: 'acs:ram::0:user/x', action: 'a:b', resource: '*' },
          header,
        ),
        200,
        400,
      );
      return String(position);
    },
  };
}
