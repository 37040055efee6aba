// Teams without credentials is closed by default and, when on, trusts nothing a caller says:
// /api/messages is off once Slack is configured without Teams settings; emulator mode answers
// only sockets on loopback (not a serviceUrl a remote caller writes), posts only to a serviceUrl
// that WHATWG URL parses to a loopback host, stores only the few bounded fields a reply needs,
// and refuses malformed activities with 400 and a reason instead of logging TypeErrors.
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { teamsAdapter } from '../../adapters/teams/index.ts';
import { isLoopbackUrl } from '../../adapters/teams/adapter.ts';
import { slackAdapter } from '../../adapters/slack/index.ts';
import { readCoreConfig, type CoreConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startBot, type RunningBot } from '../../src/server/serve.ts';
import { PostError } from '../../src/types.ts';
import {
  captureLogs,
  CHANNEL_ID,
  FACTS_DIR,
  FakeConnector,
  fixture,
  guardNetwork,
  mentionMessage,
  teamsChannel,
  TENANT_ID,
} from '../teams/support.ts';

/** An address of this machine that is not loopback: a request to it arrives from a non-loopback socket. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

const dirs: string[] = [];
function config(): CoreConfig {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-teams-emulator-'));
  dirs.push(dir);
  return { port: 0, factsDir: FACTS_DIR, zone: 'Asia/Seoul', catchupHours: 6, dbPath: join(dir, 'dateline.db'), logLevel: 'silent' };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function post(url: string, activity: unknown): Promise<{ status: number; body: { error?: string } }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as { error?: string }) : {} };
}

describe('secure defaults', () => {
  it('listens on 127.0.0.1 with no credentials at all, on every interface with credentials, and where HOST says', () => {
    expect(readCoreConfig({}).host).toBe('127.0.0.1');
    expect(readCoreConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' }).host).toBe('0.0.0.0');
    expect(readCoreConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'password' }).host).toBe('0.0.0.0');
    expect(readCoreConfig({ HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
  });

  it('turns /api/messages off when Slack is configured and Teams is not', async () => {
    const bot = await startBot({
      config: config(),
      env: { SLACK_BOT_TOKEN: 'xoxb-0000-not-real', SLACK_SIGNING_SECRET: 'not-a-real-secret' },
      adapters: [slackAdapter(), teamsAdapter()],
      logger: createLogger('silent'),
      host: '127.0.0.1',
      scheduler: false,
    });
    try {
      const answer = await post(`http://127.0.0.1:${bot.port}/api/messages`, fixture('emulator-message', 'http://127.0.0.1:9/'));
      expect(answer.status).toBe(404);
      expect(bot.adapters.map((adapter) => adapter.name)).toEqual(['slack']);
    } finally {
      await bot.close();
    }
  });

  it('reads a serviceUrl as WHATWG URL does: only a loopback host is on this machine', () => {
    for (const url of [
      'http://localhost:4100/any/path?q=',
      'http://127.0.0.1:9000/',
      'http://2130706433:4100/',
      'http://0x7f.1:4100/',
      'https://[::1]:4100/',
    ]) {
      expect(isLoopbackUrl(url), url).toBe(true);
    }
    for (const url of [
      'http://192.0.2.10:4100/',
      'http://localhost.attacker.example/',
      'http://127.0.0.1.nip.io/',
      'http://attacker.example/?x=http://127.0.0.1/',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(isLoopbackUrl(url), url).toBe(false);
    }
  });
});

describe('emulator mode', () => {
  let bot: RunningBot;
  let connector: FakeConnector;
  let restoreNetwork: () => void;
  const logs = captureLogs();

  beforeAll(async () => {
    restoreNetwork = guardNetwork();
    // This machine's own external address too: the bot is called there, and never calls out.
    nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host) || host.split(':')[0] === externalAddress);
    connector = new FakeConnector();
    await connector.start();
    // Every interface, so that a request can arrive on a socket that is not loopback.
    bot = await startBot({
      config: config(),
      env: { TEAMS_EMULATOR: '1' },
      adapters: [teamsAdapter()],
      logger: logs.logger,
      host: '0.0.0.0',
      scheduler: false,
    });
  });

  afterAll(async () => {
    await bot?.close();
    await connector?.stop();
    restoreNetwork?.();
  });

  beforeEach(() => connector.clear());

  const local = () => `http://127.0.0.1:${bot.port}/api/messages`;

  it.skipIf(!externalAddress)(
    'refuses a caller whose socket is not on loopback, whatever serviceUrl it names (needs a non-loopback IPv4 interface)',
    async () => {
      for (const serviceUrl of ['http://localhost:4100/any/path?q=', 'http://2130706433:4100/', 'http://0x7f.1:4100/', connector.url]) {
        const answer = await post(`http://${externalAddress}:${bot.port}/api/messages`, mentionMessage(serviceUrl, 'subscribe daily'));
        expect(answer.status, serviceUrl).toBe(403);
        expect(answer.body.error).toContain('this machine');
      }
      expect(connector.requests).toEqual([]);
      expect(await bot.store.getConversation(teamsChannel(CHANNEL_ID))).toBeUndefined();
    },
  );

  it('refuses, even from loopback, a serviceUrl off this machine', async () => {
    for (const serviceUrl of ['http://192.0.2.10:4100/', 'http://localhost.attacker.example/', 'ftp://127.0.0.1/']) {
      const answer = await post(local(), mentionMessage(serviceUrl, 'help'));
      expect([400, 403], serviceUrl).toContain(answer.status);
    }
    expect(await bot.store.getConversation(teamsChannel(CHANNEL_ID))).toBeUndefined();
  });

  it('stores only the bounded fields a reply needs, however big the conversation object sent', async () => {
    const activity = mentionMessage(connector.url, 'help');
    const padded = {
      ...activity,
      conversation: { ...activity.conversation, padding: 'x'.repeat(900_000) },
      channelData: { tenant: { id: 't' }, junk: 'y'.repeat(50_000) },
    };
    expect((await post(local(), padded)).status).toBe(200);
    const stored = await bot.store.getConversation(teamsChannel(CHANNEL_ID));
    expect(stored).toBeDefined();
    const reference = stored!.reference as Record<string, unknown>;
    expect(Object.keys(reference).sort()).toEqual(['bot', 'channelId', 'conversation', 'serviceUrl']);
    expect(JSON.stringify(reference).length).toBeLessThan(1_000);
    expect(reference.conversation).toEqual({ id: CHANNEL_ID, isGroup: true, conversationType: 'channel', tenantId: TENANT_ID });

    const tooLong = { ...activity, conversation: { ...activity.conversation, id: `19:${'a'.repeat(5_000)}@thread.tacv2` } };
    const refused = await post(local(), tooLong);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('conversation.id');
  });

  it('never posts a digest to a stored serviceUrl off this machine', async () => {
    const channel = teamsChannel('19:stored-elsewhere@thread.tacv2');
    await bot.store.saveConversation(
      channel,
      { channelId: 'msteams', serviceUrl: 'http://192.0.2.10:4100/', conversation: { id: channel.channel }, bot: { id: 'b' } },
      new Date(),
      channel.channel,
    );
    const poster = bot.adapters[0]!.poster!;
    const briefing = await bot.dateline.ask('help', { now: new Date() });
    const failure = await poster
      .post(channel, briefing, { subscriptionId: 's', occurrence: 'o', key: 's@o' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PostError);
    expect((failure as PostError).kind).toBe('channel');
    expect(connector.requests).toEqual([]);
  });

  describe('malformed activities get 400 with the field at fault, never a TypeError', () => {
    const base = () => mentionMessage(connector.url, 'help');
    const CASES: [string, () => unknown, string][] = [
      ['no conversation', () => ({ ...base(), conversation: undefined }), 'conversation'],
      ['a numeric conversation id', () => ({ ...base(), conversation: { id: 42 } }), 'conversation.id'],
      [
        'membersAdded as a string',
        () => ({ ...fixture('conversation-update-bot-added', connector.url), membersAdded: 'bot1' }),
        'membersAdded',
      ],
      [
        'membersAdded: [null]',
        () => ({ ...fixture('conversation-update-bot-added', connector.url), membersAdded: [null] }),
        'membersAdded.0',
      ],
      ['no channelId', () => ({ ...base(), channelId: undefined }), 'channelId'],
      ['no recipient', () => ({ ...base(), recipient: undefined }), 'recipient'],
      ['entities that are not objects', () => ({ ...base(), entities: ['mention'] }), 'entities.0'],
      ['a serviceUrl that is not a URL', () => ({ ...base(), serviceUrl: 'http://[' }), 'serviceUrl'],
      ['an array', () => [base()], 'activity'],
    ];

    it.each(CASES)('%s', async (_name, activity, field) => {
      const before = logs.text().length;
      const answer = await post(local(), activity());
      expect(answer.status).toBe(400);
      expect(answer.body.error).toContain(field === 'activity' ? 'not an activity' : `${field}:`);
      const written = logs.text().slice(before);
      expect(written).not.toContain('TypeError');
      expect(written).not.toMatch(/"level":"(error|fatal)"/);
      expect(connector.requests).toEqual([]);
    });
  });
});
