// Opens the configured store: PostgreSQL when DATABASE_URL is set, else SQLite at DATELINE_DB.
import type { CoreConfig } from '../config.ts';
import type { Store } from './store.ts';

export async function openStore(config: CoreConfig): Promise<Store> {
  // Each driver is loaded only when chosen: an instance on PostgreSQL never loads the native SQLite addon.
  if (config.databaseUrl) {
    const { PostgresStore } = await import('./postgres-store.ts');
    return PostgresStore.open(config.databaseUrl);
  }
  const { SqliteStore } = await import('./sqlite-store.ts');
  return SqliteStore.open(config.dbPath);
}
