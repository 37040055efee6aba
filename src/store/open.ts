// Opens the configured store: PostgreSQL when DATABASE_URL is set, else SQLite at DATELINE_DB.
// A store that cannot be opened stops start-up with one line naming the variable to fix.
import { ConfigError, type CoreConfig } from '../config.ts';
import type { MigrationMode } from './migrate.ts';
import { nativeModuleProblem } from './native-module.ts';
import type { SqlStore } from './sql-store.ts';

/** PostgreSQL's codes for a server that answered but refused us: bad password, no such database or role. */
const REFUSED_BY_POSTGRES = new Set(['28P01', '28000', '3D000']);
/** Node's codes for a server that could not be reached. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** `migrations` defaults to what DATELINE_MIGRATE_AT_START says: apply them, or require them applied. */
export async function openStore(
  config: CoreConfig,
  migrations: MigrationMode = config.migrateAtStart === false ? 'require' : 'apply',
): Promise<SqlStore> {
  // Each driver is loaded only when chosen: an instance on PostgreSQL never loads the native SQLite addon.
  if (config.databaseUrl) {
    const { PostgresStore } = await import('./postgres-store.ts');
    try {
      return await PostgresStore.open(config.databaseUrl, { migrations });
    } catch (error) {
      throw postgresError(error, config.databaseUrl);
    }
  }
  const { SqliteStore } = await import('./sqlite-store.ts');
  try {
    return await SqliteStore.open(config.dbPath, { migrations });
  } catch (error) {
    const native = nativeModuleProblem(error);
    if (native) throw new ConfigError(native);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `DATELINE_DB=${config.dbPath} cannot be opened for writing (${reason}): point DATELINE_DB at a writable file, or fix the permissions of its folder.`,
    );
  }
}

function postgresError(error: unknown, url: string): unknown {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // The URL may carry a password: only its host is named.
  const where = new URL(url).host || 'the default host';
  if (typeof code === 'string' && REFUSED_BY_POSTGRES.has(code)) {
    return new ConfigError(
      `DATABASE_URL: PostgreSQL at ${where} refused the connection (${String(message)}): check the user, password and database name.`,
    );
  }
  const unreachable = (typeof code === 'string' && UNREACHABLE.has(code)) || /timeout/i.test(String(message));
  if (unreachable) {
    return new ConfigError(
      `DATABASE_URL: PostgreSQL at ${where} cannot be reached (${typeof code === 'string' ? code : String(message)}): start it, fix the host and port, or unset DATABASE_URL to use SQLite.`,
    );
  }
  return error;
}
