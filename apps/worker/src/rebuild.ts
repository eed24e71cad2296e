import type { Projection } from '#projections';
import { createLogger, loadConfig, openInfrastructure } from '#runtime';
import { rebuildProjection } from './rebuild/rebuild-projection.js';

/** `npm run projections:rebuild [name...]`: rebuilds the named projections (all when none is named). */
async function main(names: string[]): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel).child({ role: 'rebuild' });
  const infra = await openInfrastructure(config, log);
  try {
    const known = new Map(infra.projections.map((projection) => [projection.name, projection]));
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      log.error({ unknown, known: [...known.keys()] }, 'unknown projection');
      return 2;
    }
    const chosen: Projection[] =
      names.length > 0 ? names.map((name) => known.get(name)!) : [...known.values()];
    for (const projection of chosen) {
      log.info({ projection: projection.name }, 'rebuilding projection');
      const result = await rebuildProjection(infra, projection);
      log.info(
        {
          projection: result.projection,
          events: result.events,
          ms: Math.round(result.ms),
          eventsPerSecond: Math.round(result.events / (result.ms / 1000 || 1)),
        },
        'projection rebuilt',
      );
    }
    return 0;
  } finally {
    await infra.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    createLogger().fatal({ err: error }, 'rebuild failed');
    process.exit(1);
  },
);
