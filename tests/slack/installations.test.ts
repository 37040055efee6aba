// Slack over OAuth, through the wire: the bot serves /slack/install and /slack/oauth_redirect on
// its one HTTP server; a local stand-in for Slack's oauth.v2.access hands out one token per
// workspace, and its chat.postMessage refuses any post made with another workspace's token.
// Then the lifecycle: app_uninstalled stops a workspace's digests at once, a token Slack refuses
// mid-fan-out ends the install without pausing anything, tokens_revoked does the same, and
// re-installing brings the subscriptions back (a paused one stays paused).
import { randomUUID } from 'node:crypto';
import { ClearStateStore } from '@slack/oauth';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adapters } from '../../adapters/index.ts';
import { runCli } from '../../src/cli/main.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';
import type { FakeReply } from './support/fake-slack.ts';
import { installAnswer } from './support/oauth.ts';
import { nowSeconds, signSlackRequest } from './support/signing.ts';
import { FACTS_DIR, SIGNING_SECRET, startSlackBot, type SlackBot } from './support/slack-bot.ts';

const CLIENT_ID = '1111.2222';
const CLIENT_SECRET = 'oauth0test0client0secret';
const STATE_SECRET = 'oauth0test0state0secret';
const STATE_COOKIE = 'slack-app-oauth-state';

/** The stand-in's workspaces: the channels in each, and the token its install hands out. */
const TEAMS = {
  T0000000A: { channels: ['C00000A01', 'C00000A02'], token: 'xoxb-team-a-not-a-real-token', botUser: 'U0000BOTA' },
  T0000000B: { channels: ['C00000B01', 'C00000B02'], token: 'xoxb-team-b-not-a-real-token', botUser: 'U0000BOTB' },
} as const;
type TeamId = keyof typeof TEAMS;

const teamOfChannel = (channel: unknown) =>
  (Object.keys(TEAMS) as TeamId[]).find((team) => (TEAMS[team].channels as readonly string[]).includes(String(channel)));

let slack: SlackBot;
let base: string;
/** Teams whose token the stand-in treats as revoked. */
const revoked = new Set<TeamId>();
/** Tokens the stand-in has issued and not revoked, per team. */
const issued = new Map<TeamId, string>();

function standIn(fake: SlackBot['fake']): void {
  fake.on('oauth.v2.access', (body): FakeReply => {
    const team = String(body.code).replace(/^code-/, '') as TeamId;
    if (body.client_id !== CLIENT_ID || body.client_secret !== CLIENT_SECRET || !(team in TEAMS))
      return { body: { ok: false, error: 'invalid_code' } };
    issued.set(team, TEAMS[team].token);
    revoked.delete(team);
    return { body: { ...installAnswer({ botUser: TEAMS[team].botUser, team }), access_token: TEAMS[team].token } };
  });
  fake.on('auth.test', () => ({ body: { ok: true, bot_id: 'B0000DATE', url: 'https://example.slack.com/' } }));
  fake.on('chat.postMessage', (body, call, headers): FakeReply => {
    const team = teamOfChannel(body.channel);
    if (!team) return { body: { ok: false, error: 'channel_not_found' } };
    if (revoked.has(team)) return { body: { ok: false, error: 'token_revoked' } };
    if (headers.authorization !== `Bearer ${issued.get(team)}`) return { body: { ok: false, error: 'invalid_auth' } };
    return { body: { ok: true, channel: body.channel, ts: `1717225300.${String(call).padStart(6, '0')}` } };
  });
}

/** The "Add to Slack" page, and the state Bolt set in the installer's browser. */
async function startInstall(at = base): Promise<{ page: string; state: string }> {
  const response = await fetch(`${at}/slack/install`);
  expect(response.status).toBe(200);
  const state = new RegExp(`${STATE_COOKIE}=([^;]+)`).exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!state) throw new Error('no state cookie on the install page');
  return { page: await response.text(), state };
}

function redirect(code: string, state: string, cookie = state, at = base): Promise<Response> {
  return fetch(`${at}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, {
    headers: { cookie: `${STATE_COOKIE}=${cookie}` },
  });
}

async function install(team: TeamId, at = base): Promise<void> {
  const { state } = await startInstall(at);
  const response = await redirect(`code-${team}`, state, state, at);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('Dateline is installed');
}

/** An Events API callback, signed, as Slack sends it to the request URL. */
async function sendEvent(team: TeamId, event: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify({
    token: 'unused',
    team_id: team,
    api_app_id: 'A0000DATE',
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
    event_time: nowSeconds(),
    event,
    authorizations: [{ enterprise_id: null, team_id: team, user_id: TEAMS[team].botUser, is_bot: true, is_enterprise_install: false }],
  });
  const timestamp = nowSeconds();
  const response = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body),
    },
    body,
  });
  return response.status;
}

async function subscribe(team: TeamId, channel: string): Promise<void> {
  const { status, id } = await slack.command('subscribe daily 09:00 Asia/Seoul', { fields: { team_id: team, channel_id: channel } });
  expect(status).toBe(200);
  expect((await slack.reply(id)).response_type).toBe('in_channel');
}

/** 09:00 in Seoul (00:00 UTC) `days` days from now, a minute late. */
function dueIn(days: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 0, 1));
}

/** The channels a pass posted to, counting from `from` in the stand-in's record. */
const postedChannels = (from: number) =>
  slack.fake
    .api('chat.postMessage')
    .slice(from)
    .map((call) => String(call.body.channel))
    .sort();

/** Log lines at warn or above (pino: 40 and up). */
const warnings = () => slack.logs().filter((line) => ['warn', 'error', 'fatal'].includes((JSON.parse(line) as { level: string }).level));

const OAUTH_ENV = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: CLIENT_ID,
  SLACK_CLIENT_SECRET: CLIENT_SECRET,
  SLACK_STATE_SECRET: STATE_SECRET,
  DATELINE_SECRET_KEY: 'test-only-key-0123456789-abcdefghijklmnop',
};

beforeAll(async () => {
  slack = await startSlackBot(OAUTH_ENV, { prepare: standIn });
  base = `http://127.0.0.1:${slack.bot.port}`;
});
afterAll(async () => {
  await slack?.close();
});

describe('Slack OAuth for several workspaces', () => {
  it('serves an "Add to Slack" page asking for the scopes, and installs a workspace through oauth.v2.access', async () => {
    const { page } = await startInstall();
    expect(page).toContain('slack.com/oauth/v2/authorize');
    expect(page).toContain(`client_id=${CLIENT_ID}`);
    expect(page).toMatch(/scope=commands(%2C|,)chat(%3A|:)write/);
    await install('T0000000A');
    const exchanges = slack.fake.api('oauth.v2.access');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.body).toMatchObject({ code: 'code-T0000000A', client_id: CLIENT_ID });

    const installation = await slack.bot.store.findInstallation('slack', 'T0000000A');
    expect(installation).toMatchObject({
      state: 'active',
      botUserId: 'U0000BOTA',
      installedBy: 'U000INSTL',
      scopes: ['commands', 'chat:write'],
      hasSecret: true,
    });
    const sealed = await slack.bot.store.sealedSecretOf('slack', 'T0000000A');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(TEAMS.T0000000A.token);
    expect(slack.logs().join('\n')).not.toContain(TEAMS.T0000000A.token);
  });

  it('refuses a reused state, a forged one and one not from this browser, without asking Slack for a token', async () => {
    const { state } = await startInstall();
    expect((await redirect('code-T0000000A', state)).status).toBe(200);
    const exchanges = slack.fake.api('oauth.v2.access').length;
    expect((await redirect('code-T0000000A', state)).status).toBe(400);
    const forged = await new ClearStateStore('not-the-state-secret').generateStateParam({ scopes: ['commands'] }, new Date());
    expect((await redirect('code-T0000000A', forged)).status).toBe(400);
    const fresh = await startInstall();
    expect((await redirect('code-T0000000A', fresh.state, 'another-browser')).status).toBe(400);
    expect(slack.fake.api('oauth.v2.access')).toHaveLength(exchanges);
  });

  it("posts each workspace's digests with that workspace's own token", async () => {
    await install('T0000000B');
    for (const team of Object.keys(TEAMS) as TeamId[]) for (const channel of TEAMS[team].channels) await subscribe(team, channel);
    const from = slack.fake.api('chat.postMessage').length;
    expect((await slack.bot.scheduler.runPass(dueIn(1))).delivered).toBe(4);
    const posts = slack.fake.api('chat.postMessage').slice(from);
    for (const post of posts) expect(post.headers.authorization).toBe(`Bearer ${TEAMS[teamOfChannel(post.body.channel)!].token}`);
  });

  it('posts nothing more to a workspace that uninstalled Dateline, deletes its token and warns about nothing', async () => {
    // A channel paused on its own (say, the bot was removed from it) before the uninstall.
    const [paused] = await slack.bot.store.subscriptionsOf({ platform: 'slack', workspace: 'T0000000A', channel: 'C00000A02' });
    await slack.bot.store.pauseSubscription(paused!.id, 'not_in_channel', new Date());
    const warned = warnings().length;
    expect(await sendEvent('T0000000A', { type: 'app_uninstalled' })).toBe(200);
    expect(await slack.bot.store.findInstallation('slack', 'T0000000A')).toMatchObject({ state: 'uninstalled', hasSecret: false });
    expect(await slack.bot.store.sealedSecretOf('slack', 'T0000000A')).toBeUndefined();

    const from = slack.fake.api('chat.postMessage').length;
    await slack.bot.scheduler.runPass(dueIn(2));
    expect(postedChannels(from)).toEqual(TEAMS.T0000000B.channels.slice().sort());
    expect(warnings()).toHaveLength(warned);
  });

  it('ends an install whose token Slack refuses mid-fan-out: the rest of it is skipped, nothing paused or warned', async () => {
    revoked.add('T0000000B');
    const warned = warnings().length;
    const report = await slack.bot.scheduler.runPass(dueIn(3));
    expect(report).toMatchObject({ delivered: 0, paused: 0 });
    expect(await slack.bot.store.findInstallation('slack', 'T0000000B')).toMatchObject({
      state: 'revoked',
      stateReason: expect.stringContaining('token_revoked'),
      hasSecret: false,
    });
    const subscriptions = await slack.bot.store.subscriptionsOf({ platform: 'slack', workspace: 'T0000000B', channel: 'C00000B01' });
    expect(subscriptions.every((subscription) => subscription.paused === undefined)).toBe(true);
    expect(warnings()).toHaveLength(warned);

    const from = slack.fake.api('chat.postMessage').length;
    await slack.bot.scheduler.runPass(dueIn(4));
    expect(postedChannels(from)).toEqual([]);
  });

  it('brings back the subscriptions of a workspace that installs again; one paused before stays paused', async () => {
    await install('T0000000A');
    await install('T0000000B');
    const from = slack.fake.api('chat.postMessage').length;
    expect((await slack.bot.scheduler.runPass(dueIn(5))).delivered).toBe(3);
    expect(postedChannels(from)).toEqual(['C00000A01', 'C00000B01', 'C00000B02']);
  });

  it('ends an install on tokens_revoked for its bot token', async () => {
    expect(await sendEvent('T0000000B', { type: 'tokens_revoked', tokens: { oauth: [], bot: [TEAMS.T0000000B.botUser] } })).toBe(200);
    expect(await slack.bot.store.findInstallation('slack', 'T0000000B')).toMatchObject({ state: 'revoked', hasSecret: false });
    const from = slack.fake.api('chat.postMessage').length;
    await slack.bot.scheduler.runPass(dueIn(6));
    expect(postedChannels(from)).toEqual(['C00000A01']);
  });

  it('answers a slash command in each installed workspace with that workspace as its channel', async () => {
    const { id } = await slack.command('subscriptions', { fields: { team_id: 'T0000000A', channel_id: 'C00000A01' } });
    expect(JSON.stringify(await slack.reply(id))).toContain('daily');
  });
});

describe('what an operator sees', () => {
  it('counts installations per platform and state in /healthz', async () => {
    const body = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
    expect(body.installations).toEqual({ slack: { active: 1, revoked: 1 } });
  });

  /** Runs `dateline installs …` against the bot's database; returns the exit code and what it printed. */
  async function installs(...args: string[]): Promise<{ code: number; printed: string }> {
    vi.stubEnv('FACTS_DIR', FACTS_DIR);
    vi.stubEnv('DATELINE_DB', slack.bot.config.dbPath);
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += String(chunk)));
    try {
      return { code: await runCli(['installs', ...args], adapters, out), printed };
    } finally {
      vi.unstubAllEnvs();
    }
  }

  it('lists and shows installations without their tokens, and forgets one with its subscriptions', async () => {
    const listed = await installs('list');
    expect(listed.code).toBe(0);
    const lines = listed.printed.trim().split('\n');
    expect(lines).toHaveLength(2);
    const revokedLine = lines.find((line) => line.includes('T0000000B'));
    expect(revokedLine).toContain('revoked');
    const id = revokedLine!.split('  ')[0]!;

    const shown = await installs('show', id);
    expect(shown.printed).toContain('tokens:       none stored');
    expect(shown.printed).toContain('bot user:     U0000BOTB');
    const active = await slack.bot.store.findInstallation('slack', 'T0000000A');
    const shownActive = await installs('show', active!.id);
    expect(shownActive.printed).toContain('tokens:       stored, encrypted');
    expect(shownActive.printed).not.toContain('xoxb-');

    expect((await installs('forget', id)).code).toBe(0);
    expect(await slack.bot.store.findInstallation('slack', 'T0000000B')).toBeUndefined();
    for (const channel of TEAMS.T0000000B.channels)
      expect(await slack.bot.store.subscriptionsOf({ platform: 'slack', workspace: 'T0000000B', channel })).toEqual([]);
    expect(await slack.bot.store.subscriptionsOf({ platform: 'slack', workspace: 'T0000000A', channel: 'C00000A01' })).toHaveLength(1);
    await expect(installs('forget', id)).rejects.toThrow(/No installation has the id/);
  });
});

describeEachStore(
  'two instances sharing installations',
  (kind) => {
    let db: TestDatabase;
    const bots: SlackBot[] = [];
    afterEach(async () => {
      await Promise.all(bots.splice(0).map((bot) => bot.close()));
      await db?.dispose();
    });

    it('answers and posts on one instance for a workspace installed through the other, and refuses a state used on the other', async () => {
      db = await kind.create();
      const [one, two] = await Promise.all([0, 1].map(() => startSlackBot({ ...OAUTH_ENV, ...db.env }, { prepare: standIn })));
      bots.push(one!, two!);
      const [atOne, atTwo] = [one!, two!].map((bot) => `http://127.0.0.1:${bot.bot.port}`);
      const { state } = await startInstall(atOne);
      expect((await redirect('code-T0000000A', state, state, atOne)).status).toBe(200);
      expect((await redirect('code-T0000000A', state, state, atTwo)).status).toBe(400);

      const { id } = await two!.command('subscribe daily 09:00 Asia/Seoul', { fields: { team_id: 'T0000000A', channel_id: 'C00000A01' } });
      expect((await two!.reply(id)).response_type).toBe('in_channel');
      expect((await two!.bot.scheduler.runPass(dueIn(1))).delivered).toBe(1);
      expect(two!.fake.api('chat.postMessage')[0]?.headers.authorization).toBe(`Bearer ${TEAMS.T0000000A.token}`);
    });
  },
  ['postgres'],
);
