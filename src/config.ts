// Configuration from the environment (and .env when present), with DESIGN.md's defaults.
import { isTimeZone } from './dates/calendar.ts';

export interface CoreConfig {
  port: number;
  /** HOST: the listen address; tests leave it out and pass one to startBot. */
  host?: string;
  /** DATELINE_HEALTH_TOKEN: shows /healthz details to callers off this machine that present it. */
  healthToken?: string;
  factsDir: string;
  /** FACTS_SOURCES_DIR: source texts to check every quote against at start-up. */
  sourcesDir?: string;
  zone: string;
  catchupHours: number;
  /** DATELINE_LEASE_SECONDS: how long a delivery claim holds; the crash tests shorten it. */
  leaseSeconds?: number;
  dbPath: string;
  databaseUrl?: string;
  /** DATELINE_RETENTION_DAYS: how long settled deliveries and ended installations are kept; 0 keeps them for ever. Default DEFAULT_RETENTION_DAYS. */
  retentionDays?: number;
  /** DATELINE_MIGRATE_AT_START: 1 (the default, also when absent) migrates the store at start-up; 0 requires `dateline db migrate` to have run. */
  migrateAtStart?: boolean;
  logLevel: string;
}

export class ConfigError extends Error {}

/** A quarter of a year: time enough to look into a delivery or to come back after an uninstall. */
export const DEFAULT_RETENTION_DAYS = 90;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The variables that connect a chat platform; with none of them the bot is a local trial. */
const CREDENTIALS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'MicrosoftAppId', 'MicrosoftAppPassword'];

/** Whether any platform credential is set: if not, `npm start` runs Teams' emulator mode on loopback only. */
export function hasPlatformCredentials(env: NodeJS.ProcessEnv): boolean {
  return CREDENTIALS.some((name) => Boolean(env[name]?.trim()));
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigError(`${name}=${raw} is not a number: unset it or give a number such as ${fallback}.`);
  return value;
}

function switchFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (raw !== '0' && raw !== '1') throw new ConfigError(`${name}=${raw} is neither 0 nor 1: unset it or give 0 (off) or 1 (on).`);
  return raw === '1';
}

function portFrom(env: NodeJS.ProcessEnv): number {
  const port = numberFrom(env, 'PORT', 3000);
  if (!Number.isInteger(port) || port > 65_535)
    throw new ConfigError(`PORT=${env.PORT} is not a TCP port: unset it or give a whole number from 1 to 65535, such as 3000.`);
  return port;
}

function databaseUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : undefined;
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError(
      'DATABASE_URL is not a PostgreSQL URL: give one such as postgres://user:password@host:5432/dateline, or unset it to use SQLite at DATELINE_DB.',
    );
  }
  return raw;
}

export function readCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  const zone = env.DATELINE_TZ || 'Asia/Seoul';
  if (!isTimeZone(zone))
    throw new ConfigError(`DATELINE_TZ=${zone} is not an IANA time zone: use a name such as Asia/Seoul or Europe/London.`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL=${logLevel} is not a level: use one of ${LOG_LEVELS.join(', ')}.`);
  const config: CoreConfig = {
    port: portFrom(env),
    host: env.HOST?.trim() || (hasPlatformCredentials(env) ? '0.0.0.0' : '127.0.0.1'),
    factsDir: env.FACTS_DIR || './facts',
    zone,
    catchupHours: numberFrom(env, 'DATELINE_CATCHUP_HOURS', 6),
    dbPath: env.DATELINE_DB || './data/dateline.db',
    migrateAtStart: switchFrom(env, 'DATELINE_MIGRATE_AT_START', true),
    logLevel,
  };
  const databaseUrl = databaseUrlFrom(env);
  if (databaseUrl) config.databaseUrl = databaseUrl;
  if (env.FACTS_SOURCES_DIR) config.sourcesDir = env.FACTS_SOURCES_DIR;
  if (env.DATELINE_HEALTH_TOKEN?.trim()) config.healthToken = env.DATELINE_HEALTH_TOKEN.trim();
  config.retentionDays = numberFrom(env, 'DATELINE_RETENTION_DAYS', DEFAULT_RETENTION_DAYS);
  if (env.DATELINE_LEASE_SECONDS) config.leaseSeconds = numberFrom(env, 'DATELINE_LEASE_SECONDS', 0);
  return config;
}
