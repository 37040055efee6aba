// `dateline serve`: opens the bot (src/app.ts) and runs its adapters' routes on one HTTP server
// with GET /healthz, /readyz, /metrics and /, with the digest scheduler posting through their
// posters and the store pruned by age (store/retention.ts), until SIGTERM or SIGINT; then it
// drains, within STOP_DEADLINE_MS whatever is stuck.
import { openBot, type Bot, type BotOptions } from '../app.ts';
import { DEFAULT_RETENTION_DAYS } from '../config.ts';
import { startRetention } from '../store/retention.ts';
import type { HttpRoute } from '../adapter.ts';
import { collectProcessMetrics } from '../metrics.ts';
import type { PassReport } from '../scheduler/scheduler.ts';
import type { Store } from '../store/store.ts';
import { VERSION } from '../version.ts';
import { sendJson, startHttpServer } from './http-server.ts';
import { HEALTH_TIMEOUT_MS, homeRoute, mayShowDetails, metricsRoute, pingWithin, readinessRoute } from './probes.ts';

export { HEALTH_TIMEOUT_MS };

/**
 * A stop (SIGTERM or SIGINT) exits within this long, whatever is stuck: orchestrators (Kubernetes,
 * systemd, Docker) wait 10 s or more before SIGKILL, and every outbound call times out sooner.
 */
export const STOP_DEADLINE_MS = 9_000;

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
      const status = storeError
        ? { status: 'unavailable', reason: 'the store does not answer', version: VERSION }
        : { status: 'ok', version: VERSION };
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
  let stopping = false;
  const probes = { store, healthToken: config.healthToken, stopping: () => stopping };
  const routes: HttpRoute[] = [health, readinessRoute(probes), metricsRoute(probes), ...adapters.flatMap((adapter) => adapter.routes)];
  routes.push(homeRoute(() => routes));
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
  collectProcessMetrics();
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
    // New requests are refused at once; the requests in flight, the current pass (its claims
    // released for another instance) and the answers owed finish; then the store closes.
    close: () =>
      (closing ??= (async () => {
        stopping = true;
        await Promise.all([scheduler.stop(), retention?.stop(), http.close()]);
        await bot.close();
        logger.info('dateline stopped');
      })()),
  };
}

function memoryFigures() {
  const { heapUsed, rss } = process.memoryUsage();
  return { heap_used_mb: Math.round(heapUsed / 1e6), rss_mb: Math.round(rss / 1e6) };
}

/**
 * Runs the bot until SIGTERM or SIGINT, then stops it gracefully; past STOP_DEADLINE_MS the
 * process exits anyway (code 1), saying what was still running.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const bot = await startBot(options);
  const { logger } = bot;
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      logger.info({ signal, deadline_ms: STOP_DEADLINE_MS }, `${signal} received: stopping`);
      setTimeout(() => {
        logger.error({ deadline_ms: STOP_DEADLINE_MS }, 'stop deadline passed with work still running: exiting anyway');
        logger.flush();
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      bot.close().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  // The bot has stopped: whatever a library still holds open (keep-alive sockets, timers) must not keep the process up.
  logger.flush();
  process.exit();
}

/** Installations per platform, by state: { slack: { active: 2, uninstalled: 1 } }. */
async function installationCounts(store: Store): Promise<Record<string, Record<string, number>>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const { platform, state, count } of await store.countInstallations()) counts[platform] = { ...counts[platform], [state]: count };
  return counts;
}
