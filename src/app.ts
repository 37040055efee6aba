// The bot, assembled in one place: the fact packs (built before start), Dateline, and for a
// running bot the store, the subscription desk, the configured adapters and the digest
// scheduler. `serve` and `run-due` open the whole bot; `ask`, `digest` and `console` answer
// from the packs alone.
import type { Logger } from 'pino';
import type { Adapter, AdapterFactory } from './adapter.ts';
import type { CoreConfig } from './config.ts';
import { Dateline } from './dateline.ts';
import { openConfiguredCatalog } from './facts/open.ts';
import { Installations } from './installations/installations.ts';
import { SecretBox } from './installations/secret-box.ts';
import { createLogger } from './logger.ts';
import { VERSION } from './version.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import { openStore } from './store/open.ts';
import type { Store } from './store/store.ts';
import { createSubscriptionDesk } from './subscriptions/desk.ts';
import { Webhooks } from './webhooks/webhooks.ts';

export interface BotOptions {
  config: CoreConfig;
  env: NodeJS.ProcessEnv;
  /** Every adapter this build has; each enables itself from `env` or returns undefined. */
  adapters: AdapterFactory[];
  logger?: Logger;
  /** The clock adapters answer by; tests pin it. */
  clock?: () => Date;
}

export interface Bot {
  config: CoreConfig;
  logger: Logger;
  dateline: Dateline;
  store: Store;
  /** The adapters that are configured, started. */
  adapters: Adapter[];
  scheduler: Scheduler;
  /** Stops the scheduler and the adapters, then closes the store and the catalog (its built file and search index). */
  close(): Promise<void>;
}

/** Dateline over the configured fact packs, without a store: for one-off answers. */
export function openDateline(config: CoreConfig, logger?: Logger): Dateline {
  return new Dateline(openConfiguredCatalog(config), config.zone, logger);
}

export async function openBot(options: BotOptions): Promise<Bot> {
  const { config, env } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  logger.info({ version: VERSION, node: process.version, pid: process.pid }, `dateline ${VERSION} starting`);
  // The settings first: a bad database or key is reported at once, not after seconds of reading
  // packs, and no built packs are written beside a database that cannot be opened.
  const secretBox = SecretBox.fromEnv(env);
  const store = await openStore(config);
  const installations = new Installations(store, secretBox);
  let dateline: Dateline;
  try {
    const resealed = await installations.checkSecrets();
    if (resealed > 0) logger.info({ resealed }, 'installation secrets sealed again under the current DATELINE_SECRET_KEY');
    dateline = openDateline(config, logger);
  } catch (error) {
    await store.close();
    throw error;
  }
  dateline.useSubscriptions(createSubscriptionDesk({ store, catalog: dateline.catalog, defaultZone: config.zone }), installations);
  const context = {
    dateline,
    config,
    env,
    logger,
    installations,
    replays: store,
    webhooks: new Webhooks(store, secretBox),
    clock: options.clock ?? (() => new Date()),
  };
  const adapters: Adapter[] = [];
  try {
    for (const factory of options.adapters) {
      const adapter = await factory(context);
      if (adapter) adapters.push(adapter);
    }
    for (const adapter of adapters) await adapter.start?.();
  } catch (error) {
    for (const adapter of adapters) await adapter.stop?.().catch(() => undefined);
    await store.close();
    dateline.catalog.close();
    throw error;
  }
  const posters = adapters.flatMap((adapter) => (adapter.poster ? [adapter.poster] : []));
  const scheduler = new Scheduler({
    store,
    dateline,
    posters,
    logger,
    catchupHours: config.catchupHours,
    leaseSeconds: config.leaseSeconds,
  });
  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    dateline,
    store,
    adapters,
    scheduler,
    close: () =>
      (closing ??= (async () => {
        await scheduler.stop();
        for (const adapter of adapters) await adapter.stop?.();
        await store.close();
        dateline.catalog.close();
      })()),
  };
}
