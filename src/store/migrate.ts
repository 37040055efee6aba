// Runs the named migrations (schema.ts) with Kysely's Migrator, which records each by name in
// kysely_migration and, on PostgreSQL, holds an advisory lock while it migrates, so instances
// starting together migrate in turn.
import { Migrator, type Kysely } from 'kysely';
import { migrations, type Database, type Dialect } from './schema.ts';

/** `schema`: where the Migrator keeps its own tables (PostgreSQL: the connection's current schema). */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(
      `Migrating the database failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
