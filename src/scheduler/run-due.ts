// `dateline run-due [--at ISO]`: one scheduler pass at that instant through the configured
// surfaces' posters, then exit. Safe to run beside `dateline serve` and to repeat: the ledger
// lets each occurrence be posted once.
import type { Logger } from 'pino';
import type { CoreConfig } from '../config.ts';
import { Dateline } from '../dateline.ts';
import { openConfiguredCatalog } from '../facts/open.ts';
import { createLogger } from '../logger.ts';
import { openSurfaces, postersOf } from '../server/serve.ts';
import { openStore } from '../store/open.ts';
import type { SurfaceFactory } from '../surface.ts';
import { Scheduler, type PassReport } from './scheduler.ts';

export interface RunDueOptions {
  config: CoreConfig;
  env: NodeJS.ProcessEnv;
  surfaces: SurfaceFactory[];
  at: Date;
  logger?: Logger;
}

export async function runDue(options: RunDueOptions): Promise<PassReport> {
  const { config, env } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const dateline = new Dateline(openConfiguredCatalog(config), config.zone);
  const store = await openStore(config);
  try {
    const surfaces = await openSurfaces(options.surfaces, { dateline, config, env, logger, conversations: store, replays: store });
    try {
      const scheduler = new Scheduler({ store, dateline, posters: postersOf(surfaces), logger, catchupHours: config.catchupHours, leaseSeconds: config.leaseSeconds });
      // Like a start-up pass: it also records what was missed while nothing ran.
      return await scheduler.runPass(options.at, { startup: true });
    } finally {
      for (const surface of surfaces) await surface.stop?.();
    }
  } finally {
    await store.close();
  }
}
