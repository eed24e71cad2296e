import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from './ram-setup.js';

type Target =
  | { type: 'GroupMembership'; groupName: string }
  | { type: 'PolicyAttachment'; policyType: 'System' | 'Custom'; policyName: string }
  | { type: 'RoleAssumption'; roleName: string };

/** Access-request calls for end-to-end tests: submit, decide, and wait for the worker's timers. */
export function accessRequests(root: Client) {
  return {
    submit: (as: Client, target: Target, durationSeconds = 3600, justification = 'OPS-1 on-call') =>
      as.post('/v1/access-requests', { target, durationSeconds, justification }),
    approve: (as: Client, requestId: string) => as.post(`/v1/access-requests/${requestId}/approvals`, {}),
    deny: (as: Client, requestId: string, reason = 'not needed') =>
      as.post(`/v1/access-requests/${requestId}/denial`, { reason }),
    get: (requestId: string) => root.get(`/v1/access-requests/${requestId}`),
    /** Polls until the request reaches `status` (the worker's timers run about every second). */
    async waitFor(requestId: string, status: string, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await root.get(`/v1/access-requests/${requestId}`);
        if (body.status === status) return body;
        if (Date.now() > deadline) throw new Error(`request ${requestId} is ${body.status}, not ${status}`);
        await sleep(200);
      }
    },
    /** The position of the request's last event: a check carrying it sees what that event changed. */
    lastPosition: (request: { history: { position: number }[] }) =>
      String(Math.max(...request.history.map((e) => e.position))),
  };
}
