// Operations, through the running process: `dateline --version`; the first log line, level names
// and the version in /healthz; /readyz, /metrics and GET / of a running `serve`; a command counted
// in /metrics; the private data folder; `dateline db status|migrate|backup`; a start that must not
// migrate; and SIGTERM: logged on arrival, and the process gone within the deadline even with a
// Teams reply stuck on a Bot Connector that never answers, sent directly or through `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { STOP_DEADLINE_MS } from '../../src/server/serve.ts';
import { FACTS_DIR, killAll, REPO_DIR, startDateline, waitUntil, type DatelineProcess } from '../e2e/support/dateline-process.ts';
import { fixture, mentionMessage } from '../teams/support.ts';

const VERSION = (JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')) as { version: string }).version;
const BIN = join(REPO_DIR, 'bin', 'dateline.js');

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-ops-'));
  dirs.push(dir);
  return dir;
}
afterEach(killAll);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `dateline ARGS` run to its end, in an empty folder, with only these settings. */
function cli(args: string[], env: Record<string, string>) {
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DATABASE_URL|DATELINE_)/.test(key)));
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: tempDir(), env: { ...childEnv, FACTS_DIR, ...env }, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const portOf = async (server: DatelineProcess) =>
  (await server.waitForLog((line) => line.msg === 'dateline is serving', 'serving')).port as number;

async function get(port: number, path: string) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** A Bot Connector whose every request is held unanswered; `requests` counts them. */
async function stuckConnector(): Promise<{ url: string; requests: () => number; close(): void }> {
  let requests = 0;
  const server: Server = createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => requests,
    close: () => server.close() && server.closeAllConnections(),
  };
}

describe('version and logs', () => {
  it('prints the version with --version', () => {
    const run = cli(['--version'], {});
    expect(run).toMatchObject({ code: 0, stdout: `dateline ${VERSION}\n` });
  });

  it('logs the version first, with level names, and shows it in /healthz', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const server = startDateline('serve', ['serve'], { PORT: '0', DATELINE_DB: join(dir, 'data', 'dateline.db') });
    const port = await portOf(server);
    expect(server.logs[0]).toMatchObject({ level: 'info', version: VERSION, msg: `dateline ${VERSION} starting` });
    expect(new Set(server.logs.map((line) => line.level))).toEqual(new Set(['info']));
    expect(JSON.parse((await get(port, '/healthz')).text)).toMatchObject({ status: 'ok', version: VERSION });
    // The data folder and the database are private.
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'data', 'dateline.db')).mode & 0o777).toBe(0o600);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  });
});

describe('probes and metrics of a running serve', () => {
  it('answers /readyz, /metrics (counting a Teams command) and GET /', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const answering = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}'));
    await new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve));
    const serviceUrl = `http://127.0.0.1:${(answering.address() as AddressInfo).port}/`;
    try {
      const server = startDateline('serve', ['serve'], { PORT: '0', DATELINE_DB: join(dir, 'dateline.db') });
      const port = await portOf(server);
      expect(await get(port, '/readyz')).toMatchObject({ status: 200, text: '{"status":"ready"}' });

      const before = (await get(port, '/metrics')).text;
      expect(before).not.toMatch(/dateline_commands_total\{platform="teams",kind="search"\}/);
      expect(before).not.toMatch(/dateline_installations\{/);
      for (const activity of [fixture('installation-update-add', serviceUrl), mentionMessage(serviceUrl, 'search lunit')]) {
        const reply = await fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        });
        expect(reply.status).toBe(200);
      }

      const metrics = await get(port, '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.type).toContain('text/plain');
      expect(metrics.text).toContain('dateline_commands_total{platform="teams",kind="search"} 1');
      expect(metrics.text).toContain('dateline_answer_duration_seconds_count{platform="teams"} 1');
      expect(metrics.text).toContain(`dateline_build_info{version="${VERSION}",node="${process.version}"} 1`);
      expect(metrics.text).toMatch(/dateline_installations\{platform="teams",state="active"\} 1/);
      for (const name of [
        'dateline_acks_turned_away_total',
        'dateline_answers_owed',
        'dateline_deliveries_total',
        'dateline_rate_limited_total',
        'dateline_digest_pass_duration_seconds',
        'dateline_digest_lateness_seconds',
        'nodejs_eventloop_lag_p99_seconds',
      ])
        expect(metrics.text).toContain(`# TYPE ${name} `);
      // The catch-up pass at start-up was timed.
      expect(metrics.text).toMatch(/dateline_digest_pass_duration_seconds_count [1-9]/);

      const home = await get(port, '/');
      expect(home.status).toBe(200);
      expect(home.type).toContain('text/html');
      expect(home.text).toContain(`Dateline ${VERSION}`);
      for (const path of ['/healthz', '/readyz', '/metrics', '/api/messages']) expect(home.text).toContain(path);
      expect(home.text).not.toContain('/slack/install');
      expect(await server.stop()).toEqual({ code: 0, signal: null });
    } finally {
      answering.close();
    }
  });
});

describe('the store from the command line', () => {
  it('reports, migrates and backs up the SQLite database while the bot runs', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const env = { DATELINE_DB: join(dir, 'dateline.db') };
    expect(cli(['db', 'status'], env)).toMatchObject({ code: 0, stdout: expect.stringContaining('no database yet') });

    // A deployment that migrates explicitly: serve refuses an unmigrated database, and says what to run.
    const refused = cli(['serve'], { ...env, PORT: '0', DATELINE_MIGRATE_AT_START: '0' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('run dateline db migrate first');
    const pending = cli(['db', 'status'], env);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toMatch(/migrations: 0 applied, [1-9]\d* pending/);

    const migrated = cli(['db', 'migrate'], env);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('applied ');
    expect(cli(['db', 'migrate'], env).stdout).toContain('already up to date');

    const server = startDateline('serve', ['serve'], { ...env, PORT: '0', DATELINE_MIGRATE_AT_START: '0' });
    await portOf(server);
    const status = cli(['db', 'status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/migrations: [1-9]\d* applied, 0 pending/);
    expect(status.stdout).toMatch(/^ {2}subscriptions +0$/m);

    const backup = join(dir, 'backup.db');
    expect(cli(['db', 'backup', backup], env)).toMatchObject({ code: 0, stdout: expect.stringContaining(`backed up to ${backup}`) });
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    const copy = new BetterSqlite3(backup, { readonly: true });
    const tables = copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    copy.close();
    expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['subscriptions', 'deliveries', 'installations']));
    expect(await server.stop()).toEqual({ code: 0, signal: null });

    const postgres = cli(['db', 'backup', backup], { DATABASE_URL: 'postgres://user@db.example:5432/dateline' });
    expect(postgres.code).toBe(2);
    expect(postgres.stderr).toContain('pg_dump');
  });
});

describe('SIGTERM', () => {
  it('is logged on arrival, and the process exits within the deadline with a Teams reply stuck', async () => {
    const connector = await stuckConnector();
    try {
      const server = startDateline('serve', ['serve'], { PORT: '0', DATELINE_DB: join(tempDir(), 'dateline.db') });
      const port = await portOf(server);
      void fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(mentionMessage(connector.url, 'search lunit')),
      }).catch(() => undefined);
      // The first Teams activity loads botbuilder: slow on a busy machine.
      await waitUntil(() => connector.requests() > 0, 'the reply to reach the stuck connector', 30_000);
      const sent = performance.now();
      server.kill('SIGTERM');
      await server.waitForLog((line) => line.msg === 'SIGTERM received: stopping', 'the signal', 2_000);
      const exit = await server.waitForExit(STOP_DEADLINE_MS + 2_000);
      expect(performance.now() - sent).toBeLessThan(10_000);
      expect(exit.signal).toBeNull();
    } finally {
      connector.close();
    }
  }, 60_000);

  it('sent to `npm start`, stops the bot too', async () => {
    const dir = tempDir();
    const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DATABASE_URL|DATELINE_|npm_)/.test(key)));
    const npm = spawn('npm', ['start'], {
      cwd: REPO_DIR,
      env: { ...childEnv, PORT: '0', LOG_LEVEL: 'info', DATELINE_DB: join(dir, 'dateline.db'), FACTS_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const npmExit = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    const started = await waitUntil(
      () => (output.includes('dateline is serving') ? output : undefined),
      'npm start to serve',
      30_000,
      () => output,
    );
    const botPid = Number(/"pid":(\d+)/.exec(started)![1]);
    expect(botPid).not.toBe(npm.pid);
    npm.kill('SIGTERM');
    await npmExit;
    const alive = () => {
      try {
        process.kill(botPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await waitUntil(
        () => !alive(),
        'the bot to exit after npm was sent SIGTERM',
        10_000,
        () => output,
      );
    } finally {
      if (alive()) process.kill(botPid, 'SIGKILL');
    }
    expect(output).toContain('SIGTERM received: stopping');
    expect(output).toContain('dateline stopped');
  }, 45_000);
});
