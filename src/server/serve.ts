// `dateline serve`: opens the bot (src/app.ts) and runs its adapters' routes on one HTTP server
// with GET /healthz, with the digest scheduler posting through their posters, until SIGTERM or
// SIGINT.
import { openBot, type Bot, type BotOptions } from '../app.ts';
import type { HttpRoute } from '../adapter.ts';
import type { PassReport } from '../scheduler/scheduler.ts';
import { sendJson, startHttpServer } from './http-server.ts';

export interface ServeOptions extends BotOptions {
  /** Listen address; loopback in tests. */
  host?: string;
  /** Run the digest scheduler (default true); HTTP tests that post nothing on a clock turn it off. */
  scheduler?: boolean;
}

export interface RunningBot extends Bot {
  port: number;
  /** The start-up catch-up pass: what was due while the bot was down (undefined when not run). */
  catchUp: Promise<PassReport | undefined>;
}

export async function startBot(options: ServeOptions): Promise<RunningBot> {
  const bot = await openBot(options);
  const { config, logger, dateline, store, adapters, scheduler } = bot;
  const { catalog } = dateline;
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
        adapters: Object.fromEntries(adapters.map((adapter) => [adapter.name, adapter.health()])),
      }),
  };
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    http = await startHttpServer(config.port, [health, ...adapters.flatMap((adapter) => adapter.routes)], logger, options.host);
  } catch (error) {
    await bot.close();
    throw error;
  }
  logger.info({ port: http.port, facts: catalog.facts.length, store: store.kind, adapters: adapters.map((adapter) => adapter.name) }, 'dateline is serving');
  // The search index is the slow part of loading a large pack: build it while already serving.
  void catalog.prepareSearch().catch((error: unknown) => logger.error({ err: error }, 'building the search index failed'));
  // Not awaited: the bot answers while it catches up on digests due while it was down.
  const catchUp = options.scheduler === false ? Promise.resolve(undefined) : scheduler.start();
  let closing: Promise<void> | undefined;
  return {
    ...bot,
    port: http.port,
    catchUp,
    close: () =>
      (closing ??= (async () => {
        await scheduler.stop();
        await http.close();
        await bot.close();
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
