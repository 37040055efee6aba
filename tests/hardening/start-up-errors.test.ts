// `dateline serve` with a bad setting stops with exit code 2 and one line on stderr that names
// the variable and how to fix it, never a stack trace: an unwritable DATELINE_DB, a port in use,
// PORT out of range, an unreachable or non-PostgreSQL DATABASE_URL, an unknown LOG_LEVEL, and
// the variables the bot adds (TEAMS_EMULATOR).
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTS_DIR, REPO_DIR } from '../e2e/support/dateline-process.ts';

const BIN = join(REPO_DIR, 'bin', 'dateline.js');
/** The parent's own settings stay out of the child; each case gives its own. */
const SCRUBBED = /^(DATABASE_URL|DATELINE_|SLACK_|Microsoft|TEAMS_|PORT$|HOST$|FACTS_DIR$|LOG_LEVEL$)/;

let dir: string;
let busy: Server;
let busyPort: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dateline-start-up-'));
  writeFileSync(join(dir, 'a-file'), '');
  writeFileSync(join(dir, 'not-a-db'), 'plain text, not SQLite '.repeat(100));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function serve(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SCRUBBED.test(key)));
  Object.assign(childEnv, { FACTS_DIR, LOG_LEVEL: 'warn', PORT: '0', DATELINE_DB: join(dir, 'ok.db'), ...env });
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'serve'], { cwd: dir, env: childEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

const CASES: [string, () => Record<string, string>, RegExp][] = [
  [
    'DATELINE_DB under a file',
    () => ({ DATELINE_DB: join(dir, 'a-file', 'dateline.db') }),
    /^DATELINE_DB=.* cannot be opened for writing .*: point DATELINE_DB at a writable file/,
  ],
  ['DATELINE_DB naming a folder', () => ({ DATELINE_DB: dir }), /^DATELINE_DB=.* cannot be opened for writing/],
  [
    'DATELINE_DB naming a file that is not a database',
    () => ({ DATELINE_DB: join(dir, 'not-a-db') }),
    /^DATELINE_DB=.*not-a-db cannot be opened for writing \(file is not a database\)/,
  ],
  [
    'a port already in use',
    () => ({ PORT: String(busyPort), HOST: '127.0.0.1' }),
    /^PORT=\d+ is already in use on 127\.0\.0\.1: stop the other server or set PORT to a free port\.$/,
  ],
  ['PORT=70000', () => ({ PORT: '70000' }), /^PORT=70000 is not a TCP port: unset it or give a whole number from 1 to 65535/],
  [
    'an unreachable DATABASE_URL',
    () => ({ DATABASE_URL: 'postgres://dateline:secret-password@127.0.0.1:1/dateline' }),
    /^DATABASE_URL: PostgreSQL at 127\.0\.0\.1:1 cannot be reached \(ECONNREFUSED\)/,
  ],
  [
    'a DATABASE_URL that is not PostgreSQL',
    () => ({ DATABASE_URL: 'mysql://root:secret-password@127.0.0.1/dateline' }),
    /^DATABASE_URL is not a PostgreSQL URL: give one such as postgres:\/\//,
  ],
  [
    'LOG_LEVEL=verbose',
    () => ({ LOG_LEVEL: 'verbose' }),
    /^LOG_LEVEL=verbose is not a level: use one of fatal, error, warn, info, debug, trace, silent\.$/,
  ],
  [
    'Slack OAuth without DATELINE_SECRET_KEY',
    () => ({
      SLACK_CLIENT_ID: '1.2',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret',
      SLACK_SIGNING_SECRET: 'signing-secret',
    }),
    /^DATELINE_SECRET_KEY is not set: Slack OAuth \(SLACK_CLIENT_ID\) stores each workspace's tokens encrypted with it; set DATELINE_SECRET_KEY to a random value/,
  ],
  [
    'DATELINE_SECRET_KEY too short',
    () => ({ DATELINE_SECRET_KEY: 'short' }),
    /^DATELINE_SECRET_KEY is too short: set DATELINE_SECRET_KEY to a random value of at least 32 characters/,
  ],
  ['TEAMS_EMULATOR=yes', () => ({ TEAMS_EMULATOR: 'yes' }), /^TEAMS_EMULATOR=yes is not 1 or 0/],
];

describe('start-up errors', () => {
  it.each(CASES)(
    '%s: exit code 2 and one line naming the variable',
    async (_name, env, message) => {
      const result = await serve(env());
      expect(result.code, result.stderr).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(result.stderr + result.stdout).not.toMatch(/\n\s+at /);
      expect(result.stderr + result.stdout).not.toContain('secret-password');
    },
    40_000,
  );

  it('checks the database before it reads the packs: a database that cannot be opened leaves no pack cache beside it', async () => {
    const folder = mkdtempSync(join(dir, 'bad-db-'));
    copyFileSync(join(dir, 'not-a-db'), join(folder, 'not-a-db'));
    const unopenable = await serve({ DATELINE_DB: join(folder, 'not-a-db') });
    expect(unopenable.code, unopenable.stderr).toBe(2);
    const unreachable = await serve({
      DATELINE_DB: join(folder, 'dateline.db'),
      DATABASE_URL: 'postgres://dateline:secret-password@127.0.0.1:1/dateline',
    });
    expect(unreachable.code, unreachable.stderr).toBe(2);
    expect(readdirSync(folder)).toEqual(['not-a-db']);
  }, 40_000);

  it.skipIf(process.getuid?.() === 0)(
    'a read-only DATELINE_DB: exit code 2 and one line naming it (skipped as root, which may write any file)',
    async () => {
      const readOnly = join(dir, 'read-only.db');
      writeFileSync(readOnly, '');
      chmodSync(readOnly, 0o444);
      const result = await serve({ DATELINE_DB: readOnly });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim()).toMatch(/^DATELINE_DB=.*read-only\.db cannot be opened for writing \(.*readonly.*\)/);
    },
    40_000,
  );
});
