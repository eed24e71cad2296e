import { Agent, request } from 'node:http';
const [path, method] = [process.argv[2], process.argv[3] ?? 'GET'];
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const body = JSON.stringify({
  principalArn: 'acs:ram::1000000000000042:user/bench-user',
  action: 'arms:GetTrace',
  resource: '*',
});
let n = 0;
const total = 20000;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (n++ < total) {
      await new Promise<void>((res, rej) => {
        const req = request(
          `http://127.0.0.1:3777${path}`,
          {
            method,
            agent,
            headers: { 'content-type': 'application/json', authorization: 'Bearer profiling-root-token-123' },
          },
          (r) => {
            r.resume();
            r.on('end', () => res());
          },
        );
        req.on('error', rej);
        req.end(method === 'POST' ? body : undefined);
      });
    }
  }),
);
console.log(path, 'rps', Math.round(total / ((performance.now() - t0) / 1000)));
agent.destroy();
