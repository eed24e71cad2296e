import type { NestExpressApplication } from '@nestjs/platform-express';
import { startWorker, type Worker } from '../../worker/src/worker.js';
import { startWorkerThread } from '../../worker/src/thread/threaded-worker.js';
import { WorkerStats } from '../../worker/src/worker-stats.js';
import { connectKafka, createLogger, type Logger, openInfrastructure, type RuntimeConfig } from '#runtime';
import { createApiApp } from './create-api-app.js';
import { ServiceMetrics } from './ops/metrics.js';
import { databaseCheck, kafkaCheck, projectionLagCheck, ReadinessChecks } from './ops/readiness.js';
import { AccountContext } from './runtime/account-context.js';
import { loadRootCredential } from './runtime/root-token.js';
import { loadMfaEncryptionKey } from './credentials/mfa-key.js';
import { MfaSeedCipher } from '#identity';
import { loadStsSigningKey, StsTokens } from '#sts';
import { loadCheckpointSigner } from '#audit';
import { PermissionService } from './authorization/permission.service.js';

export interface RunningService {
  url: string;
  accountId: string;
  app: NestExpressApplication;
  transport: 'in-process' | 'kafka';
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /**
   * Role 'all': run the worker on a thread of its own (apps/worker/src/thread), as `npm start` does, rather
   * than on the API's event loop. A crash of that thread stops the process (exit code 1).
   */
  workerThread?: boolean;
}

/**
 * Starts the HTTP API and, for role 'all', the worker in the same process. With no configuration this is
 * the embedded default: embedded PostgreSQL and the in-process transport.
 */
export async function startService(
  config: RuntimeConfig,
  role: 'all' | 'api',
  log: Logger = createLogger(config.logLevel),
  options: ServiceOptions = {},
): Promise<RunningService> {
  const infra = await openInfrastructure(config, log);
  const kafka = connectKafka(config, log, `access-ledger-${role}`);
  const root = await loadRootCredential(config.dataDir, config.rootToken);
  // What a crashed worker thread stops before the process ends: the whole service, once it runs.
  let stopService = async (): Promise<void> => undefined;
  const startInProcessWorker = (): Promise<Worker> =>
    options.workerThread
      ? startWorkerThread({
          config,
          infra,
          log,
          onCrash: (error) => {
            log.error({ err: error.message }, 'worker thread crashed; stopping');
            const exit = () => process.exit(1);
            void stopService().then(exit, exit);
          },
        })
      : startWorker({ config, infra, log, kafka });
  const worker = role === 'all' ? await startInProcessWorker() : undefined;
  // One definition of lag for the api's /metrics and readiness and the worker's own figures.
  const stats = worker?.stats ?? new WorkerStats(infra.db, infra.projections, kafka !== undefined);
  const lags = () => stats.projectionLag();
  const metrics = new ServiceMetrics({
    relay: async () => (kafka ? stats.relayLag() : undefined),
    projections: lags,
  });
  infra.store.onAppended((events) => metrics.eventsAppended.inc(events.length));
  const permissions = new PermissionService(infra.store, infra.accountId, (error) =>
    log.error(
      { err: error instanceof Error ? error.message : String(error) },
      'permission state batch failed',
    ),
  );
  await permissions.start();
  const app = await createApiApp({
    db: infra.db,
    store: infra.store,
    account: new AccountContext(infra.accountId, root),
    log,
    metrics,
    readiness: new ReadinessChecks([
      databaseCheck(infra.db),
      projectionLagCheck(lags),
      ...(kafka ? [kafkaCheck(kafka, config.topic)] : []),
    ]),
    projections: infra.projections,
    permissions,
    mfaCipher: new MfaSeedCipher(await loadMfaEncryptionKey(config.dataDir, config.mfaEncryptionKey)),
    stsTokens: new StsTokens(await loadStsSigningKey(config.dataDir, config.stsSigningKey)),
    auditSigner: await loadCheckpointSigner(config.dataDir),
  });
  await app.listen(config.port, config.host);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  announce(url, infra.accountId, root, kafka ? 'kafka' : 'in-process', infra.embeddedDatabase);
  let stopped: Promise<void> | undefined;
  const running: RunningService = {
    url,
    accountId: infra.accountId,
    app,
    transport: kafka ? 'kafka' : 'in-process',
    // In-flight requests finish first (server.close), then consumers commit and leave, then the pool closes.
    stop: () =>
      (stopped ??= (async () => {
        await app.close();
        await permissions.stop();
        await worker?.stop();
        await infra.close();
      })()),
  };
  stopService = running.stop;
  return running;
}

function announce(
  url: string,
  accountId: string,
  root: Awaited<ReturnType<typeof loadRootCredential>>,
  transport: string,
  embedded: boolean,
): void {
  const lines = [
    `Access Ledger listening on ${url}`,
    `  account id: ${accountId}`,
    `  database: ${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}; events: ${transport}`,
  ];
  // The generated root token is shown this one time; afterwards it is only in the 0600 file.
  if (root.generated) lines.push(`  root token (shown once, kept in ${root.file}): ${root.generated}`);
  else if (root.file) lines.push(`  root token: in ${root.file}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
