// Turning Slack on: no variables means off with one log line naming them; half a configuration
// stops start-up with what is missing and where to find it; a full one gives HTTP or Socket Mode.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/adapter.ts';
import { slackAdapter } from '../../adapters/slack/index.ts';
import { ConfigError } from '../../src/config.ts';
import { Dateline } from '../../src/dateline.ts';
import { openCatalog } from '../../src/facts/open.ts';
import { Installations } from '../../src/installations/installations.ts';
import { SecretBox } from '../../src/installations/secret-box.ts';
import { createLogger } from '../../src/logger.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { startBot } from '../../src/server/serve.ts';
import { Webhooks } from '../../src/webhooks/webhooks.ts';
import type { Adapter, AdapterContext } from '../../src/adapter.ts';
import { FACTS_DIR } from './support/slack-bot.ts';

const BOT_TOKEN = 'xoxb-1-config-test';
const SIGNING_SECRET = 'config0test0signing0secret';
const APP_TOKEN = 'xapp-1-config-test';
const dir = mkdtempSync(join(tmpdir(), 'dateline-slack-config-'));
const config = { port: 0, factsDir: FACTS_DIR, zone: 'Asia/Seoul', catchupHours: 6, dbPath: join(dir, 'dateline.db'), logLevel: 'info' };
const dateline = new Dateline(openCatalog(FACTS_DIR), 'Asia/Seoul');
const store = await SqliteStore.open(':memory:');
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function context(env: NodeJS.ProcessEnv): { context: AdapterContext; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const replays = { firstSeen: async () => true };
  return {
    context: {
      dateline,
      config,
      env,
      logger: createLogger('info', sink),
      installations: new Installations(store, SecretBox.fromEnv(env)),
      replays,
      webhooks: new Webhooks(store, SecretBox.fromEnv(env)),
      clock: () => new Date(),
    },
    lines,
  };
}

async function build(env: NodeJS.ProcessEnv): Promise<Adapter | undefined> {
  return createSlackAdapter(context(env).context);
}

async function refusal(env: NodeJS.ProcessEnv): Promise<string> {
  const error = await Promise.resolve()
    .then(() => build(env))
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as ConfigError).message;
  for (const secret of [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN]) expect(message).not.toContain(secret);
  return message;
}

describe('createSlackAdapter', () => {
  it('is off without Slack variables, saying in one log line which variables turn it on', async () => {
    const { context: bare, lines } = context({});
    expect(await createSlackAdapter(bare)).toBeUndefined();
    expect(lines).toHaveLength(1);
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']) expect(lines[0]).toContain(name);
  });

  it('refuses a bot token without its signing secret, saying where to find it', async () => {
    expect(await refusal({ SLACK_BOT_TOKEN: BOT_TOKEN })).toMatch(
      /^SLACK_SIGNING_SECRET is not set: copy it from Basic Information in your Slack app settings/,
    );
  });

  it('refuses a signing secret without its bot token, saying where to find it', async () => {
    expect(await refusal({ SLACK_SIGNING_SECRET: SIGNING_SECRET })).toMatch(/^SLACK_BOT_TOKEN is not set: .*OAuth & Permissions/);
  });

  it('refuses Socket Mode without a bot token, or with a token that is not an app-level one', async () => {
    expect(await refusal({ SLACK_APP_TOKEN: APP_TOKEN })).toMatch(/^SLACK_BOT_TOKEN is not set: Socket Mode/);
    expect(await refusal({ SLACK_APP_TOKEN: BOT_TOKEN, SLACK_BOT_TOKEN: BOT_TOKEN })).toMatch(/App-Level Tokens/);
  });

  it('refuses a slash command name or an API URL Slack could not use', async () => {
    const http = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET };
    expect(await refusal({ ...http, SLACK_COMMAND: 'dateline' })).toMatch(/^SLACK_COMMAND=dateline is not a slash command/);
    expect(await refusal({ ...http, SLACK_API_URL: 'slack.com/api' })).toMatch(/^SLACK_API_URL=slack.com\/api is not a URL/);
  });

  it('mounts POST /slack/events in HTTP mode, with a poster for the scheduler', async () => {
    const adapter = await build({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_COMMAND: '/briefing' });
    expect(adapter?.name).toBe('slack');
    expect(adapter?.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['POST /slack/events']);
    expect(adapter?.poster?.platform).toBe('slack');
    expect(adapter?.health()).toEqual({ mode: 'http', command: '/briefing', auth: 'bot token', answers_owed: 0 });
    expect(adapter?.start).toBeUndefined();
  });

  it('uses Socket Mode when SLACK_APP_TOKEN is set, with no route on the HTTP server', async () => {
    const adapter = await build({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(adapter?.routes).toEqual([]);
    expect(adapter?.health()).toEqual({ mode: 'socket', command: '/dateline', auth: 'bot token', answers_owed: 0 });
    expect(adapter?.start).toBeTypeOf('function');
  });

  it('refuses half an OAuth configuration, or OAuth beside a bot token, naming what to set', async () => {
    const oauth = {
      SLACK_CLIENT_ID: '1.2',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
    };
    expect(await refusal({ ...oauth, SLACK_STATE_SECRET: '' })).toMatch(/^SLACK_STATE_SECRET not set: OAuth needs/);
    expect(await refusal({ ...oauth, SLACK_CLIENT_ID: '', SLACK_CLIENT_SECRET: '' })).toMatch(
      /^SLACK_CLIENT_ID and SLACK_CLIENT_SECRET not set/,
    );
    expect(await refusal({ ...oauth, SLACK_BOT_TOKEN: BOT_TOKEN })).toMatch(/^SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set/);
  });

  it('serves the install pages on our HTTP server with OAuth, in HTTP mode and in Socket Mode', async () => {
    const oauth = {
      SLACK_CLIENT_ID: '1.2',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret',
      DATELINE_SECRET_KEY: 'config-test-key-0123456789-abcdefghij',
    };
    const http = await build({ ...oauth, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(http?.routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'POST /slack/events',
      'GET /slack/install',
      'GET /slack/oauth_redirect',
    ]);
    expect(http?.health()).toMatchObject({ mode: 'http', auth: 'oauth', install_path: '/slack/install' });
    const socket = await build({ ...oauth, SLACK_APP_TOKEN: APP_TOKEN });
    expect(socket?.routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /slack/install', 'GET /slack/oauth_redirect']);
    expect(socket?.health()).toMatchObject({ mode: 'socket', auth: 'oauth' });
  });

  it('stops `dateline serve` from starting on half a configuration', async () => {
    const started = startBot({
      config,
      env: { SLACK_BOT_TOKEN: BOT_TOKEN },
      adapters: [slackAdapter()],
      logger: createLogger('silent'),
      host: '127.0.0.1',
    });
    await expect(started).rejects.toThrow(/SLACK_SIGNING_SECRET is not set/);
  });
});
