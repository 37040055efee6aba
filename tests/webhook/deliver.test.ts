// Webhooks through the real wire: the composition root's adapters (adapters/index.ts), a SQLite
// store with the URLs sealed, and a local stand-in for the four targets that checks each
// payload's shape. `run-due` delivers each format once; failures are classified (404 and a
// redirect pause, 429 waits its Retry-After, 503 is retried) and shown by `webhooks list`;
// `serve` catches up through the same poster and shows outcomes, never URLs, in /healthz;
// `webhooks add | test | list | remove` work for each format. No log line carries a URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import { main } from '../../src/cli/main.ts';
import { runDue } from '../../src/cli/run-due.ts';
import type { CoreConfig } from '../../src/config.ts';
import { SecretBox } from '../../src/installations/secret-box.ts';
import { createLogger } from '../../src/logger.ts';
import { startBot } from '../../src/server/serve.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { WEBHOOK_FORMATS, type WebhookFormat, webhookChannel, Webhooks } from '../../src/webhooks/webhooks.ts';
import { captureOutput, FACTS_DIR } from '../unit/support.ts';
import { type StandIn, startStandIn } from './stand-in.ts';

const KEY = 'webhook-test-key-0123456789-abcdefghijklmnop';
/** Every webhook's path carries this, as a real webhook URL carries its token. */
const TOKEN = 'SECRETTOKEN';
const AT = '2026-06-15T00:00:00Z';

let dir: string;
let config: CoreConfig;
let standIn: StandIn;
let logs: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dateline-webhooks-'));
  config = { port: 0, factsDir: FACTS_DIR, zone: 'Asia/Seoul', catchupHours: 6, dbPath: join(dir, 'dateline.db'), logLevel: 'info' };
  standIn = await startStandIn();
  logs = [];
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = { DATELINE_SECRET_KEY: KEY };
function logger() {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return createLogger('info', sink);
}

/** Webhooks of these names and formats, each with a daily digest at 09:00 in Seoul from the day before AT. */
async function seed(hooks: [string, WebhookFormat][]): Promise<void> {
  const store = await SqliteStore.open(config.dbPath);
  const webhooks = new Webhooks(store, SecretBox.fromEnv(env));
  for (const [name, format] of hooks) {
    await webhooks.save(name, format, standIn.url(format, `/${name}/${TOKEN}`), new Date('2026-06-14T00:00:00Z'));
    await store.saveSubscription(
      webhookChannel(name),
      { cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false },
      new Date('2026-06-14T00:00:00Z'),
    );
  }
  await store.close();
}

const run = () => runDue({ config, env, adapters: adapters.factories, at: new Date(AT), logger: logger() });

describe('run-due', () => {
  it('delivers each format once, in the shape its platform accepts', async () => {
    await seed(WEBHOOK_FORMATS.map((format) => [format, format]));
    expect(await run()).toMatchObject({ delivered: 4, paused: 0, 'retry-later': 0 });
    expect(standIn.received.map((post) => post.path).sort()).toEqual(WEBHOOK_FORMATS.map((format) => `/${format}/${TOKEN}`).sort());
    for (const post of standIn.received) expect(post.problems, post.path).toEqual([]);
    expect(standIn.received.find((post) => post.path.startsWith('/discord/'))!.query.get('wait')).toBe('true');

    expect(await run()).toMatchObject({ delivered: 0 });
    expect(standIn.received).toHaveLength(4);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('pauses a deleted or redirected webhook, waits out a 429 and retries a 503, and lists each outcome', async () => {
    await seed([
      ['gone', 'slack'],
      ['moved', 'discord'],
      ['busy', 'google-chat'],
      ['flaky', 'teams-workflow'],
    ]);
    standIn.script(`/gone/${TOKEN}`, { status: 404, body: 'no_service' });
    standIn.script(`/moved/${TOKEN}`, { status: 301, headers: { location: `${standIn.baseUrl}/elsewhere` } });
    standIn.script(`/busy/${TOKEN}`, {
      status: 429,
      headers: { 'retry-after': '1' },
      body: '{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}',
    });
    standIn.script(`/flaky/${TOKEN}`, { status: 503, body: '{"error":{"code":"ServiceUnavailable","message":"try later"}}' });

    const started = Date.now();
    expect(await run()).toMatchObject({ delivered: 2, paused: 2 });
    // The 429's Retry-After of one second was waited out before the second post.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const paths = standIn.received.map((post) => post.path.split('/')[1]);
    expect(paths.filter((path) => path === 'busy')).toHaveLength(2);
    expect(paths.filter((path) => path === 'flaky')).toHaveLength(2);
    expect(paths).not.toContain('elsewhere');

    vi.stubEnv('DATELINE_DB', config.dbPath);
    vi.stubEnv('DATELINE_SECRET_KEY', KEY);
    vi.stubEnv('FACTS_DIR', FACTS_DIR);
    const { out, text } = captureOutput();
    expect(await main(['webhooks', 'list'], adapters, out)).toBe(0);
    const listing = text();
    expect(listing).toContain('The webhook was deleted or disabled (404 no_service)');
    expect(listing).toContain('The webhook answered with a redirect (301)');
    expect(listing).toMatch(/busy {2}google-chat {2}http:\/\/127\.0\.0\.1:\d+\/…\n.*next .*\n {2}last post: delivered/);
    expect(listing).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('serve', () => {
  it('catches up through the webhook poster and shows outcomes, not URLs, in /healthz', async () => {
    // Daily digests that fell due an hour ago, on the real clock.
    const due = new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000);
    const store = await SqliteStore.open(config.dbPath);
    const webhooks = new Webhooks(store, SecretBox.fromEnv(env));
    for (const format of WEBHOOK_FORMATS) {
      await webhooks.save(format, format, standIn.url(format, `/${format}/${TOKEN}`), due);
      await store.saveSubscription(
        webhookChannel(format),
        { cadence: 'daily', hour: due.getUTCHours(), minute: due.getUTCMinutes(), zone: 'UTC', quiet: false },
        new Date(due.getTime() - 86_400_000),
      );
    }
    await store.close();
    const bot = await startBot({ config, env, adapters: adapters.factories, logger: logger(), host: '127.0.0.1' });
    try {
      expect(await bot.catchUp).toMatchObject({ delivered: 4 });
      for (const post of standIn.received) expect(post.problems, post.path).toEqual([]);
      const health = await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).text();
      const webhookHealth = (JSON.parse(health) as { adapters: { webhook: { webhooks: Record<string, { outcome: string }> } } }).adapters
        .webhook;
      expect(Object.fromEntries(Object.entries(webhookHealth.webhooks).map(([name, last]) => [name, last.outcome]))).toEqual(
        Object.fromEntries(WEBHOOK_FORMATS.map((format) => [format, 'delivered'])),
      );
      expect(health).not.toContain(TOKEN);
    } finally {
      await bot.close();
    }
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('dateline webhooks', () => {
  beforeEach(() => {
    vi.stubEnv('DATELINE_DB', config.dbPath);
    vi.stubEnv('DATELINE_SECRET_KEY', KEY);
    vi.stubEnv('FACTS_DIR', FACTS_DIR);
    vi.stubEnv('LOG_LEVEL', 'silent');
  });
  const cli = async (...argv: string[]) => {
    const { out, text } = captureOutput();
    const code = await main(argv, adapters, out);
    return { code, text: text() };
  };

  it.each(WEBHOOK_FORMATS)('adds a %s webhook, posts a preview of its digest, lists it masked and removes it', async (format) => {
    const url = standIn.url(format, `/${format}/${TOKEN}`);
    const added = await cli(
      'webhooks',
      'add',
      'team-news',
      url,
      '--format',
      format,
      '--weekly',
      'fri',
      '17:30',
      '--theme',
      'regulation',
      '--zone',
      'Europe/London',
    );
    expect(added.code).toBe(0);
    expect(added.text).toContain('weekly: Every Friday at 17:30 (Europe/London), theme: Regulation and policy');
    expect(added.text).not.toContain('daily:');

    expect(await cli('webhooks', 'test', 'team-news')).toEqual({ code: 0, text: 'Posted a preview of the weekly digest to team-news.\n' });
    expect(standIn.received).toHaveLength(1);
    expect(standIn.received[0]!.problems).toEqual([]);
    expect(JSON.stringify(standIn.received[0]!.payload)).toContain('Regulation and policy');

    const listed = await cli('webhooks', 'list');
    expect(listed.text).toMatch(new RegExp(`^team-news {2}${format} {2}http://127\\.0\\.0\\.1:\\d+/…$`, 'm'));
    expect(listed.text).toContain('last post: delivered');
    expect(listed.text).not.toContain(TOKEN);

    expect(await cli('webhooks', 'remove', 'team-news')).toMatchObject({ code: 0 });
    expect((await cli('webhooks', 'list')).text).toContain('No webhooks');
  });

  it('refuses a URL that is not https (but for this machine), and a key that is not set', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await cli('webhooks', 'add', 'plain', 'http://hooks.example.com/x', '--format', 'slack')).code).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain('must use https');
      expect((await cli('webhooks', 'add', 'odd', 'https://hooks.example.com/x', '--format', 'teams')).code).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain('is not one of: teams-workflow, slack, google-chat, discord');
      vi.stubEnv('DATELINE_SECRET_KEY', '');
      expect((await cli('webhooks', 'add', 'nokey', 'https://hooks.example.com/x', '--format', 'slack')).code).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain('DATELINE_SECRET_KEY is not set');
    } finally {
      stderr.mockRestore();
    }
    expect((await cli('webhooks', 'list')).text).toContain('No webhooks');
  });
});
