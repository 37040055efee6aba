// Token rotation, through the wire: the stand-in oauth.v2.access issues tokens that expire
// (refresh_token, expires_in) and its chat.postMessage answers token_expired to any token but the
// live one. Digests are posted with a token refreshed first (grant_type=refresh_token), as Bolt's
// InstallProvider.authorize does; and token_expired never ends the installation.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeReply } from './support/fake-slack.ts';
import { dueIn, install, type Issued, OAUTH_ENV, standInOAuth } from './support/oauth.ts';
import { startSlackBot, type SlackBot } from './support/slack-bot.ts';

const TEAM = 'T000ROTATE';
const CHANNEL = 'C000ROTAT1';

let slack: SlackBot;
let issued: Issued;
/** Posts the stand-in refuses as token_expired even with the live token (Slack's clock ahead of ours). */
let expiredAnyway = 0;

beforeAll(async () => {
  slack = await startSlackBot(OAUTH_ENV, {
    prepare: (fake) => {
      // An hour to live: within the two hours before expiry in which authorize refreshes.
      issued = standInOAuth(fake, { team: TEAM, botUser: 'U0000BOTR', expiresIn: 3_600 });
      fake.on('chat.postMessage', (body, call, headers): FakeReply => {
        if (headers.authorization !== `Bearer ${issued.accessTokens.at(-1)}`) return { body: { ok: false, error: 'token_expired' } };
        if (expiredAnyway > 0 && expiredAnyway--) return { body: { ok: false, error: 'token_expired' } };
        return { body: { ok: true, channel: body.channel, ts: `1717225300.${String(call).padStart(6, '0')}` } };
      });
    },
  });
  const base = `http://127.0.0.1:${slack.bot.port}`;
  await install(base, TEAM);
  const { status, id } = await slack.command('subscribe daily 09:00 Asia/Seoul', { fields: { team_id: TEAM, channel_id: CHANNEL } });
  expect(status).toBe(200);
  expect((await slack.reply(id)).response_type).toBe('in_channel');
  // Starting a bot and installing it: seconds on a loaded machine.
}, 30_000);
afterAll(async () => {
  await slack?.close();
});

const refreshes = () => slack.fake.api('oauth.v2.access').filter((call) => call.body.grant_type === 'refresh_token');

it('refreshes a token about to expire before posting a digest, and posts with the new one', async () => {
  const before = refreshes().length;
  const report = await slack.bot.scheduler.runPass(dueIn(1));
  expect(report.delivered).toBe(1);
  expect(refreshes().length).toBeGreaterThan(before);
  expect(refreshes().at(-1)?.body.refresh_token).toBe(issued.refreshTokens.at(-2));
  const [post] = slack.fake.api('chat.postMessage').slice(-1);
  expect(post?.headers.authorization).toBe(`Bearer ${issued.accessTokens.at(-1)}`);
  expect(await slack.bot.store.findInstallation('slack', TEAM)).toMatchObject({ state: 'active', hasSecret: true });
});

it('keeps the installation and its tokens when Slack answers token_expired, and delivers on the retry', async () => {
  expiredAnyway = 1;
  const posts = slack.fake.api('chat.postMessage').length;
  const report = await slack.bot.scheduler.runPass(dueIn(2));
  expect(slack.fake.api('chat.postMessage').length - posts).toBe(2);
  expect(report).toMatchObject({ delivered: 1, paused: 0, skipped: 0 });
  expect(await slack.bot.store.findInstallation('slack', TEAM)).toMatchObject({ state: 'active', hasSecret: true });
  const [subscription] = await slack.bot.store.subscriptionsOf({ platform: 'slack', workspace: TEAM, channel: CHANNEL });
  expect(subscription?.paused).toBeUndefined();
  expect(slack.fake.api('chat.postMessage').at(-1)?.headers.authorization).toBe(`Bearer ${issued.accessTokens.at(-1)}`);
}, 15_000);
