// The store for several instances: PostgreSQL through `pg` (Kysely's PostgresDialect), used when
// DATABASE_URL is set. Migrations run at start-up under the advisory lock Kysely's Migrator takes,
// so instances starting together migrate in turn; every claim is one INSERT … ON CONFLICT
// statement, atomic under concurrency.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest, type MigrationMode, settleMigrations } from './migrate.ts';
import { POSTGRES, type Database } from './schema.ts';
import { SqlStore } from './sql-store.ts';

/** A server that does not answer stops start-up (and fails a health check) within this, not after the OS's minutes. */
const CONNECT_TIMEOUT_MS = 5_000;

export class PostgresStore extends SqlStore {
  readonly kind = 'postgres';

  /** Connects and migrates. `connectionString` may carry `?options=-c search_path=…` for a schema. */
  static async open(connectionString: string, { migrations = 'apply' }: { migrations?: MigrationMode } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A dropped idle connection is discarded by the pool, and the next query reports any lasting
    // failure; without a listener the 'error' event would crash the process.
    pool.on('error', () => undefined);
    const store = new PostgresStore(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool);
    try {
      // The Migrator looks for its tables in every schema unless told which: name the one this
      // connection uses, so that databases in other schemas of the same server stay apart.
      const { rows } = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(store.db);
      const schema = rows[0]?.schema;
      if (!schema) throw new Error('DATABASE_URL names no schema that exists: check its search_path.');
      store.migrationSchema = schema;
      await settleMigrations(store.db, POSTGRES, migrations, () => migrateToLatest(store.db, POSTGRES, schema), schema);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private constructor(
    db: Kysely<Database>,
    private readonly pool: pg.Pool,
  ) {
    super(db, POSTGRES);
  }

  /** `pg` prepares a named statement on each connection of the pool the first time that connection runs it. */
  protected override async runPrepared<Row>(name: string, text: string, values: readonly unknown[]): Promise<Row[]> {
    return (await this.pool.query({ name: `dateline-${name}`, text, values: [...values] })).rows as Row[];
  }

  protected override async sizeBytes(): Promise<number> {
    const { rows } = await sql<{ bytes: string }>`SELECT pg_database_size(current_database()) AS bytes`.execute(this.db);
    return Number(rows[0]?.bytes ?? 0);
  }
}
