// The store for several instances: PostgreSQL through `pg`, used when DATABASE_URL is set.
// Migrations run at start-up under an advisory lock, so instances starting together migrate
// in turn; every claim is one INSERT … ON CONFLICT statement, atomic under concurrency.
import pg from 'pg';
import { migrations, POSTGRES_TYPES } from './schema.ts';
import { SqlStore } from './sql-store.ts';
import type { Param } from './statements.ts';

const MIGRATIONS = migrations(POSTGRES_TYPES);

/** Any fixed number: every Dateline instance on the database takes this lock to migrate. */
const MIGRATION_LOCK = 0x6461_7465;

/** A server that does not answer stops start-up (and fails a health check) within this, not after the OS's minutes. */
const CONNECT_TIMEOUT_MS = 5_000;

/** `?` placeholders, as the shared statements are written, to PostgreSQL's `$1, $2, …`. */
function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

export class PostgresStore extends SqlStore {
  readonly kind = 'postgres';

  private constructor(private readonly pool: pg.Pool) {
    super();
  }

  /** Connects and migrates. `connectionString` may carry `?options=-c search_path=…` for a schema. */
  static async open(connectionString: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A dropped idle connection is discarded by the pool, and the next query reports any lasting
    // failure; without a listener the 'error' event would crash the process.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool);
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)');
      const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
      for (const [index, sql] of MIGRATIONS.entries()) {
        const version = index + 1;
        if (applied.has(version)) continue;
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [version]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  protected async rows<Row>(sql: string, values: Param[] = []): Promise<Row[]> {
    return (await this.pool.query(numbered(sql), values)).rows as Row[];
  }

  protected async changes(sql: string, values: Param[] = []): Promise<number> {
    return (await this.pool.query(numbered(sql), values)).rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
