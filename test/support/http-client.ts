export interface HttpResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A tiny JSON client over fetch, for end-to-end tests. */
export function httpClient(baseUrl: string, defaultHeaders: Record<string, string> = {}) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...defaultHeaders,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (metrics, docs UI)
    }
    return { status: response.status, headers: response.headers, body: parsed } as HttpResult;
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', path, body, headers),
    put: (path: string, body?: unknown, headers?: Record<string, string>) => call('PUT', path, body, headers),
    patch: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('PATCH', path, body, headers),
    delete: (path: string, headers?: Record<string, string>) => call('DELETE', path, undefined, headers),
  };
}

/**
 * A read with `Ledger-Min-Position: position`, asked again while it answers 503 `ProjectionLag` (up to a
 * minute): a commit-order reader waits behind the oldest transaction anywhere on the server, which a test
 * running beside this one may hold open longer than the read's own 5 s.
 */
export async function readAtLeast(client: ReturnType<typeof httpClient>, path: string, position: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await client.get(path, { 'ledger-min-position': position });
    if (answer.status !== 503 || answer.body?.error?.code !== 'ProjectionLag' || Date.now() > deadline)
      return answer;
  }
}
