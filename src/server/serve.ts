// `dateline serve`: loads the packs, opens the store, builds the configured surfaces, and
// runs them on one HTTP server with GET /healthz, with the digest scheduler posting through
// their posters, until SIGTERM or SIGINT.
import type { Logger } from 'pino';
import type { CoreConfig } from '../config.ts';
import { Dateline } from '../dateline.ts';
import { openConfiguredCatalog } from '../facts/open.ts';
import { createLogger } from '../logger.ts';
import { Scheduler, type PassReport } from '../scheduler/scheduler.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { createSubscriptionDesk } from '../subscriptions/desk.ts';
import type { ChannelPoster, HttpRoute, Surface, SurfaceContext, SurfaceFactory } from '../surface.ts';
import { sendJson, startHttpServer } from './http-server.ts';

export interface ServeOptions {
  config: CoreConfig;
  env: NodeJS.ProcessEnv;
  surfaces: SurfaceFactory[];
  logger?: Logger;
  /** Listen address; loopback in tests. */
  host?: string;
  /** Run the digest scheduler (default true); HTTP tests that post nothing on a clock turn it off. */
  scheduler?: boolean;
}

export interface RunningBot {
  port: number;
  dateline: Dateline;
  store: Store;
  surfaces: Surface[];
  scheduler: Scheduler;
  /** The start-up catch-up pass: what was due while the bot was down (undefined when not run). */
  catchUp: Promise<PassReport | undefined>;
  close(): Promise<void>;
}

/** Builds and starts the configured surfaces. */
export async function openSurfaces(factories: SurfaceFactory[], context: SurfaceContext): Promise<Surface[]> {
  const surfaces: Surface[] = [];
  for (const factory of factories) {
    const surface = await factory(context);
    if (surface) surfaces.push(surface);
  }
  for (const surface of surfaces) await surface.start?.();
  return surfaces;
}

export const postersOf = (surfaces: Surface[]): ChannelPoster[] => surfaces.flatMap((surface) => (surface.poster ? [surface.poster] : []));

export async function startBot(options: ServeOptions): Promise<RunningBot> {
  const { config, env } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const catalog = openConfiguredCatalog(config);
  const dateline = new Dateline(catalog, config.zone);
  const store = await openStore(config);
  dateline.useSubscriptions(createSubscriptionDesk({ store, catalog, defaultZone: config.zone }));
  let surfaces: Surface[];
  try {
    surfaces = await openSurfaces(options.surfaces, { dateline, config, env, logger, conversations: store });
  } catch (error) {
    await store.close();
    throw error;
  }
  const health: HttpRoute = {
    method: 'GET',
    path: '/healthz',
    handle: (_req, res) =>
      sendJson(res, 200, {
        status: 'ok',
        facts: catalog.facts.length,
        themes: catalog.themes.length,
        store: store.kind,
        memory: memoryFigures(),
        adapters: Object.fromEntries(surfaces.map((surface) => [surface.name, surface.health()])),
      }),
  };
  const http = await startHttpServer(config.port, [health, ...surfaces.flatMap((surface) => surface.routes)], logger, options.host);
  logger.info({ port: http.port, facts: catalog.facts.length, store: store.kind, adapters: surfaces.map((surface) => surface.name) }, 'dateline is serving');
  // The search index is the slow part of loading a large pack: build it while already serving.
  void catalog.prepareSearch().catch((error: unknown) => logger.error({ err: error }, 'building the search index failed'));
  const scheduler = new Scheduler({ store, dateline, posters: postersOf(surfaces), logger, catchupHours: config.catchupHours, leaseSeconds: config.leaseSeconds });
  // Not awaited: the bot answers while it catches up on digests due while it was down.
  const catchUp = options.scheduler === false ? Promise.resolve(undefined) : scheduler.start();
  let closing: Promise<void> | undefined;
  return {
    port: http.port,
    dateline,
    store,
    surfaces,
    scheduler,
    catchUp,
    close: () =>
      (closing ??= (async () => {
        await scheduler.stop();
        await http.close();
        for (const surface of surfaces) await surface.stop?.();
        await store.close();
        logger.info('dateline stopped');
      })()),
  };
}

function memoryFigures() {
  const { heapUsed, rss } = process.memoryUsage();
  return { heap_used_mb: Math.round(heapUsed / 1e6), rss_mb: Math.round(rss / 1e6) };
}

/** Runs the bot until SIGTERM or SIGINT, then shuts down gracefully. */
export async function serve(options: ServeOptions): Promise<void> {
  const bot = await startBot(options);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      bot.close().then(resolve, resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
