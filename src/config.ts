// Configuration from the environment (and .env when present), with DESIGN.md's defaults.
import { isTimeZone } from './dates/calendar.ts';

export interface CoreConfig {
  port: number;
  factsDir: string;
  /** FACTS_SOURCES_DIR: source texts to check every quote against at start-up. */
  sourcesDir?: string;
  zone: string;
  catchupHours: number;
  /** DATELINE_LEASE_SECONDS: how long a delivery claim holds; the crash tests shorten it. */
  leaseSeconds?: number;
  dbPath: string;
  databaseUrl?: string;
  logLevel: string;
}

export class ConfigError extends Error {}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${name}=${raw} is not a number: unset it or give a number such as ${fallback}.`);
  return value;
}

export function readCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  const zone = env.DATELINE_TZ || 'Asia/Seoul';
  if (!isTimeZone(zone)) throw new ConfigError(`DATELINE_TZ=${zone} is not an IANA time zone: use a name such as Asia/Seoul or Europe/London.`);
  const config: CoreConfig = {
    port: numberFrom(env, 'PORT', 3000),
    factsDir: env.FACTS_DIR || './facts',
    zone,
    catchupHours: numberFrom(env, 'DATELINE_CATCHUP_HOURS', 6),
    dbPath: env.DATELINE_DB || './data/dateline.db',
    logLevel: env.LOG_LEVEL || 'info',
  };
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.FACTS_SOURCES_DIR) config.sourcesDir = env.FACTS_SOURCES_DIR;
  if (env.DATELINE_LEASE_SECONDS) config.leaseSeconds = numberFrom(env, 'DATELINE_LEASE_SECONDS', 0);
  return config;
}
