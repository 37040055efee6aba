// Runs the named migrations (schema.ts) with Kysely's Migrator, which records each by name in
// kysely_migration and, on PostgreSQL, holds an advisory lock while it migrates, so instances
// starting together migrate in turn. Also says which are applied, for `dateline db status` and
// for a start-up that must not migrate (DATELINE_MIGRATE_AT_START=0).
import { Migrator, type Kysely } from 'kysely';
import { migrations, type Database, type Dialect } from './schema.ts';

/**
 * What opening a store does about migrations: apply those missing (the default), require that
 * none is missing (a deployment that migrates with `dateline db migrate`), or leave them (status).
 */
export type MigrationMode = 'apply' | 'require' | 'leave';

export interface MigrationState {
  applied: string[];
  pending: string[];
}

const migratorFor = (db: Kysely<Database>, dialect: Dialect, schema?: string) =>
  new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });

/** `schema`: where the Migrator keeps its own tables (PostgreSQL: the connection's current schema). */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect, schema?: string): Promise<void> {
  const { error, results } = await migratorFor(db, dialect, schema).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(
      `Migrating the database failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

export async function migrationState(db: Kysely<Database>, dialect: Dialect, schema?: string): Promise<MigrationState> {
  const all = await migratorFor(db, dialect, schema).getMigrations();
  return {
    applied: all.filter((migration) => migration.executedAt).map((migration) => migration.name),
    pending: all.filter((migration) => !migration.executedAt).map((migration) => migration.name),
  };
}

/** Applies, requires or leaves the migrations, as `mode` says. */
export async function settleMigrations(
  db: Kysely<Database>,
  dialect: Dialect,
  mode: MigrationMode,
  migrate: () => Promise<void>,
  schema?: string,
): Promise<void> {
  if (mode === 'apply') return migrate();
  if (mode === 'leave') return;
  const { pending } = await migrationState(db, dialect, schema);
  if (pending.length > 0)
    throw new Error(
      `the database lacks ${pending.length} migration${pending.length === 1 ? '' : 's'} (${pending.join(', ')}) and DATELINE_MIGRATE_AT_START=0: run dateline db migrate first`,
    );
}
