// GET /healthz is honest: 503 with the reason when the store does not answer or take a write (the
// SQLite file removed, replaced or made immutable under the running bot, PostgreSQL gone or hanging), and writes after that
// fail instead of being lost; details beyond `status` go only to callers on loopback or with
// DATELINE_HEALTH_TOKEN.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { HEALTH_TIMEOUT_MS, startBot, type RunningBot } from '../../src/server/serve.ts';
import { VERSION } from '../../src/version.ts';
import { FACTS_DIR } from '../unit/support.ts';

const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
const pgUrl = process.env.DATELINE_TEST_DATABASE_URL;

/** Whether this machine lets the tests make a file immutable (chattr +i: root, on ext4 and the like). */
function canMakeImmutable(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-chattr-'));
  const probe = join(dir, 'probe');
  writeFileSync(probe, '');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cleanUps: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
});

async function start(changes: Partial<CoreConfig> = {}, host = '127.0.0.1'): Promise<{ bot: RunningBot; dbPath: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-health-'));
  const dbPath = join(dir, 'dateline.db');
  const config: CoreConfig = { port: 0, factsDir: FACTS_DIR, zone: 'Asia/Seoul', catchupHours: 6, dbPath, logLevel: 'silent', ...changes };
  const bot = await startBot({ config, env: {}, adapters: [], logger: createLogger('silent'), host, scheduler: false });
  cleanUps.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => bot.close().catch(() => undefined),
  );
  return { bot, dbPath };
}

async function health(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C1' };
const daily = { cadence: 'daily' as const, hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false };

describe('GET /healthz on SQLite', () => {
  it('is 503 once the database file is removed, and writes fail rather than vanish', async () => {
    const { bot, dbPath } = await start();
    const url = `http://127.0.0.1:${bot.port}/healthz`;
    expect((await health(url)).status).toBe(200);
    unlinkSync(dbPath);
    const answer = await health(url);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ status: 'unavailable', reason: 'the store does not answer' });
    expect(String(answer.body.store_error)).toContain('was removed');
    await expect(bot.store.saveSubscription(channel, daily, new Date())).rejects.toThrow(/was removed/);
  });

  it.skipIf(!canMakeImmutable())(
    'is 503 with the reason once the database stops taking writes, though it still reads (files made immutable with chattr +i)',
    async () => {
      const { bot, dbPath } = await start();
      const url = `http://127.0.0.1:${bot.port}/healthz`;
      expect((await health(url)).status).toBe(200);
      const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`];
      execFileSync('chattr', ['+i', ...files]);
      cleanUps.push(() => {
        execFileSync('chattr', ['-i', ...files]);
      });
      expect(await bot.store.subscriptionsOf(channel)).toEqual([]);
      const answer = await health(url);
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ status: 'unavailable' });
      expect(String(answer.body.store_error)).toMatch(/I\/O|readonly|read-only/i);
    },
  );

  it('is 503 once the database file is replaced by another', async () => {
    const { bot, dbPath } = await start();
    const other = `${dbPath}.other`;
    writeFileSync(other, '');
    renameSync(other, dbPath);
    const answer = await health(`http://127.0.0.1:${bot.port}/healthz`);
    expect(answer.status).toBe(503);
    expect(String(answer.body.store_error)).toContain('was replaced');
  });
});

describe.skipIf(!externalAddress)('what /healthz reveals (needs a non-loopback IPv4 interface)', () => {
  it('shows details on loopback, only the status elsewhere, and details elsewhere with DATELINE_HEALTH_TOKEN', async () => {
    const { bot } = await start({ healthToken: 'health-token-for-tests' }, '0.0.0.0');
    const local = await health(`http://127.0.0.1:${bot.port}/healthz`);
    expect(local.body).toMatchObject({ status: 'ok', store: 'sqlite', adapters: {} });
    expect(local.body.facts).toBeGreaterThan(0);

    const remote = `http://${externalAddress}:${bot.port}/healthz`;
    expect(await health(remote)).toEqual({ status: 200, body: { status: 'ok', version: VERSION } });
    expect((await health(remote, { authorization: 'Bearer wrong-token' })).body).toEqual({ status: 'ok', version: VERSION });
    expect((await health(remote, { authorization: 'Bearer health-token-for-tests' })).body).toMatchObject({
      status: 'ok',
      store: 'sqlite',
    });
  });
});

/** A TCP relay to PostgreSQL that can be cut (as if the server stopped) or made to swallow everything (as if it hung). */
async function relay(target: URL): Promise<{ port: number; mode: 'pass' | 'cut' | 'hang'; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { mode: 'pass' as 'pass' | 'cut' | 'hang' };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (state.mode === 'cut') return client.destroy();
    if (state.mode === 'hang') return client.on('error', () => undefined);
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get mode() {
      return state.mode;
    },
    set mode(mode) {
      state.mode = mode;
      if (mode !== 'pass') for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!pgUrl)('GET /healthz on PostgreSQL (needs DATELINE_TEST_DATABASE_URL)', () => {
  it('is 503 when PostgreSQL stops answering, and 503 within the timeout when it hangs', async () => {
    const target = new URL(pgUrl!);
    const proxy = await relay(target);
    cleanUps.push(() => proxy.close());
    const viaProxy = new URL(pgUrl!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const { bot } = await start({ databaseUrl: viaProxy.href });
    const url = `http://127.0.0.1:${bot.port}/healthz`;
    expect((await health(url)).status).toBe(200);

    proxy.mode = 'cut';
    const stopped = await health(url);
    expect(stopped.status).toBe(503);
    expect(stopped.body.status).toBe('unavailable');

    proxy.mode = 'hang';
    const started = performance.now();
    const hanging = await health(url);
    expect(hanging.status).toBe(503);
    expect(String(hanging.body.store_error)).toContain(`no answer within ${HEALTH_TIMEOUT_MS} ms`);
    expect(performance.now() - started).toBeLessThan(HEALTH_TIMEOUT_MS + 1_000);

    proxy.mode = 'pass';
    await expect.poll(async () => (await health(url)).status, { timeout: 10_000 }).toBe(200);
  }, 30_000);
});
