// The two stores every store-backed suite runs against: SQLite (a new file per database) and
// PostgreSQL (a new schema per database, in DATELINE_TEST_DATABASE_URL). Without that variable the
// PostgreSQL half is skipped locally, but fails when CI=true, so CI can never silently skip it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

/** One empty database; every `connect()` opens another store (another connection) on it. */
export interface TestDatabase {
  connect(): Promise<Store>;
  /** The environment that points `dateline` (openStore) at this database. */
  env: { DATABASE_URL?: string; DATELINE_DB?: string };
  dispose(): Promise<void>;
}

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  /** Why this kind cannot run here, if it cannot. */
  missing?: string;
  create(): Promise<TestDatabase>;
}

function tracked(open: () => Promise<Store>, env: TestDatabase['env'], cleanUp: () => Promise<void>): TestDatabase {
  const stores: Store[] = [];
  return {
    env,
    async connect() {
      const store = await open();
      stores.push(store);
      return store;
    },
    async dispose() {
      await Promise.all(stores.map((store) => store.close()));
      await cleanUp();
    },
  };
}

const sqlite: StoreKind = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-store-'));
    const path = join(dir, 'dateline.db');
    return tracked(
      () => SqliteStore.open(path),
      { DATELINE_DB: path },
      async () => rmSync(dir, { recursive: true, force: true }),
    );
  },
};

const baseUrl = process.env.DATELINE_TEST_DATABASE_URL;

/** The URL of a schema in the test database: `options` sets the search_path of every connection. */
export function schemaUrl(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Runs `run` on a connection of its own, closed afterwards. */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const postgres: StoreKind = {
  name: 'postgres',
  ...(baseUrl
    ? {}
    : { missing: 'DATELINE_TEST_DATABASE_URL is not set: run eval "$(tests/support/start-postgres.sh)" first (.ci/run does).' }),
  async create() {
    const url = baseUrl!;
    const schema = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await withClient(url, (client) => client.query(`CREATE SCHEMA ${schema}`));
    const databaseUrl = schemaUrl(url, schema);
    return tracked(
      () => PostgresStore.open(databaseUrl),
      { DATABASE_URL: databaseUrl },
      () => withClient(url, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`)).then(() => undefined),
    );
  },
};

export const STORE_KINDS: StoreKind[] = [sqlite, postgres];

const inCi = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/** describe.each over the stores (both unless named), applying the CI rule above to one that cannot run. */
export function describeEachStore(
  title: string,
  body: (kind: StoreKind) => void,
  names: Array<StoreKind['name']> = ['sqlite', 'postgres'],
): void {
  describe.each(STORE_KINDS.filter((kind) => names.includes(kind.name)))(`${title} on $name`, (kind) => {
    if (!kind.missing) {
      body(kind);
    } else if (inCi) {
      it('has a database to run against (CI=true)', () => {
        throw new Error(kind.missing);
      });
    } else {
      it.skip(`skipped: ${kind.missing}`, () => undefined);
    }
  });
}
