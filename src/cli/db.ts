// `dateline db`: the store, for operators. `status` (migrations applied and missing, size, rows
// per table), `migrate` (for deployments that set DATELINE_MIGRATE_AT_START=0), and `backup FILE`
// (SQLite's online backup, safe while the bot runs; PostgreSQL is backed up with pg_dump).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CoreConfig } from '../config.ts';
import { openStore } from '../store/open.ts';
import type { MigrationMode } from '../store/migrate.ts';
import type { SqlStore } from '../store/sql-store.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { UsageError } from './usage-error.ts';

const USAGE = 'Usage: dateline db status | dateline db migrate | dateline db backup FILE';

export async function db(rest: string[], config: CoreConfig, out: NodeJS.WritableStream): Promise<number> {
  const [action, file, ...extra] = rest;
  if (extra.length > 0 || (action === 'backup') !== (file !== undefined)) throw new UsageError(USAGE);
  const where = config.databaseUrl ? `PostgreSQL at ${new URL(config.databaseUrl).host}` : `SQLite at ${config.dbPath}`;
  switch (action) {
    case 'status': {
      if (!config.databaseUrl && !existsSync(config.dbPath)) {
        out.write(`${where}: no database yet (dateline serve or dateline db migrate creates it).\n`);
        return 0;
      }
      const { migrations, bytes, rows } = await withStore(config, 'leave', (store) => store.status());
      out.write(`${where}: ${(bytes / 1e6).toFixed(2)} MB\n`);
      out.write(`migrations: ${migrations.applied.length} applied, ${migrations.pending.length} pending\n`);
      for (const name of migrations.applied) out.write(`  applied  ${name}\n`);
      for (const name of migrations.pending) out.write(`  pending  ${name}\n`);
      out.write('rows:\n');
      for (const [table, count] of Object.entries(rows)) out.write(`  ${table.padEnd(24)} ${count}\n`);
      return migrations.pending.length > 0 ? 1 : 0;
    }
    case 'migrate': {
      const { pending } = (await withStore(config, 'leave', (store) => store.status())).migrations;
      await withStore(config, 'apply', async () => undefined);
      out.write(`${where}: ${pending.length === 0 ? 'already up to date' : `applied ${pending.join(', ')}`}\n`);
      return 0;
    }
    case 'backup': {
      if (config.databaseUrl) {
        throw new UsageError(`${where}: back it up with pg_dump, e.g. pg_dump --format=custom --file=${file} "$DATABASE_URL".`);
      }
      if (!existsSync(config.dbPath)) throw new UsageError(`${where}: there is no database to back up.`);
      if (resolve(file!) === resolve(config.dbPath)) throw new UsageError(`${file} is the database itself: give another file.`);
      await withStore(config, 'leave', (store) => (store as SqliteStore).backup(file!));
      out.write(`${where}: backed up to ${file}\n`);
      return 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function withStore<T>(config: CoreConfig, migrations: MigrationMode, use: (store: SqlStore) => Promise<T>): Promise<T> {
  const store = await openStore(config, migrations);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
