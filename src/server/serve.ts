// `dateline serve`: opens the bot (src/app.ts) and runs its adapters' routes on one HTTP server
// with GET /healthz, with the digest scheduler posting through their posters and the store pruned
// by age (store/retention.ts), until SIGTERM or SIGINT.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { openBot, type Bot, type BotOptions } from '../app.ts';
import { DEFAULT_RETENTION_DAYS } from '../config.ts';
import { startRetention } from '../store/retention.ts';
import type { HttpRoute } from '../adapter.ts';
import type { PassReport } from '../scheduler/scheduler.ts';
import type { Store } from '../store/store.ts';
import { fromLoopback, sendJson, startHttpServer } from './http-server.ts';

/** /healthz waits this long for the store's answer: a health check must answer fast, above all when the store does not. */
export const HEALTH_TIMEOUT_MS = 2_000;

export interface ServeOptions extends BotOptions {
  /** Listen address (default config.host); loopback in tests. */
  host?: string;
  /** Requests handled at once before 503 (default MAX_REQUESTS_IN_FLIGHT); the tests lower it. */
  maxRequestsInFlight?: number;
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
    exempt: true,
    handle: async (req, res) => {
      const storeError = await pingWithin(store, HEALTH_TIMEOUT_MS);
      if (storeError) logger.warn({ reason: storeError }, 'health check: the store does not answer');
      const status = storeError ? { status: 'unavailable', reason: 'the store does not answer' } : { status: 'ok' };
      const details = mayShowDetails(req, config.healthToken)
        ? {
            ...(storeError ? { store_error: storeError } : {}),
            facts: catalog.facts.length,
            themes: catalog.themes.length,
            store: store.kind,
            ...(storeError ? {} : { installations: await installationCounts(store) }),
            memory: memoryFigures(),
            adapters: Object.fromEntries(adapters.map((adapter) => [adapter.name, adapter.health()])),
          }
        : {};
      sendJson(res, storeError ? 503 : 200, { ...status, ...details }, { 'cache-control': 'no-store' });
    },
  };
  const routes = [health, ...adapters.flatMap((adapter) => adapter.routes)];
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    http = await startHttpServer(config.port, routes, logger, {
      host: options.host ?? config.host,
      ...(options.maxRequestsInFlight ? { maxRequestsInFlight: options.maxRequestsInFlight } : {}),
    });
  } catch (error) {
    await bot.close();
    throw error;
  }
  logger.info(
    { port: http.port, facts: catalog.facts.length, store: store.kind, adapters: adapters.map((adapter) => adapter.name) },
    'dateline is serving',
  );
  // The search index is the slow part of loading a large pack: build it while already serving
  // (a search meanwhile waits for it). Closing stops the build.
  void catalog.prepareSearch().catch((error: unknown) => {
    const stopped = error instanceof DOMException && error.name === 'AbortError';
    if (!stopped) logger.error({ err: error }, 'building the search index failed');
  });
  // Not awaited: the bot answers while it catches up on digests due while it was down.
  const catchUp = options.scheduler === false ? Promise.resolve(undefined) : scheduler.start();
  const retentionDays = config.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const retention = retentionDays > 0 ? startRetention(store, retentionDays, logger, () => new Date()) : undefined;
  let closing: Promise<void> | undefined;
  return {
    ...bot,
    port: http.port,
    catchUp,
    close: () =>
      (closing ??= (async () => {
        await scheduler.stop();
        await retention?.stop();
        await http.close();
        await bot.close();
        logger.info('dateline stopped');
      })()),
  };
}

/** The store's failure within the time allowed, or undefined when it answered. */
async function pingWithin(store: Store, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  const ping = store.ping().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Details (counts, store, adapters, memory) are for this machine, or for whoever holds DATELINE_HEALTH_TOKEN. */
function mayShowDetails(req: IncomingMessage, token: string | undefined): boolean {
  if (fromLoopback(req)) return true;
  const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token || !presented) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(token));
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

/** Installations per platform, by state: { slack: { active: 2, uninstalled: 1 } }. */
async function installationCounts(store: Store): Promise<Record<string, Record<string, number>>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const { platform, state, count } of await store.countInstallations()) counts[platform] = { ...counts[platform], [state]: count };
  return counts;
}
