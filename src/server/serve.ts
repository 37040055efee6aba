// `dateline serve`: loads the packs, opens the store, builds the configured surfaces, and
// runs them on one HTTP server with GET /healthz, until SIGTERM or SIGINT.
import type { Logger } from 'pino';
import type { CoreConfig } from '../config.ts';
import { Dateline } from '../dateline.ts';
import { openCatalog } from '../facts/open.ts';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import type { HttpRoute, Surface, SurfaceFactory } from '../surface.ts';
import { sendJson, startHttpServer } from './http-server.ts';

export interface ServeOptions {
  config: CoreConfig;
  env: NodeJS.ProcessEnv;
  surfaces: SurfaceFactory[];
  logger?: Logger;
  /** Listen address; loopback in tests. */
  host?: string;
}

export interface RunningBot {
  port: number;
  dateline: Dateline;
  store: Store;
  surfaces: Surface[];
  close(): Promise<void>;
}

export async function startBot(options: ServeOptions): Promise<RunningBot> {
  const { config, env } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const catalog = openCatalog(config.factsDir);
  const dateline = new Dateline(catalog, config.zone);
  const store = await openStore(config);
  const surfaces: Surface[] = [];
  try {
    for (const factory of options.surfaces) {
      const surface = await factory({ dateline, config, env, logger, conversations: store });
      if (surface) surfaces.push(surface);
    }
    for (const surface of surfaces) await surface.start?.();
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
        adapters: Object.fromEntries(surfaces.map((surface) => [surface.name, surface.health()])),
      }),
  };
  const http = await startHttpServer(config.port, [health, ...surfaces.flatMap((surface) => surface.routes)], logger, options.host);
  logger.info({ port: http.port, facts: catalog.facts.length, store: store.kind, adapters: surfaces.map((surface) => surface.name) }, 'dateline is serving');
  let closing: Promise<void> | undefined;
  return {
    port: http.port,
    dateline,
    store,
    surfaces,
    close: () =>
      (closing ??= (async () => {
        await http.close();
        for (const surface of surfaces) await surface.stop?.();
        await store.close();
        logger.info('dateline stopped');
      })()),
  };
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
